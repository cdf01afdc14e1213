//! Head office trusts no till (issue 13): what one branch's stolen token pushes is checked
//! against head office's own state, against a real `vafa-hq` on 127.0.0.1 (SQLite, and
//! PostgreSQL when `VAFA_TEST_PG` is set), with real tills at two branches. Each attack is
//! refused with its code, and every member's balance at head office and on every till is
//! what it was; the tills' pulls go on.

use crate::common;

use common::Shop;
use common::hq::{Hq, backends};
use serde_json::{Value, json};

pub(crate) const ALI: &str = "09120000001";
pub(crate) const BITA: &str = "09120000002";
const HUGE: i64 = i64::MAX;

/// Head office, a till at A (whose token the attacker holds) and one at B, each with a
/// member who has credit: Ali at A (500,000), Bita at B (200,000).
pub(crate) struct World {
    pub(crate) hq: Hq,
    pub(crate) a: Shop,
    pub(crate) b: Shop,
    pub(crate) token: String,
    pub(crate) a_terminal: String,
    pub(crate) ali: String,
    pub(crate) bita: String,
    /// Bita's lot (her cashback at B) and the sale that earned it.
    bita_lot: String,
    bita_sale: String,
    seq: std::cell::Cell<i64>,
}

pub(crate) fn till(hq: &Hq, branch: &str) -> (Shop, String, String) {
    let s = Shop::at_branch(branch, "en");
    let (id, token) = hq.terminal(branch);
    s.ok(&["hq", "connect", "--url", &hq.url, "--token", &token]);
    (s, id, token)
}

pub(crate) fn sync(s: &Shop) {
    s.json(&["sync", "--once"]);
}

impl World {
    pub(crate) fn new(backend: &'static str) -> World {
        let hq = Hq::start(backend);
        let (a, a_terminal, token) = till(&hq, "A");
        let (b, _, _) = till(&hq, "B");
        let ali = a.enrol("Ali", ALI, Some("K1"));
        let bita = b.enrol("Bita", BITA, Some("K2"));
        a.json(&["sale", "--mobile", ALI, "--amount", "10000000"]);
        let bita_sale = b.json(&["sale", "--mobile", BITA, "--amount", "4000000"])["sale_id"]
            .as_str()
            .expect("sale id")
            .to_string();
        for s in [&a, &b, &a, &b] {
            sync(s);
        }
        let bita_lot: String = rusqlite::Connection::open(b.dir.path().join("vafa.db"))
            .expect("open")
            .query_row(
                "SELECT id FROM ledger WHERE member_id = ?1 AND kind = 'earn' AND account = 'credit'",
                [&bita],
                |r| r.get(0),
            )
            .expect("Bita's lot");
        World {
            hq,
            a,
            b,
            token,
            a_terminal,
            ali,
            bita,
            bita_lot,
            bita_sale,
            seq: std::cell::Cell::new(1_000_000),
        }
    }

    /// Every member's balance and mobile at head office and on both tills.
    pub(crate) fn balances(&self) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        for m in [ALI, BITA] {
            let at_hq = self.hq.json(&["member", "show", "--mobile", m]);
            out.push((
                format!("hq {m}"),
                json!([
                    at_hq["id"],
                    at_hq["balance"],
                    at_hq["overdraft"],
                    at_hq["cards"]
                ]),
            ));
            for (name, s) in [("A", &self.a), ("B", &self.b)] {
                let v = s.json(&["member", "show", "--mobile", m]);
                out.push((format!("{name} {m}"), json!([v["id"], v["balance"]])));
            }
        }
        let settlement = self.hq.json(&[
            "report",
            "settlement",
            "--from",
            "2026-01-01",
            "--to",
            "2027-12-31",
        ]);
        out.push(("settlement".into(), settlement["owes"].clone()));
        out
    }

    /// Pushes `records` (kind, record_id, payload) with A's token; returns the codes of the
    /// refusals by position (None: acknowledged).
    pub(crate) fn push(&self, records: &[(&str, &str, Value)]) -> Vec<Option<String>> {
        let first = self.seq.get();
        let body = json!({
            "protocol": 1,
            "records": records.iter().enumerate().map(|(i, (kind, id, payload))| json!({
                "seq": first + i as i64,
                "kind": kind,
                "record_id": id,
                "payload": payload,
                "created_at": common::NOW,
            })).collect::<Vec<_>>(),
        });
        self.seq.set(first + records.len() as i64);
        let (status, resp) = self
            .hq
            .http("POST", "/v1/push", &self.token, Some(&body.to_string()));
        assert_eq!(status, 200, "{resp}");
        (0..records.len() as i64)
            .map(|i| {
                let seq = first + i;
                if resp["acked"]
                    .as_array()
                    .expect("acked")
                    .contains(&json!(seq))
                {
                    None
                } else {
                    resp["rejected"]
                        .as_array()
                        .expect("rejected")
                        .iter()
                        .find(|r| r["seq"] == seq)
                        .map(|r| r["code"].as_str().expect("code").to_string())
                }
            })
            .collect()
    }

    /// Each record pushed on its own is refused with its code; afterwards (and after both
    /// tills sync) every balance is what it was.
    pub(crate) fn refused(&self, backend: &str, attacks: &[(&str, &str, Value, &str)]) {
        let before = self.balances();
        for (kind, id, payload, code) in attacks {
            let got = self.push(&[(kind, id, payload.clone())]);
            assert_eq!(got, [Some(code.to_string())], "{backend}: {kind} {payload}");
        }
        for s in [&self.a, &self.b] {
            sync(s);
        }
        assert_eq!(self.balances(), before, "{backend}");
    }
}

pub(crate) fn entry(id: &str, member: &str, amount: i64, kind: &str, lot: Option<&str>) -> Value {
    json!({
        "id": id, "member_id": member, "account": "credit", "amount": amount, "kind": kind,
        "lot_id": lot, "at": common::NOW, "branch": "A", "note": null,
    })
}

/// A mobile as tills write it.
pub(crate) fn canonical(mobile: &str) -> String {
    format!("+98{}", mobile.trim_start_matches('0'))
}

pub(crate) fn with(mut v: Value, key: &str, value: Value) -> Value {
    v[key] = value;
    v
}

/// A sale at A of `member` (gross, credit_redeemed, credit_earned) with `entries`.
fn sale(id: &str, member: &str, amounts: (i64, i64, i64), entries: Vec<Value>) -> Value {
    let (gross, redeemed, earned) = amounts;
    json!({
        "sale": {
            "id": id, "member_id": member, "card_number": null, "branch": "A",
            "at": common::NOW, "at_utc": "2026-11-22T06:30:00+00:00", "gross": gross,
            "discount": 0, "credit_redeemed": redeemed, "paid": gross - redeemed,
            "credit_earned": earned, "points_earned": 0, "tier": null, "offers": "",
            "created_at": common::NOW,
        },
        "entries": entries.into_iter().map(|e| with(e, "sale_id", json!(id))).collect::<Vec<_>>(),
    })
}

#[test]
fn credit_is_never_minted_from_nothing() {
    for backend in backends() {
        let w = World::new(backend);
        let (bita, lot) = (w.bita.as_str(), w.bita_lot.as_str());
        let reason = |e: Value| with(e, "note", json!("goodwill"));
        w.refused(
            backend,
            &[
                // An earning with no sale, for another branch's member.
                (
                    "entry",
                    "x1",
                    entry("x1", bita, 1_000_000_000_000, "earn", None),
                    "entry_out_of_place",
                ),
                // A kind the ledger does not have.
                (
                    "entry",
                    "x2",
                    entry("x2", bita, 5, "bogus", None),
                    "bad_record",
                ),
                // A redemption of another branch's lot with no sale.
                (
                    "entry",
                    "x3",
                    entry("x3", bita, -3_000_000, "redeem", Some(lot)),
                    "entry_out_of_place",
                ),
                // Adjustments of another branch's member, with a reason.
                (
                    "entry",
                    "x4",
                    reason(entry("x4", bita, 1_000_000_000_000, "adjust", None)),
                    "not_your_member",
                ),
                (
                    "entry",
                    "x5",
                    reason(entry("x5", bita, -100_000, "adjust", Some(lot))),
                    "not_your_member",
                ),
                // An adjustment without its reason, of the branch's own member.
                (
                    "entry",
                    "x6",
                    entry("x6", &w.ali, 1_000, "adjust", None),
                    "missing_reason",
                ),
                // A member head office never heard of.
                (
                    "entry",
                    "x7",
                    reason(entry("x7", "nobody", 1_000, "adjust", None)),
                    "unknown_member",
                ),
                // Amounts beyond what any till holds, alone or in the balance they make.
                (
                    "entry",
                    "x8",
                    reason(entry("x8", &w.ali, HUGE, "adjust", None)),
                    "bad_amount",
                ),
                (
                    "entry",
                    "x9",
                    reason(entry("x9", &w.ali, 1_000_000_000_000_000, "adjust", None)),
                    "bad_amount",
                ),
                // An overdraft recovery is head office's to write.
                (
                    "entry",
                    "x10",
                    with(
                        entry("x10", &w.ali, 1_000, "adjust", None),
                        "note",
                        json!("overdraft repaid"),
                    ),
                    "head_office_only",
                ),
                // A sale at A spending more of Bita's lot than it ever held.
                (
                    "sale",
                    "s1",
                    sale(
                        "s1",
                        bita,
                        (3_000_000, 3_000_000, 0),
                        vec![entry("s1e", bita, -3_000_000, "redeem", Some(lot))],
                    ),
                    "lot_mismatch",
                ),
                // A negative sale, and one whose entries earn what its row does not say.
                (
                    "sale",
                    "s2",
                    sale("s2", &w.ali, (-1_000_000, 0, 0), vec![]),
                    "bad_amount",
                ),
                (
                    "sale",
                    "s3",
                    sale(
                        "s3",
                        &w.ali,
                        (1_000, 0, 0),
                        vec![entry("s3e", &w.ali, 1_000_000_000_000, "earn", None)],
                    ),
                    "sale_mismatch",
                ),
                // A sale's earning for someone who is neither its member nor their referrer.
                (
                    "sale",
                    "s4",
                    sale(
                        "s4",
                        &w.ali,
                        (1_000, 0, 50),
                        vec![
                            entry("s4e", &w.ali, 50, "earn", None),
                            entry("s4f", bita, 1_000_000, "earn", None),
                        ],
                    ),
                    "sale_mismatch",
                ),
                // A reversal belongs in a void, not in a sale.
                (
                    "sale",
                    "s5",
                    sale(
                        "s5",
                        &w.ali,
                        (0, 0, 0),
                        vec![entry("s5e", &w.ali, 100, "void", Some(lot))],
                    ),
                    "entry_out_of_place",
                ),
            ],
        );
        // A refused record blocks nothing: in one batch with it, an honest one is stored.
        let got = w.push(&[
            ("entry", "y1", entry("y1", bita, 5, "earn", None)),
            (
                "entry",
                "y2",
                with(
                    entry("y2", &w.ali, 1_000, "adjust", None),
                    "note",
                    json!("birthday gift"),
                ),
            ),
        ]);
        assert_eq!(got, [Some("entry_out_of_place".into()), None], "{backend}");
        assert_eq!(
            w.hq.count(
                "SELECT COUNT(*) FROM ledger WHERE id LIKE 'x%' OR id LIKE 's_e' OR id = 'y1'"
            ),
            0
        );
        assert_eq!(
            w.hq.count("SELECT COUNT(*) FROM ledger WHERE id = 'y2'"),
            1,
            "{backend}"
        );
    }
}

#[test]
fn another_branchs_member_is_not_rewritten() {
    for backend in backends() {
        let w = World::new(backend);
        let bita_row = |mobile: &str, updated: &str, branch: &str| {
            json!({
                "id": w.bita, "first_name": "Bita", "last_name": "Tester", "mobile": canonical(mobile),
                "fields": "{}", "branch": branch, "created_at": common::NOW, "updated_at": updated,
            })
        };
        w.refused(
            backend,
            &[
                // The attacker's phone on Bita's credit, dated in the future to win everywhere.
                (
                    "member",
                    &w.bita,
                    bita_row("09129999999", "2099-01-01T00:00:00+00:00", "B"),
                    "future_time",
                ),
                // Dated now: held for head office to decide, not applied.
                (
                    "member",
                    &w.bita,
                    bita_row("09129999999", "2026-11-22T10:01:00+03:30", "B"),
                    "held_for_head_office",
                ),
                // Moved to the attacker's branch.
                (
                    "member",
                    &w.bita,
                    bita_row(BITA, "2026-11-22T10:01:00+03:30", "A"),
                    "not_your_member",
                ),
                // A mobile in no spelling a till writes.
                (
                    "member",
                    &w.bita,
                    with(bita_row(BITA, common::NOW, "B"), "mobile", json!("0912 x")),
                    "bad_record",
                ),
                // A member enrolled "at B" by A's terminal.
                (
                    "member",
                    "m-new",
                    with(
                        bita_row("09128888888", common::NOW, "B"),
                        "id",
                        json!("m-new"),
                    ),
                    "not_your_member",
                ),
            ],
        );
        let held = w.hq.json(&["conflicts"]);
        let held = held.as_array().expect("conflicts");
        assert!(
            held.iter().any(|c| c["kind"] == "mobile_change"
                && c["key"] == "+989129999999"
                && c["first"] == w.bita.as_str()),
            "{backend}: {held:?}"
        );
        for s in [&w.a, &w.b] {
            assert_eq!(
                s.json(&["member", "show", "--mobile", BITA])["id"],
                w.bita.as_str()
            );
        }
        // A branch's own edits are ordered by their time at head office as on every till:
        // the later edit wins even when it arrives first.
        let ali_row = |first: &str, updated: &str| {
            json!({
                "id": w.ali, "first_name": first, "last_name": "Tester", "mobile": canonical(ALI),
                "fields": "{}", "branch": "A", "created_at": common::NOW, "updated_at": updated,
            })
        };
        let got = w.push(&[
            (
                "member",
                &w.ali,
                ali_row("Later", "2026-11-22T10:02:00+03:30"),
            ),
            (
                "member",
                &w.ali,
                ali_row("Earlier", "2026-11-22T10:01:00+03:30"),
            ),
        ]);
        assert_eq!(got, [None, None], "{backend}");
        assert_eq!(
            w.hq.json(&["member", "show", "--mobile", ALI])["first_name"],
            "Later",
            "{backend}"
        );
        sync(&w.b);
        assert_eq!(
            w.b.json(&["member", "show", "--mobile", ALI])["first_name"],
            "Later",
            "{backend}"
        );
    }
}

#[test]
fn a_card_decision_or_merge_is_head_offices_alone_and_tills_check_who_sent_it() {
    for backend in backends() {
        let w = World::new(backend);
        let decision = json!({
            "number": "K2", "member_id": w.ali, "status": "active", "at": common::NOW, "resolved": true,
        });
        let merge = json!({
            "keep": {"id": w.ali, "first_name": "Ali", "last_name": "Tester", "mobile": ALI,
                     "fields": "{}", "branch": "A", "created_at": common::NOW, "updated_at": common::NOW},
            "from": w.bita, "entries": [], "cards": [{"number": "K2"}], "at": common::NOW,
        });
        w.refused(
            backend,
            &[
                ("card", "K2", decision.clone(), "head_office_only"),
                ("merge", &w.bita, merge.clone(), "unknown_kind"),
            ],
        );
        // Had an older head office stored them as A's, tills still apply neither: only head
        // office's own records (no branch) decide whose a card is or merge members.
        for (kind, id, payload) in [
            ("card", "K2", &decision),
            ("merge", w.bita.as_str(), &merge),
        ] {
            w.hq.execute(&format!(
                "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
                 VALUES ('forged:{kind}', '{kind}', '{id}', '{}', 'A', 1, '{payload}', 't', 't')",
                w.a_terminal
            ));
        }
        let before = w.balances();
        sync(&w.b);
        // (A terminal's merge does not even go down: only records of the kinds every till
        // shares do; the card decision is pulled and set aside.)
        let st = w.b.json(&["sync", "status"]);
        assert_eq!(st["skipped"], 1, "{backend}: {st}");
        assert_eq!(w.balances(), before, "{backend}");
        let card = w.b.json(&["member", "show", "--card", "K2"]);
        assert_eq!(card["id"], w.bita.as_str(), "{backend}: {card}");
        // Head office's own decision is applied.
        w.hq.cli(&["card", "resolve", "K2", "--member", &w.ali]);
        sync(&w.b);
        assert_eq!(
            w.b.json(&["member", "show", "--card", "K2"])["id"],
            w.ali.as_str()
        );
    }
}

#[test]
fn a_poison_record_stops_no_till_and_no_report() {
    for backend in backends() {
        let w = World::new(backend);
        let reason = |e: Value| with(e, "note", json!("x"));
        w.refused(
            backend,
            &[
                (
                    "entry",
                    "p1",
                    reason(entry("p1", &w.ali, HUGE, "adjust", None)),
                    "bad_amount",
                ),
                (
                    "entry",
                    "p2",
                    reason(entry("p2", &w.ali, -HUGE, "adjust", Some("nolot"))),
                    "bad_amount",
                ),
            ],
        );
        // Stored by an older head office: in the log (tills pull it) and in the ledger.
        let poison = reason(entry("p3", &w.bita, HUGE, "adjust", None));
        w.hq.execute(&format!(
            "INSERT INTO records (dedup, kind, record_id, terminal_id, branch, seq, payload, created_at, received_at)
             VALUES ('entry:p3', 'entry', 'p3', '{}', 'A', 2, '{poison}', 't', 't');
             INSERT INTO ledger (id, member_id, account, amount, kind, branch, at, note) VALUES
                 ('p3', '{bita}', 'credit', {HUGE}, 'adjust', 'A', '{at}', 'x'),
                 ('p4', '{bita}', 'credit', {HUGE}, 'adjust', 'A', '{at}', 'x');",
            w.a_terminal,
            bita = w.bita,
            at = common::NOW,
        ));
        // Every till's pull goes on past it, and what follows still arrives.
        let later = w.a.json(&["sale", "--mobile", ALI, "--amount", "1000000"]);
        sync(&w.a);
        sync(&w.b);
        let st = w.b.json(&["sync", "status"]);
        assert!(st["last_error"].is_null(), "{backend}: {st}");
        assert_eq!(st["skipped"], 1, "{backend}: {st}");
        assert_eq!(
            w.b.json(&["member", "show", "--mobile", BITA])["balance"]["credit"],
            200_000,
            "{backend}"
        );
        assert_eq!(
            w.b.json(&["member", "show", "--mobile", ALI])["balance"]["credit"],
            500_000 + later["credit_earned"].as_i64().expect("earned"),
            "{backend}"
        );
        // Head office's reports read it without overflowing.
        let shown = w.hq.run(&["--json", "member", "show", "--mobile", BITA]);
        assert!(
            shown.status.success(),
            "{backend}: {}",
            String::from_utf8_lossy(&shown.stderr)
        );
        let report = w.hq.run(&["--json", "report", "overdrafts"]);
        assert!(
            report.status.success(),
            "{backend}: {}",
            String::from_utf8_lossy(&report.stderr)
        );
    }
}

#[test]
fn a_void_of_another_branchs_sale_is_refused() {
    for backend in backends() {
        let w = World::new(backend);
        let reversal = with(
            entry("v1e", &w.bita, -200_000, "void", Some(&w.bita_lot)),
            "sale_id",
            json!(w.bita_sale),
        );
        let void = |branch: &str| {
            json!({
                "id": "v1", "sale_id": w.bita_sale, "reason": null, "at": common::NOW,
                "branch": branch, "entries": [reversal.clone()],
            })
        };
        // An offer is a till's own: entries inside one are not even readable.
        let offer = json!({"id": "o1", "entries": [entry("o1e", &w.ali, 1_000_000, "earn", None)]});
        w.refused(
            backend,
            &[
                // The sale is B's at head office, whatever the void says.
                ("void", "v1", void("A"), "wrong_branch"),
                ("void", "v1", void("B"), "wrong_branch"),
                (
                    "void",
                    "v2",
                    with(void("A"), "sale_id", json!("no-such-sale")),
                    "unknown_sale",
                ),
                ("offer", "o1", offer, "bad_record"),
            ],
        );
        assert_eq!(
            w.hq.count("SELECT COUNT(*) FROM sales WHERE voided <> 0"),
            0,
            "{backend}"
        );
    }
}

#[test]
fn a_till_does_not_do_to_another_branchs_member_what_head_office_would_refuse() {
    for backend in backends() {
        let w = World::new(backend);
        let before = w.balances();
        // At A, Bita (enrolled at B): no adjustment, no new mobile, no void of her sale at B.
        let tries: [&[&str]; 3] = [
            &[
                "adjust", "--member", &w.bita, "--credit", "1000", "--reason", "gift",
            ],
            &["member", "edit", &w.bita, "--mobile", "09129999999"],
            &["sale", "void", &w.bita_sale, "--reason", "returned"],
        ];
        for (args, code) in tries.iter().zip([
            "other_branch_member",
            "other_branch_member",
            "void_other_branch",
        ]) {
            let (got, _, _) = w.a.fails(args);
            assert_eq!(got, code, "{backend}: {args:?}");
        }
        // Her name may be corrected anywhere; nothing is parked.
        // (A minute on: the fixed test clock would give the edit the enrolment's own time.)
        w.a.json_at(
            "2026-11-22T10:01:00+03:30",
            &["member", "edit", &w.bita, "--last", "Karimi"],
        )
        .expect("edit");
        sync(&w.a);
        sync(&w.b);
        assert_eq!(
            w.a.json(&["sync", "status"])["parked"],
            json!([]),
            "{backend}"
        );
        assert_eq!(
            w.b.json(&["member", "show", "--mobile", BITA])["last_name"],
            "Karimi"
        );
        assert_eq!(w.balances(), before, "{backend}");
    }
}
