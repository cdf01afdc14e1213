//! `vafa init`, `config`, `member` and `card` through the real binary on real database files.

use crate::common;
use common::Shop;

#[test]
fn init_twice_is_refused_and_a_missing_shop_says_what_to_do() {
    let s = Shop::new();
    let (code, _, _) = s.fails(&["init", "--shop", "X", "--branch", "B"]);
    assert_eq!(code, "already_initialised");
    let empty = tempfile::tempdir().expect("dir");
    let out = s
        .cmd()
        .env("VAFA_DATA_DIR", empty.path())
        .args(["member", "find", "x"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("vafa init"));
    assert!(!empty.path().join("vafa.db").exists(), "nothing created");
}

#[test]
fn config_import_validates_and_names_the_line() {
    let s = Shop::new();
    let dir = s.dir.path();
    let good = dir.join("good.toml");
    std::fs::write(&good, "[earn]\ncredit_percent = 7.5\nround_to = 500\n[[tier]]\nname = \"silver\"\nmin_points = 0\ncredit_percent = 8\n").expect("write");
    let c = s.json(&["config", "import", good.to_str().expect("path")]);
    assert_eq!(c["earn"]["credit_percent"], "7.5");
    assert_eq!(c["earn"]["round_to"], 500);

    let bad = dir.join("bad.toml");
    std::fs::write(
        &bad,
        "[earn]\ncredit_percent = 5\nround_to = 1000\ncashback = 3\n",
    )
    .expect("write");
    let (code, msg, _) = s.fails(&["config", "import", bad.to_str().expect("path")]);
    assert_eq!(code, "invalid_config");
    assert!(msg.contains("line 4"), "{msg}");
    assert!(msg.contains("cashback"), "{msg}");

    std::fs::write(&bad, "[earn]\n\nround_to = \"1000\"\n").expect("write");
    let (_, msg, _) = s.fails(&["config", "import", bad.to_str().expect("path")]);
    assert!(msg.contains("line 3"), "{msg}");

    // Nothing changed by the refused files.
    let shown = s.json(&["config", "show"]);
    assert_eq!(shown["earn"]["round_to"], 500);
    assert_eq!(shown["tier"][0]["name"], "silver");
}

#[test]
fn enrol_show_find_edit() {
    let s = Shop::new();
    let m = s.json(&[
        "member",
        "enrol",
        "--first",
        "Sara",
        "--last",
        "Ahmadi",
        "--mobile",
        "۰۹۱۲ ۱۲۳ ۴۵۶۷",
        "--birth",
        "1370/05/12",
        "--anniversary",
        "2015-06-01",
        "--gender",
        "f",
        "--card",
        "9826-1509-1121-9687",
        "--field",
        "city=Tehran",
    ]);
    assert_eq!(m["mobile"], "+989121234567");
    assert_eq!(m["birth_date"], "1991-08-03");
    assert_eq!(m["birth_calendar"], "jalali");
    assert_eq!(m["fields"]["city"], "Tehran");
    assert_eq!(m["cards"][0]["number"], "9826150911219687");
    assert_eq!(m["cards"][0]["status"], "active");
    assert_eq!(m["balance"]["credit"], 0);
    let id = m["id"].as_str().expect("id");

    for (flag, key) in [
        ("--card", "9826150911219687"),
        ("--mobile", "+98 912 123 4567"),
        ("--id", id),
    ] {
        let shown = s.json(&["member", "show", flag, key]);
        assert_eq!(shown["id"], id, "{flag}");
        for field in [
            "first_name",
            "last_name",
            "mobile",
            "birth_date",
            "tier",
            "balance",
            "visits",
            "last_visit",
            "cards",
        ] {
            assert!(shown.get(field).is_some(), "member show lacks {field}");
        }
    }
    let found = s.json(&["member", "find", "ahm"]);
    assert_eq!(found[0]["id"], id);
    let found = s.json(&["member", "find", "0912123"]);
    assert_eq!(found[0]["id"], id);

    let edited = s.json(&[
        "member",
        "edit",
        id,
        "--last",
        "Karimi",
        "--mobile",
        "09351112233",
    ]);
    assert_eq!(edited["last_name"], "Karimi");
    assert_eq!(edited["mobile"], "+989351112233");
    assert_eq!(edited["first_name"], "Sara", "untouched fields stay");
    assert_eq!(edited["birth_date"], "1991-08-03");
}

#[test]
fn bad_member_input_is_refused_and_writes_nothing() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("111"));
    let before = s.counts();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "+989121234567",
            ],
            "duplicate_mobile",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "0212345678",
            ],
            "invalid_mobile",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--birth",
                "1404/12/30",
            ],
            "invalid_date",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--birth",
                "2023-02-30",
            ],
            "invalid_date",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--birth",
                "tomorrow",
            ],
            "invalid_date",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                " ",
                "--last",
                "C",
                "--mobile",
                "09120000001",
            ],
            "invalid",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--gender",
                "x",
            ],
            "invalid",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--card",
                "111",
            ],
            "card_taken",
        ),
        (
            &[
                "member",
                "enrol",
                "--first",
                "B",
                "--last",
                "C",
                "--mobile",
                "09120000001",
                "--referrer",
                "09350000000",
            ],
            "unknown_member",
        ),
        (
            &[
                "member",
                "show",
                "--id",
                "0193e2c4-0000-7000-8000-000000000000",
            ],
            "unknown_member",
        ),
        (&["member", "show", "--id", "not-an-id"], "unknown_member"),
        (&["member", "show", "--card", "999"], "unknown_card"),
        (
            &[
                "member",
                "edit",
                "0193e2c4-0000-7000-8000-000000000000",
                "--first",
                "Z",
            ],
            "unknown_member",
        ),
    ];
    for (args, code) in cases {
        let (got, msg, _) = s.fails(args);
        assert_eq!(&got, code, "{args:?}: {msg}");
        assert!(!msg.is_empty());
    }
    assert_eq!(s.counts(), before, "a refused command wrote something");
}

#[test]
fn text_that_looks_like_sql_is_stored_literally() {
    let s = Shop::new();
    let evil = "Robert'); DROP TABLE members;--";
    let m = s.json(&[
        "member",
        "enrol",
        "--first",
        evil,
        "--last",
        "%_\\",
        "--mobile",
        "09121112233",
    ]);
    assert_eq!(m["first_name"], evil);
    assert_eq!(s.json(&["member", "find", "%_\\"])[0]["first_name"], evil);
    assert_eq!(
        s.json(&["member", "find", "DROP TABLE"])
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    assert_eq!(
        s.json(&["member", "find", "%"]).as_array().map(Vec::len),
        Some(1),
        "% is literal"
    );
}

#[test]
fn cards_block_and_replace_with_the_balance_following_the_member() {
    let s = Shop::new();
    let id = s.enrol("Reza", "09121234567", Some("AAA1"));
    s.json(&["card", "assign", "--member", &id, "--card", "BBB2"]);
    s.json(&["sale", "--card", "AAA1", "--amount", "1000000"]);
    let before = s.json(&["member", "show", "--id", &id]);
    assert_eq!(before["balance"]["credit"], 50_000);

    let blocked = s.json(&["card", "block", "AAA1", "--reason", "stolen"]);
    assert_eq!(blocked["status"], "blocked");
    let (code, msg, _) = s.fails(&["sale", "--card", "AAA1", "--amount", "1000"]);
    assert_eq!(code, "blocked_card");
    assert!(msg.contains("stolen"), "{msg}");
    let (code, _, _) = s.fails(&["card", "block", "AAA1"]);
    assert_eq!(code, "blocked_card");

    let new = s.json(&["card", "replace", "bbb2", "CCC3"]);
    assert_eq!(new["status"], "active");
    let (code, _, _) = s.fails(&["member", "show", "--card", "BBB2"]);
    assert_eq!(code, "blocked_card");
    let after = s.json(&["member", "show", "--card", "CCC3"]);
    assert_eq!(after["id"], id.as_str());
    assert_eq!(after["balance"], before["balance"]);
    assert_eq!(after["visits"], 1);
    let (code, _, _) = s.fails(&["card", "replace", "CCC3", "AAA1"]);
    assert_eq!(code, "card_taken");
    let (code, _, _) = s.fails(&["card", "assign", "--member", &id, "--card", "CCC3"]);
    assert_eq!(code, "card_taken");
}

#[test]
fn persian_shop_speaks_persian() {
    let s = Shop::with_lang("fa");
    let (_, msg, stderr) = s.fails(&[
        "member", "enrol", "--first", "ب", "--last", "ج", "--mobile", "123",
    ]);
    assert!(msg.contains("شمارهٔ همراه"), "{msg}");
    assert!(stderr.contains("خطا"), "{stderr}");
    s.enrol("علی", "09121234567", None);
    let human = s.ok(&["member", "show", "--mobile", "09121234567"]);
    assert!(human.contains("اعتبار"), "{human}");
}
