//! The audit trail shows tampering; automatic backups are taken, rotated, verified and
//! reported, and a backup taken while sales stream in is consistent.

use crate::common;

use common::Shop;
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_service::{Customer, InitOptions, MemberInput, SaleRequest, Vafa};

fn db(s: &Shop) -> rusqlite::Connection {
    rusqlite::Connection::open(s.dir.path().join("vafa.db")).expect("db")
}

/// A shop with a dozen audited acts on its trail.
fn busy_shop() -> Shop {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", Some("C1"));
    s.ok(&[
        "user",
        "add",
        "sam",
        "--role",
        "supervisor",
        "--pin",
        "1357",
    ]);
    s.ok(&[
        "adjust", "--member", &id, "--credit", "200000", "--reason", "opening",
    ]);
    let sale = s.json(&["sale", "--card", "C1", "--amount", "500000"]);
    s.ok(&[
        "sale",
        "void",
        sale["sale_id"].as_str().expect("id"),
        "--reason",
        "wrong",
    ]);
    s.ok(&["card", "block", "C1", "--reason", "lost"]);
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(&cfg, "[earn]\ncredit_percent = 7\n").expect("w");
    s.ok(&["config", "import", cfg.to_str().expect("p")]);
    s
}

fn audit_fails(s: &Shop) -> String {
    let (code, msg, _) = s.fails(&["audit"]);
    assert_eq!(code, "audit_broken", "{msg}");
    msg
}

#[test]
fn the_trail_records_who_did_what_and_verifies() {
    let s = busy_shop();
    let trail = s.json(&["audit"]);
    assert_eq!(trail["broken"], serde_json::Value::Null);
    let records = trail["records"].as_array().expect("records");
    let actions: Vec<&str> = records
        .iter()
        .map(|r| r["action"].as_str().expect("a"))
        .collect();
    assert_eq!(
        actions,
        ["staff_add", "adjust", "void", "card_block", "config_import"],
        "{trail}"
    );
    for r in records {
        assert!(r["actor"].as_str().expect("actor").starts_with("os:"));
        assert!(r["terminal"].as_str().expect("t").starts_with("TEH01/"));
    }
    // What changed is recorded: the configuration's old and new earning rules.
    let cfg: serde_json::Value =
        serde_json::from_str(records[4]["detail"].as_str().expect("d")).expect("json");
    assert_eq!(cfg["earn"][0]["credit_percent"], "5");
    assert_eq!(cfg["earn"][1]["credit_percent"], "7");
    // --since filters the listing, the whole chain is still verified.
    let later = s.json(&["audit", "--since", "1405-09-02"]);
    assert_eq!(later["records"].as_array().map(Vec::len), Some(0));
    assert_eq!(later["total"], 5);
    assert!(s.ok(&["audit"]).contains("the hash chain is intact"));
    // A Persian shop gets its listing and verdict in Persian, with Persian digits.
    let fa = Shop::with_lang("fa");
    fa.ok(&["user", "add", "sara", "--role", "cashier", "--pin", "2468"]);
    let out = fa.ok(&["audit"]);
    assert!(out.contains("۱ رویداد؛ زنجیرهٔ هش سالم است."), "{out}");
    assert!(out.contains("مدیر کل"), "the role in Persian: {out}");
}

#[test]
fn vafa_itself_cannot_change_the_trail() {
    let s = busy_shop();
    let c = db(&s);
    let e = c
        .execute("UPDATE audit SET detail = '{}' WHERE seq = 2", [])
        .expect_err("append-only");
    assert!(e.to_string().contains("append-only"), "{e}");
    assert!(c.execute("DELETE FROM audit WHERE seq = 2", []).is_err());
}

#[test]
fn an_edited_row_is_named() {
    let s = busy_shop();
    let c = db(&s);
    // Someone with a database tool drops the guard and makes the adjustment bigger.
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop");
    let original: String = c
        .query_row("SELECT detail FROM audit WHERE seq = 2", [], |r| r.get(0))
        .expect("d");
    c.execute(
        "UPDATE audit SET detail = replace(detail, '200000', '9200000') WHERE seq = 2",
        [],
    )
    .expect("edit");
    let msg = audit_fails(&s);
    assert!(msg.contains("Record 2 was changed"), "{msg}");
    // Put back exactly as it was: the chain holds again.
    c.execute("UPDATE audit SET detail = ?1 WHERE seq = 2", [&original])
        .expect("undo");
    s.ok(&["audit"]);
    // Re-hashing the edited row is not enough: the next row no longer follows it.
    let (prev, seq2): (String, i64) = c
        .query_row("SELECT prev_hash, seq FROM audit WHERE seq = 2", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("row");
    let forged = vafa_core::staff::AuditRecord {
        seq: seq2,
        at: c
            .query_row("SELECT at FROM audit WHERE seq = 2", [], |r| r.get(0))
            .expect("at"),
        actor: "os:someone".into(),
        role: "admin".into(),
        terminal: "x".into(),
        action: "adjust".into(),
        subject: "y".into(),
        detail: "{}".into(),
        prev_hash: prev,
        hash: String::new(),
    };
    let hash = forged.compute_hash();
    c.execute(
        "UPDATE audit SET actor = ?1, role = ?2, terminal = ?3, subject = ?4, detail = ?5, hash = ?6 WHERE seq = 2",
        rusqlite::params![forged.actor, forged.role, forged.terminal, forged.subject, forged.detail, hash],
    )
    .expect("forge");
    let msg = audit_fails(&s);
    assert!(msg.contains("Record 3 does not follow"), "{msg}");
}

#[test]
fn removed_rows_are_named_in_the_middle_and_at_the_end() {
    let s = busy_shop();
    let c = db(&s);
    c.execute_batch("DROP TRIGGER audit_no_delete;")
        .expect("drop");
    c.execute("DELETE FROM audit WHERE seq = 3", [])
        .expect("delete");
    let msg = audit_fails(&s);
    assert!(msg.contains("after 2 and before 4"), "{msg}");

    let s = busy_shop();
    let c = db(&s);
    c.execute_batch("DROP TRIGGER audit_no_delete;")
        .expect("drop");
    c.execute("DELETE FROM audit WHERE seq >= 4", [])
        .expect("delete");
    let msg = audit_fails(&s);
    assert!(
        msg.contains("ends at record 3, but 5 were written"),
        "{msg}"
    );
}

fn dir_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn automatic_backups_are_due_daily_rotated_verified_and_reported() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    let folder = s.dir.path().join("usb");
    std::fs::create_dir(&folder).expect("mkdir");
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!(
            "[backup]\nfolder = \"{}\"\nkeep = 3\nevery_hours = 24\nwarn_after_hours = 48\n",
            folder.display()
        ),
    )
    .expect("w");
    s.ok(&["config", "import", cfg.to_str().expect("p")]);
    // Never backed up: the status warns.
    let st = s.json(&["backup", "--status"]);
    assert_eq!(st["status"]["stale"], true);
    assert!(s.ok(&[]).contains("No backup has been taken yet"));
    let at = |h: i64| {
        (chrono::DateTime::parse_from_rfc3339(common::NOW).expect("t") + chrono::Duration::hours(h))
            .to_rfc3339()
    };
    let auto = |h: i64| s.json_env(&[("VAFA_NOW", &at(h))], &["backup", "--auto"]);
    let first = auto(0);
    assert!(first["written"].is_string());
    // Not due again an hour later.
    assert_eq!(auto(1)["written"], serde_json::Value::Null);
    // Then daily; only the newest three are kept.
    for day in 1..=4 {
        let r = auto(24 * day);
        assert!(r["written"].is_string(), "day {day}: {r}");
    }
    let files = dir_files(&folder);
    assert_eq!(files.len(), 3, "{files:?}");
    for f in &files {
        vafa_store::backup::verify_file(f).expect("each kept backup is good");
        assert!(!f.to_string_lossy().ends_with(".partial"));
    }
    assert!(
        !files
            .iter()
            .any(|f| f.to_string_lossy() == first["written"].as_str().expect("w"))
    );
    // Three days later with no backup, the till warns.
    let st = s.json_env(&[("VAFA_NOW", &at(24 * 4 + 72))], &["backup", "--status"]);
    assert_eq!(st["status"]["stale"], true);
    assert_eq!(st["status"]["age_hours"], 72);
}

#[test]
fn a_missing_backup_folder_is_reported_and_trading_goes_on() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    let gone = s.dir.path().join("not-plugged-in");
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(&cfg, format!("[backup]\nfolder = \"{}\"\n", gone.display())).expect("w");
    s.ok(&["config", "import", cfg.to_str().expect("p")]);
    let (code, msg, _) = s.fails(&["backup", "--auto"]);
    assert_eq!(code, "backup_folder_missing");
    assert!(
        msg.contains("not-plugged-in") && msg.contains("Trading goes on"),
        "{msg}"
    );
    assert!(!gone.exists(), "a configured folder is never created");
    let st = s.json(&["backup", "--status"]);
    assert!(
        st["status"]["last_error"]
            .as_str()
            .expect("err")
            .contains("not-plugged-in")
    );
    s.json(&["sale", "--card", "C1", "--amount", "100000"]);
}

/// A full disk: a 256 KiB tmpfs (needs root, as CI has; skipped with a note otherwise).
#[test]
fn a_full_backup_disk_is_reported_leaves_no_partial_file_and_trading_goes_on() {
    let s = Shop::new();
    let mount = s.dir.path().join("small");
    std::fs::create_dir(&mount).expect("mkdir");
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&mount)
        .status()
        .map(|st| st.success())
        .unwrap_or(false);
    if !ok {
        eprintln!(
            "SKIPPED: cannot mount a small tmpfs here (not root?); the full-disk case is untested in this run"
        );
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(mount.clone());
    // A shop bigger than the disk: 2,000 members.
    let csv: String = std::iter::once("first_name,last_name,mobile\n".to_string())
        .chain((0..2000).map(|i| format!("Name{i},Family{i},0912{i:07}\n")))
        .collect();
    let file = s.dir.path().join("m.csv");
    std::fs::write(&file, csv).expect("w");
    s.ok(&["import", "members", file.to_str().expect("p")]);
    let cfg = s.dir.path().join("c.toml");
    std::fs::write(
        &cfg,
        format!("[backup]\nfolder = \"{}\"\n", mount.display()),
    )
    .expect("w");
    s.ok(&["config", "import", cfg.to_str().expect("p")]);
    let (code, msg, _) = s.fails(&["backup", "--auto"]);
    assert_eq!(code, "io", "{msg}");
    assert!(dir_files(&mount).is_empty(), "{:?}", dir_files(&mount));
    let st = s.json(&["backup", "--status"]);
    assert!(st["status"]["last_error"].is_string());
    s.json(&["sale", "--mobile", "09120000001", "--amount", "100000"]);
}

#[test]
fn a_backup_taken_while_sales_stream_in_is_consistent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("shop");
    let mut v = Vafa::init(
        &dir,
        &InitOptions {
            shop: "T".into(),
            branch: "B1".into(),
            branch_name: None,
            lang: Lang::En,
            unit: "toman".into(),
        },
    )
    .expect("init");
    let mut ids = Vec::new();
    for i in 0..20 {
        ids.push(
            v.enrol(&MemberInput {
                first: Some("M".into()),
                last: Some(format!("{i}")),
                mobile: parse_mobile(&format!("0912000{i:04}")),
                ..MemberInput::default()
            })
            .expect("enrol")
            .id,
        );
    }
    drop(v);
    const SALES: usize = 400;
    let (started, wait) = std::sync::mpsc::channel();
    let seller = {
        let dir = dir.clone();
        std::thread::spawn(move || {
            let mut v = Vafa::open(&dir).expect("open");
            for n in 0..SALES {
                if n == 10 {
                    let _ = started.send(());
                }
                let mut r = SaleRequest::new(Customer::id(ids[n % ids.len()].clone()), 300_000);
                if n % 3 == 0 {
                    r.redeem = Redeem::All;
                }
                v.sell(&r).expect("sale");
            }
        })
    };
    let v = Vafa::open(&dir).expect("open");
    wait.recv().expect("sales started");
    let mut counts = Vec::new();
    let mut n = 0;
    while !seller.is_finished() || n < 2 {
        let path = tmp.path().join(format!("b{n}.db"));
        v.backup(&path).expect("backup during sales");
        // Open the copy as a shop and prove it: every balance equals its entries, every
        // sale has its ledger entries and aggregates.
        let copy = tmp.path().join(format!("copy{n}"));
        std::fs::create_dir(&copy).expect("mkdir");
        std::fs::copy(&path, copy.join("vafa.db")).expect("copy");
        let c = Vafa::open(&copy).expect("open copy");
        assert_eq!(
            c.check().expect("check"),
            Vec::<String>::new(),
            "backup {n}"
        );
        let (sales, earned, visits): (i64, i64, i64) = c
            .conn()
            .query_row(
                "SELECT (SELECT COUNT(*) FROM sales),
                        (SELECT COUNT(DISTINCT sale_id) FROM ledger WHERE kind = 'earn'),
                        (SELECT SUM(visits) FROM member_days)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("q");
        assert_eq!(sales, earned, "backup {n}: a sale without its entries");
        // (`member_days.visits` counts a day's sales; a visit is a day.)
        assert_eq!(sales, visits, "backup {n}: a sale without its aggregates");
        counts.push(sales);
        n += 1;
    }
    seller.join().expect("seller");
    assert!(
        counts.iter().any(|&c| c > 0 && c < SALES as i64),
        "no backup was taken mid-stream: {counts:?}"
    );
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
}
