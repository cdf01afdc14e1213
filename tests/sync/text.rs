//! Names that would act on a terminal (issue 13 item 10): NUL, ANSI escapes, bidi
//! overrides and isolates, and absurd lengths are refused by head office (`bad_text`) and
//! by the till at entry, and text already stored prints escaped everywhere.

use crate::common;
use crate::trust::{ALI, World, canonical, entry, sync, with};

use common::hq::backends;
use serde_json::json;

/// What a stolen token or an old till might send as a name.
fn bad_names() -> Vec<String> {
    vec![
        "Ali\0".into(),
        "\u{1b}[2J\u{1b}[31mAli".into(),
        "Ali\u{202E}gpj.exe".into(),
        "\u{2067}Ali\u{2069}".into(),
        "\u{9b}31mAli".into(),
        "A".repeat(100_000),
    ]
}

#[test]
fn head_office_refuses_names_that_would_act_and_stores_nothing() {
    for backend in backends() {
        let w = World::new(backend);
        let row = |id: &str, first: &str, mobile: &str| {
            json!({
                "id": id, "first_name": first, "last_name": "Tester", "mobile": canonical(mobile),
                "fields": "{}", "branch": "A", "created_at": common::NOW, "updated_at": common::NOW,
            })
        };
        let mut attacks = Vec::new();
        for (i, name) in bad_names().iter().enumerate() {
            let id = format!("m-bad-{i}");
            // A new member, an edit of Ali's name, a last name, a shop field.
            attacks.push(("member", id.clone(), row(&id, name, "09127777777")));
            attacks.push(("member", w.ali.clone(), row(&w.ali, name, ALI)));
            attacks.push((
                "member",
                w.ali.clone(),
                with(row(&w.ali, "Ali", ALI), "last_name", json!(name)),
            ));
            attacks.push((
                "member",
                w.ali.clone(),
                with(
                    row(&w.ali, "Ali", ALI),
                    "fields",
                    json!(json!({ "note": name }).to_string()),
                ),
            ));
            // A blocked card's reason, an adjustment's note.
            attacks.push((
                "card",
                "K1".into(),
                json!({"number": "K1", "member_id": w.ali, "status": "blocked",
                       "reason": name, "at": common::NOW}),
            ));
            let e = format!("e-bad-{i}");
            attacks.push((
                "entry",
                e.clone(),
                with(
                    entry(&e, &w.ali, 1_000, "adjust", None),
                    "note",
                    json!(name),
                ),
            ));
        }
        let attacks: Vec<_> = attacks
            .iter()
            .map(|(k, id, p)| (*k, id.as_str(), p.clone(), "bad_text"))
            .collect();
        w.refused(backend, &attacks);
        // Nothing stored: no new member, Ali's name and card as they were, everywhere.
        assert_eq!(
            w.hq.count("SELECT COUNT(*) FROM members WHERE id LIKE 'm-bad-%'"),
            0,
            "{backend}"
        );
        let at_hq = w.hq.json(&["member", "show", "--mobile", ALI]);
        assert_eq!(at_hq["first_name"], "Ali", "{backend}");
        assert_eq!(at_hq["last_name"], "Tester", "{backend}");
        sync(&w.b);
        let at_b = w.b.json(&["member", "show", "--mobile", ALI]);
        assert_eq!(at_b["first_name"], "Ali", "{backend}");
        assert_eq!(at_b["last_name"], "Tester", "{backend}");
        assert_eq!(
            w.b.json(&["member", "show", "--card", "K1"])["id"],
            w.ali.as_str()
        );
        // Persian with its half-space and a direction mark is a name like any other.
        let got = w.push(&[("member", &w.ali, row(&w.ali, "علی\u{200C}رضا\u{200F}", ALI))]);
        assert_eq!(got, [None], "{backend}");

        // A name stored before this check (an old head office) prints escaped.
        let chr = if backend == "postgres" { "chr" } else { "char" };
        w.hq.execute(&format!(
            "UPDATE members SET first_name = 'x' || {chr}(27) || '[2Jy' || {chr}(8238) || 'z' WHERE id = '{}'",
            w.ali
        ));
        let shown = w.hq.cli(&["member", "show", "--mobile", ALI]);
        assert!(
            shown.contains("x<U+001B>[2Jy<U+202E>z"),
            "{backend}: {shown}"
        );
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202E}'));
    }
}

#[test]
fn the_till_refuses_them_at_entry_and_prints_old_ones_escaped() {
    let shop = common::Shop::new();
    // (A NUL cannot be in a command's argument; the import below carries what can.)
    for name in bad_names().into_iter().filter(|n| !n.contains('\0')) {
        let (code, message, _) = shop.fails(&[
            "member", "enrol", "--first", &name, "--last", "T", "--mobile", ALI,
        ]);
        assert_eq!(code, "invalid", "{name:?}");
        assert!(
            !message.contains('\u{1b}') && !message.contains('\u{202E}') && message.len() < 2_000,
            "the refusal does not echo what it refused: {message:?}"
        );
        let (code, _, _) = shop.fails(&[
            "member", "enrol", "--first", "Ali", "--last", &name, "--mobile", ALI,
        ]);
        assert_eq!(code, "invalid", "{name:?}");
    }
    // An import with such a row refuses that row and keeps the others.
    let csv = shop.dir.path().join("m.csv");
    std::fs::write(
        &csv,
        "first_name,last_name,mobile\nAli\0,T,09120000003\nAli\u{202E},T,09120000004\nBita,T,09120000002\n",
    )
    .expect("write");
    let (code, _, _) = shop.fails(&["import", "members", csv.to_str().expect("path")]);
    assert_eq!(code, "import_rows");
    shop.json(&["member", "show", "--mobile", "09120000002"]);
    for refused in ["09120000003", "09120000004"] {
        shop.fails(&["member", "show", "--mobile", refused]);
    }
    let ali = shop.enrol("Ali", ALI, Some("K1"));
    let id = shop.json(&["member", "show", "--mobile", ALI])["id"].clone();
    assert_eq!(id, ali.as_str());
    let (code, _, _) = shop.fails(&["member", "edit", &ali, "--first", "\u{2066}x"]);
    assert_eq!(code, "invalid");

    // A name an old version stored prints escaped, in `member show` and `member find`.
    let conn = rusqlite::Connection::open(shop.dir.path().join("vafa.db")).expect("open");
    conn.execute(
        "UPDATE members SET first_name = ?1 WHERE id = ?2",
        ["x\u{1b}[2Jy\u{202E}z", ali.as_str()],
    )
    .expect("update");
    for args in [
        &["member", "show", "--mobile", ALI][..],
        &["member", "find", "x"][..],
    ] {
        let shown = shop.ok(args);
        assert!(shown.contains("x<U+001B>[2Jy<U+202E>z"), "{shown}");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\u{202E}'));
    }
}
