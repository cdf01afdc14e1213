//! A mobile change of another branch's member is held for head office (issue 13); head
//! office's manager approves or rejects it with `vafa-hq conflicts approve|reject ID`, and
//! the decision reaches every till by pull.

use crate::common;
use crate::trust::{BITA, World, canonical, sync};

use common::hq::backends;
use serde_json::json;

const NEW: &str = "09129999999";

#[test]
fn a_held_mobile_change_approved_reaches_every_till_and_a_rejected_one_changes_nothing() {
    for backend in backends() {
        let w = World::new(backend);
        let bita_row = |mobile: &str| {
            json!({
                "id": w.bita, "first_name": "Bita", "last_name": "Tester", "mobile": canonical(mobile),
                "fields": "{}", "branch": "B", "created_at": common::NOW,
                "updated_at": "2026-11-22T10:01:00+03:30",
            })
        };
        let held = |mobile: &str| -> i64 {
            let got = w.push(&[("member", &w.bita, bita_row(mobile))]);
            assert_eq!(got, [Some("held_for_head_office".into())], "{backend}");
            let list = w.hq.json(&["conflicts"]);
            list.as_array()
                .expect("conflicts")
                .iter()
                .find(|c| c["kind"] == "mobile_change" && c["key"] == canonical(mobile).as_str())
                .and_then(|c| c["id"].as_i64())
                .unwrap_or_else(|| panic!("{backend}: not held: {list}"))
        };
        // Rejected: nothing changes anywhere, and the conflict is closed.
        let id = held("09128888888");
        let done = w.hq.json(&["conflicts", "reject", &id.to_string()]);
        assert_eq!(done["approved"], false, "{done}");
        assert_eq!(done["mobile"], canonical(BITA).as_str());
        for s in [&w.a, &w.b] {
            sync(s);
            assert_eq!(
                s.json(&["member", "show", "--mobile", BITA])["id"],
                w.bita.as_str(),
                "{backend}"
            );
        }
        // Approved: head office and both tills find Bita under the new mobile only.
        let id = held(NEW);
        let text = w.hq.cli(&["conflicts", "approve", &id.to_string()]);
        assert!(text.contains("approved"), "{text}");
        assert_eq!(
            w.hq.json(&["member", "show", "--mobile", NEW])["id"],
            w.bita.as_str(),
            "{backend}"
        );
        for s in [&w.a, &w.b] {
            sync(s);
            let m = s.json(&["member", "show", "--mobile", NEW]);
            assert_eq!(m["id"], w.bita.as_str(), "{backend}: {m}");
            assert_eq!(m["balance"]["credit"], 200_000, "{backend}: {m}");
            s.fails(&["member", "show", "--mobile", BITA]);
        }
        assert_eq!(w.hq.json(&["conflicts"]), json!([]), "{backend}");
        // Decided once: a second decision, or an unknown id, is refused.
        let out =
            w.hq.run(&["--json", "conflicts", "approve", &id.to_string()]);
        assert!(!out.status.success());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["error"]["code"], "unknown_conflict", "{v}");
    }
}
