//! Staff accounts and permissions: every role against every protected action, through the
//! service layer and through the CLI; sign-in, lockout, manual adjustments.

use crate::common;

use common::Shop;
use vafa_core::error::{Error, Field};
use vafa_core::lang::Lang;
use vafa_core::ledger::Account;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_core::staff::{Action, Role};
use vafa_service::{Actor, CardInput, Customer, InitOptions, MemberInput, SaleRequest, Vafa};
use vafa_text::Say;

const OFFERS: &str = include_str!("../../packaging/examples/offers.toml");

fn shop(dir: &std::path::Path) -> Vafa {
    Vafa::init(
        dir,
        &InitOptions {
            shop: "Test".into(),
            branch: "B1".into(),
            branch_name: None,
            lang: Lang::En,
            unit: "toman".into(),
        },
    )
    .expect("init")
}

fn member(v: &mut Vafa, mobile: &str, card: Option<&str>) -> String {
    v.enrol(&MemberInput {
        first: Some("Ali".into()),
        last: Some("Test".into()),
        mobile: parse_mobile(mobile),
        card: card.map(CardInput::typed),
        ..MemberInput::default()
    })
    .expect("enrol")
    .id
}

fn as_role(role: Role) -> Actor {
    Actor {
        name: format!("the-{}", role.as_str()),
        role,
        staff: true,
    }
}

/// Does `action` once, as whoever `v` acts as. `n` makes inputs unique per attempt.
fn attempt(v: &mut Vafa, action: Action, n: usize, fx: &Fixture) -> Result<(), Error> {
    let dir = v.dir().to_path_buf();
    match action {
        Action::Sell => v.sell(&SaleRequest::new(Customer::Guest, 100000)).map(drop),
        Action::Redeem => {
            let mut r = SaleRequest::new(Customer::id(fx.member.clone()), 100000);
            r.redeem = Redeem::Amount(1000);
            v.sell(&r).map(drop)
        }
        Action::Enrol => v
            .enrol(&MemberInput {
                first: Some("New".into()),
                last: Some("One".into()),
                mobile: parse_mobile(&format!("0935000000{n}")),
                ..MemberInput::default()
            })
            .map(drop),
        Action::Void => v.void_sale(&fx.sales[n], Some("test")).map(drop),
        Action::AdjustSmall => v
            .adjust(&fx.member, Account::Credit, 1000, Some("goodwill"))
            .map(drop),
        Action::Adjust => v
            .adjust(
                &fx.member,
                Account::Credit,
                5_000_000,
                Some("make good a lost card"),
            )
            .map(drop),
        Action::ManageOffers => v.set_offer_enabled("come-back", false).map(drop),
        Action::ManageCards => v.block_card(&fx.cards[n], Some("lost")).map(drop),
        Action::Import => v
            .import_members(&format!(
                "first_name,last_name,mobile\nImp,Orted,0936000000{n}\n"
            ))
            .map(drop),
        Action::Export => v.export("members", &mut Vec::new()),
        Action::Reports => v.audit_trail(None).map(drop),
        Action::ManageStaff => v
            .user_add(&format!("new{n}"), Role::Cashier, "2580")
            .map(drop),
        Action::Configure => v.import_config("[earn]\ncredit_percent = 6\n").map(drop),
        Action::Backup => v.backup(&dir.join(format!("b{n}.db"))),
        Action::Restore => v.restore(&fx.backup).map(drop),
        Action::Lottery => {
            let today = v.now().date_naive();
            v.lottery_create(&vafa_service::lottery::LotteryInput {
                id: format!("l{n}"),
                name: "L".into(),
                from: today,
                to: today,
                per: None,
                min_visits: 0,
                tiers: vec![],
                winners: 1,
            })
            .map(drop)
        }
        Action::Survey => v
            .survey_import(&format!(
                "id = \"s{n}\"\nname = \"S\"\n[[questions]]\nid = \"q\"\nkind = \"scale\"\n"
            ))
            .map(drop),
    }
}

struct Fixture {
    member: String,
    sales: Vec<String>,
    cards: Vec<String>,
    backup: std::path::PathBuf,
}

fn fixture(v: &mut Vafa, keep: &std::path::Path) -> Fixture {
    let member = member(v, "09121234567", Some("C1"));
    v.adjust(&member, Account::Credit, 1_000_000, Some("opening"))
        .expect("credit");
    v.import_offers(OFFERS).expect("offers");
    let mut sales = Vec::new();
    let mut cards = Vec::new();
    for i in 0..4 {
        let card = format!("C{}", i + 2);
        v.assign_card(&member, &card, None).expect("card");
        cards.push(card);
        let r = v
            .sell(&SaleRequest::new(Customer::id(member.clone()), 200_000))
            .expect("sale");
        sales.push(r.sale_id.expect("id"));
    }
    let backup = keep.join("fixture.db");
    v.backup(&backup).expect("backup");
    Fixture {
        member,
        sales,
        cards,
        backup,
    }
}

#[test]
fn every_role_against_every_action_in_the_service_layer() {
    for action in Action::ALL {
        let tmp = tempfile::tempdir().expect("tmp");
        let mut v = shop(&tmp.path().join("shop"));
        let fx = fixture(&mut v, tmp.path());
        for (n, role) in Role::ALL.into_iter().enumerate() {
            v.act_as(as_role(role));
            let got = attempt(&mut v, action, n, &fx);
            let allowed = role >= action.default_role();
            match (&got, allowed) {
                (Ok(()), true) => {}
                (Err(Error::Forbidden { needed, .. }), false) => {
                    assert_eq!(*needed, action.default_role(), "{action:?}")
                }
                other => panic!("{action:?} as {role:?}: {other:?}"),
            }
        }
        // Every refusal is on the audit trail, and the trail holds together.
        v.act_as(Actor::machine());
        let trail = v.audit_trail(None).expect("trail");
        assert_eq!(trail.broken, None, "{action:?}");
        let refusals = trail
            .records
            .iter()
            .filter(|r| r.action == "refused" && r.subject == action.as_str())
            .count();
        let expected = Role::ALL
            .iter()
            .filter(|r| **r < action.default_role())
            .count();
        assert_eq!(refusals, expected, "{action:?}");
    }
}

#[test]
fn a_refused_act_writes_nothing_but_its_audit_record() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", Some("C1"));
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "2468"]);
    let sale = s.json(&["sale", "--card", "C1", "--amount", "500000"]);
    let before = s.counts();
    let out = s
        .cmd()
        .args(["--json", "--user", "cara", "sale", "void"])
        .arg(sale["sale_id"].as_str().expect("id"))
        .env("VAFA_PIN", "2468")
        .output()
        .expect("run");
    assert!(!out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["error"]["code"], "forbidden");
    let msg = v["error"]["message"].as_str().expect("msg");
    assert!(msg.contains("cara") && msg.contains("supervisor"), "{msg}");
    let after = s.counts();
    for ((t, a), (_, b)) in before.iter().zip(&after) {
        match t.as_str() {
            // The sign-in and the refusal.
            "audit" => assert_eq!(*b, a + 2),
            "settings" | "staff" => {}
            _ => assert_eq!(a, b, "{t}"),
        }
    }
    assert_eq!(s.json(&["member", "show", "--id", &id])["visits"], 1);
}

#[test]
fn the_shop_can_change_the_matrix() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut v = shop(tmp.path());
    let fx = fixture(&mut v, tmp.path());
    v.import_config("[permissions]\nvoid = \"manager\"\nexport = \"cashier\"\n")
        .expect("config");
    v.act_as(as_role(Role::Supervisor));
    assert!(matches!(
        v.void_sale(&fx.sales[0], None),
        Err(Error::Forbidden {
            needed: Role::Manager,
            ..
        })
    ));
    v.act_as(as_role(Role::Cashier));
    v.export("sales", &mut Vec::new())
        .expect("cashiers may export here");
    // An unknown action in the matrix is refused with the list of real ones.
    v.act_as(Actor::machine());
    let e = v
        .import_config("[permissions]\nrefund = \"cashier\"\n")
        .expect_err("unknown action");
    assert!(e.say(Lang::En).contains("void"), "{}", e.say(Lang::En));
}

#[test]
fn adjustments_need_a_reason_and_cannot_overdraw() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut v = shop(tmp.path());
    let m = member(&mut v, "09121234567", None);
    for reason in [None, Some(""), Some("   ")] {
        let e = v
            .adjust(&m, Account::Credit, 1000, reason)
            .expect_err("no reason");
        assert!(matches!(
            e,
            Error::Invalid {
                field: Field::Reason,
                ..
            }
        ));
    }
    let r = v
        .adjust(&m, Account::Credit, 300_000, Some("opening"))
        .expect("add");
    assert_eq!(r.balance.credit, 300_000);
    let e = v
        .adjust(&m, Account::Credit, -400_000, Some("mistake"))
        .expect_err("overdraw");
    assert!(matches!(
        e,
        Error::AdjustOverBalance {
            available: 300_000,
            requested: 400_000,
            ..
        }
    ));
    let r = v
        .adjust(&m, Account::Credit, -100_000, Some("mistake"))
        .expect("take");
    assert_eq!(r.balance.credit, 200_000);
    let r = v
        .adjust(&m, Account::Points, 50, Some("welcome"))
        .expect("points");
    assert_eq!(r.balance.points, 50);
    assert!(v.check().expect("check").is_empty());
    // A supervisor may adjust up to the small limit (points valued at point_value), a
    // manager beyond it.
    v.act_as(as_role(Role::Supervisor));
    v.adjust(&m, Account::Credit, 1_000_000, Some("limit"))
        .expect("at the limit");
    assert!(matches!(
        v.adjust(&m, Account::Points, 10_001, Some("too many")),
        Err(Error::Forbidden {
            action: Action::Adjust,
            ..
        })
    ));
    v.act_as(as_role(Role::Manager));
    v.adjust(&m, Account::Points, 10_001, Some("ok"))
        .expect("manager");
}

/// The CLI matrix: four staff members sign in with their PINs and try every act.
#[test]
fn every_role_against_every_action_through_the_cli() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", Some("C1"));
    s.ok(&[
        "adjust", "--member", &id, "--credit", "1000000", "--reason", "opening",
    ]);
    let offers = s.dir.path().join("offers.toml");
    std::fs::write(&offers, OFFERS).expect("write");
    s.ok(&["offers", "import", offers.to_str().expect("p")]);
    let staff = [
        ("cara", Role::Cashier, "2468"),
        ("sam", Role::Supervisor, "1357"),
        ("mona", Role::Manager, "8642"),
        ("adam", Role::Admin, "9753"),
    ];
    for (name, role, pin) in staff {
        s.ok(&["user", "add", name, "--role", role.as_str(), "--pin", pin]);
    }
    let mut sales = Vec::new();
    for i in 0..4 {
        s.ok(&[
            "card",
            "assign",
            "--member",
            &id,
            "--card",
            &format!("C{}", i + 2),
        ]);
        let r = s.json(&["sale", "--member", &id, "--amount", "200000"]);
        sales.push(r["sale_id"].as_str().expect("id").to_string());
    }
    let p = |name: &str| s.dir.path().join(name).to_str().expect("p").to_string();
    let backup = p("fixture.db");
    s.ok(&["backup", &backup]);
    std::fs::write(p("config.toml"), "[earn]\ncredit_percent = 6\n").expect("w");
    std::fs::write(
        p("survey.toml"),
        "id = \"s\"\nname = \"S\"\n[[questions]]\nid = \"q\"\nkind = \"scale\"\n",
    )
    .expect("w");
    for (n, (name, role, pin)) in staff.into_iter().enumerate() {
        std::fs::write(
            p(&format!("m{n}.csv")),
            format!("first_name,last_name,mobile\nImp,Orted,0936000000{n}\n"),
        )
        .expect("w");
        let card = format!("C{}", n + 2);
        let mobile = format!("0935000000{n}");
        let lottery = format!("l{n}");
        let acts: Vec<(Action, Vec<String>)> = vec![
            (Action::Sell, vec!["sale", "--guest", "--amount", "100000"]),
            (
                Action::Redeem,
                vec![
                    "sale", "--card", "C1", "--amount", "100000", "--redeem", "1000",
                ],
            ),
            (
                Action::Enrol,
                vec![
                    "member", "enrol", "--first", "N", "--last", "O", "--mobile", &mobile,
                ],
            ),
            (Action::Void, vec!["sale", "void", &sales[n]]),
            (
                Action::AdjustSmall,
                vec![
                    "adjust", "--member", &id, "--credit", "1000", "--reason", "r",
                ],
            ),
            (
                Action::Adjust,
                vec![
                    "adjust", "--member", &id, "--credit", "5000000", "--reason", "r",
                ],
            ),
            (Action::ManageOffers, vec!["offers", "disable", "come-back"]),
            (Action::ManageCards, vec!["card", "block", &card]),
            (
                Action::Import,
                vec!["import", "members", &p(&format!("m{n}.csv"))],
            ),
            (
                Action::Export,
                vec!["export", "members", "--out", &p("x.csv")],
            ),
            (Action::Reports, vec!["audit"]),
            (
                Action::ManageStaff,
                vec![
                    "user",
                    "add",
                    &format!("new{n}"),
                    "--role",
                    "cashier",
                    "--pin",
                    "2580",
                ],
            ),
            (
                Action::Configure,
                vec!["config", "import", &p("config.toml")],
            ),
            (Action::Backup, vec!["backup", &p(&format!("b{n}.db"))]),
            (Action::Restore, vec!["restore", &backup]),
            (
                Action::Lottery,
                vec![
                    "lottery",
                    "create",
                    &lottery,
                    "--name",
                    "L",
                    "--from",
                    "2026-11-22",
                    "--to",
                    "2026-11-22",
                ],
            ),
            (Action::Survey, vec!["survey", "import", &p("survey.toml")]),
        ]
        .into_iter()
        .map(|(a, v)| (a, v.into_iter().map(String::from).collect()))
        .collect();
        assert_eq!(acts.len(), Action::ALL.len());
        for (action, args) in acts {
            let out = s
                .cmd()
                .args(["--json", "--user", name])
                .args(&args)
                .env("VAFA_PIN", pin)
                .output()
                .expect("run");
            let allowed = role >= action.default_role();
            if allowed {
                assert!(
                    out.status.success(),
                    "{name} {action:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
            } else {
                assert!(!out.status.success(), "{name} {action:?} should be refused");
                let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
                assert_eq!(v["error"]["code"], "forbidden", "{name} {action:?}");
            }
        }
    }
}

#[test]
fn sign_in_wrong_pins_lockout_and_disabled_accounts() {
    let s = Shop::new();
    s.ok(&["user", "add", "cara", "--role", "cashier", "--pin", "۲۴۶۸"]);
    s.ok(&["user", "add", "adam", "--role", "admin", "--pin", "9753"]);
    let as_user = |name: &str, pin: &str, args: &[&str]| {
        s.cmd()
            .args(["--json", "--user", name])
            .args(args)
            .env("VAFA_PIN", pin)
            .output()
            .expect("run")
    };
    let code = |out: &std::process::Output| -> String {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["error"]["code"].as_str().unwrap_or("ok").to_string()
    };
    // Persian digits are the same PIN.
    assert!(
        as_user("cara", "2468", &["sale", "--guest", "--amount", "1000"])
            .status
            .success()
    );
    // Bad new PINs.
    for pin in ["12", "1111", "1234", "12a4"] {
        let (c, _, _) = s.fails(&["user", "add", "bob", "--role", "cashier", "--pin", pin]);
        assert_eq!(c, "invalid_pin", "{pin}");
    }
    let (c, _, _) = s.fails(&["user", "add", "CARA", "--role", "cashier", "--pin", "1357"]);
    assert_eq!(c, "staff_exists");
    // Four wrong PINs say how many tries are left; the fifth locks the account.
    for left in (1..=4).rev() {
        let out = as_user("cara", "0000", &["member", "find", "x"]);
        assert_eq!(code(&out), "wrong_pin");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        assert!(
            v["error"]["message"]
                .as_str()
                .expect("m")
                .contains(&left.to_string())
        );
    }
    assert_eq!(
        code(&as_user("cara", "0000", &["member", "find", "x"])),
        "account_locked"
    );
    // Locked: even the right PIN is refused until the lock lifts.
    assert_eq!(
        code(&as_user("cara", "2468", &["member", "find", "x"])),
        "account_locked"
    );
    // The lock lifts by itself after [staff] lock_minutes...
    s.json_env(
        &[
            ("VAFA_PIN", "2468"),
            ("VAFA_NOW", "2026-11-22T10:16:00+03:30"),
        ],
        &["--user", "cara", "member", "find", "x"],
    );
    // ...or when an admin re-enables the account.
    for _ in 0..5 {
        as_user("cara", "0000", &["member", "find", "x"]);
    }
    assert_eq!(
        code(&as_user("cara", "2468", &["member", "find", "x"])),
        "account_locked"
    );
    assert!(
        as_user("adam", "9753", &["user", "enable", "cara"])
            .status
            .success()
    );
    assert!(
        as_user("cara", "2468", &["member", "find", "x"])
            .status
            .success()
    );
    // Disabled accounts and unknown names.
    s.ok(&["user", "disable", "cara"]);
    assert_eq!(
        code(&as_user("cara", "2468", &["member", "find", "x"])),
        "account_disabled"
    );
    assert_eq!(
        code(&as_user("nobody", "2468", &["member", "find", "x"])),
        "wrong_pin"
    );
    // The last active admin cannot be disabled.
    let (c, _, _) = s.fails(&["user", "disable", "adam"]);
    assert_eq!(c, "last_admin");
    // Every sign-in and failure is on the trail; no PIN is stored in clear.
    let trail = s.json(&["audit"]);
    let actions: Vec<&str> = trail["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| r["action"].as_str().expect("a"))
        .collect();
    for a in [
        "staff_add",
        "login",
        "login_failed",
        "account_locked",
        "staff_enable",
        "staff_disable",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let conn = rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("db");
    let hashes: Vec<String> = conn
        .prepare("SELECT pin_hash FROM staff")
        .expect("p")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows");
    for h in hashes {
        assert!(h.starts_with("$argon2id$") && !h.contains("2468") && !h.contains("9753"));
    }
    let list = s.json(&["user", "list"]);
    assert!(list.to_string().find("pin").is_none(), "{list}");
}

#[test]
fn nobody_gives_a_role_above_their_own() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut v = shop(tmp.path());
    v.import_config("[permissions]\nstaff = \"manager\"\n")
        .expect("cfg");
    v.act_as(as_role(Role::Manager));
    v.user_add("cara", Role::Cashier, "2468").expect("cashier");
    assert!(matches!(
        v.user_add("eve", Role::Admin, "2468"),
        Err(Error::RoleAboveOwn { .. })
    ));
}
