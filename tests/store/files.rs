//! The database file: migrations, refusal of files we cannot trust, backup and restore,
//! CSV import and export, and the demo shop.

use crate::common;
use common::Shop;
use vafa_store::open::{MIGRATIONS, latest_version, migrate, schema_of};

#[test]
fn a_migrated_database_equals_a_fresh_one() {
    let dir = tempfile::tempdir().expect("dir");
    let fresh = vafa_store::open::create(&dir.path().join("fresh.db")).expect("fresh");
    // Every starting point on the ladder: stop at version k, then open with vafa.
    for (k, _) in MIGRATIONS {
        let path = dir.path().join(format!("v{k}.db"));
        let conn = rusqlite::Connection::open(&path).expect("open");
        migrate(&conn, 0, *k).expect("partial ladder");
        drop(conn);
        let upgraded = vafa_store::open::open(&path).expect("upgrade");
        assert_eq!(
            schema_of(&upgraded).expect("schema"),
            schema_of(&fresh).expect("schema"),
            "from v{k}"
        );
        let v: i64 = upgraded
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("v");
        assert_eq!(v, latest_version());
        // The data as it was before the schema changed is kept, and is a good backup.
        let kept: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        let ours: Vec<_> = kept
            .iter()
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&format!("before-migration-v{k}-")))
            })
            .collect();
        if *k < latest_version() {
            assert_eq!(ours.len(), 1, "from v{k}: {kept:?}");
            vafa_store::backup::verify_file(ours[0]).expect("verified");
            let c = rusqlite::Connection::open(ours[0]).expect("open");
            let kv: i64 = c
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .expect("v");
            assert_eq!(kv, *k);
        } else {
            assert!(ours.is_empty());
        }
    }
    let mode: String = fresh
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
    let sync: i64 = fresh
        .query_row("PRAGMA synchronous", [], |r| r.get(0))
        .expect("sync");
    assert_eq!(sync, 2, "synchronous=FULL");
    let fk: i64 = fresh
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
}

#[test]
fn schema_7_keeps_what_members_owed_and_lets_a_lot_be_repaid() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("v6.db");
    let conn = rusqlite::Connection::open(&path).expect("open");
    migrate(&conn, 0, 6).expect("to 6");
    // Schema 6's overdrafts: one entry drew part of its lot (its ledger row names the
    // lot), one found the lot empty (no row: which lot is unknown).
    conn.execute_batch(
        "INSERT INTO members (id, first_name, last_name, mobile, branch, created_at, updated_at)
             VALUES ('m1', 'M', 'P', '+989120000001', 'A', 't', 't');
         INSERT INTO lots VALUES ('L0', 'm1', 'credit', 0, NULL, 1), ('L1', 'm1', 'credit', 0, NULL, 2),
                                ('P1', 'm1', 'points', 0, NULL, 4);
         INSERT INTO ledger (seq, id, member_id, account, amount, kind, lot_id, at, branch)
             VALUES (1, 'L0', 'm1', 'credit', 10, 'earn', NULL, 't', 'A'),
                    (2, 'L1', 'm1', 'credit', 10, 'earn', NULL, 't', 'A'),
                    (3, 'e1', 'm1', 'credit', -10, 'redeem', 'L1', 't', 'B'),
                    (4, 'P1', 'm1', 'points', 5, 'earn', NULL, 't', 'A'),
                    (5, 'e4', 'm1', 'points', -5, 'redeem', 'P1', 't', 'B');
         INSERT INTO sync_overdraft VALUES ('e1', 'm1', 700, 't'), ('e2', 'm1', 300, 't'),
                                           ('e4', 'm1', 3, 't');",
    )
    .expect("v6 rows");
    drop(conn);
    let conn = vafa_store::open::open(&path).expect("upgrade");
    let rows: Vec<(String, Option<String>, i64)> = conn
        .prepare("SELECT entry_id, lot_id, amount FROM shortfall ORDER BY entry_id")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        rows,
        vec![
            ("e1".into(), Some("L1".into()), 700),
            ("e2".into(), None, 300),
            ("e4".into(), Some("P1".into()), 3),
        ]
    );
    // A points debt stays a points debt.
    assert_eq!(
        vafa_store::ledger::owed(&conn, "m1").expect("owed"),
        (1000, 3)
    );
    // The ledger's definition was edited in place: the file is sound.
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(ok, "ok");
    // Head office repays the debt whose lot was unknown on the lot it knows: taken here as
    // repaying the unplaced debt, not as new credit in L0.
    let mut repay = vafa_store::ledger::Entry::new(
        "m1",
        vafa_core::ledger::Account::Credit,
        300,
        vafa_core::ledger::EntryKind::Adjust,
        "t",
        "HQ",
    );
    repay.lot_id = Some("L0".into());
    repay.note = Some(vafa_core::protocol::NOTE_REPAID.into());
    vafa_store::ledger::append(&conn, &repay).expect("repay");
    // It cancels a draw L0 never counted: L0's own reckoning is untouched.
    let counted: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM lot_unapplied WHERE lot_id = 'L0'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(counted, 0);
    assert_eq!(
        vafa_store::ledger::owed(&conn, "m1").expect("owed"),
        (700, 3)
    );
    let l0: i64 = conn
        .query_row("SELECT remaining FROM lots WHERE lot_id = 'L0'", [], |r| {
            r.get(0)
        })
        .expect("L0");
    assert_eq!(l0, 0);
    // What a member owes follows head office's merges, however many deep.
    conn.execute_batch("INSERT INTO sync_merges VALUES ('m1', 'm2', 't'), ('m2', 'm3', 't');")
        .expect("merges");
    assert_eq!(
        vafa_store::ledger::owed(&conn, "m3").expect("owed"),
        (700, 3)
    );
    // The ledger now takes an adjustment that gives back to a lot; still no other shape.
    conn.execute(
        "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, at, branch)
         VALUES ('r1', 'm1', 'credit', 5, 'adjust', 'L1', 't', 'HQ')",
        [],
    )
    .expect("a repayment");
    assert!(
        conn.execute(
            "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, at, branch)
             VALUES ('r2', 'm1', 'credit', 5, 'redeem', 'L1', 't', 'HQ')",
            [],
        )
        .is_err(),
        "a redemption never gives to a lot"
    );
}

fn bytes(p: &std::path::Path) -> Vec<u8> {
    std::fs::read(p).expect("read")
}

#[test]
fn files_we_cannot_trust_are_refused_and_left_untouched() {
    let s = Shop::new();
    let db = s.dir.path().join("vafa.db");
    // Fold the WAL into the file so that its bytes are the whole story.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
    }

    // A newer vafa's database.
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.pragma_update(None, "user_version", latest_version() + 1)
            .expect("bump");
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
    }
    let before = bytes(&db);
    let (code, msg, _) = s.fails(&["member", "find", "x"]);
    assert_eq!(code, "database_too_new", "{msg}");
    assert_eq!(bytes(&db), before);

    // Garbage where the database should be.
    let mut junk = b"this is not a database, it is a shopping list".to_vec();
    junk.resize(8192, b'x');
    std::fs::write(&db, &junk).expect("write");
    let _ = std::fs::remove_file(s.dir.path().join("vafa.db-wal"));
    let (code, msg, _) = s.fails(&["member", "find", "x"]);
    assert_eq!(code, "database_unreadable");
    assert!(msg.contains("restore"), "{msg}");
    assert_eq!(bytes(&db), junk, "an unreadable file is never rewritten");

    // Somebody else's SQLite database.
    std::fs::remove_file(&db).expect("rm");
    {
        let c = rusqlite::Connection::open(&db).expect("open");
        c.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
            .expect("other db");
    }
    let before = bytes(&db);
    let (code, _, _) = s.fails(&["member", "find", "x"]);
    assert_eq!(code, "not_vafa_database");
    assert_eq!(bytes(&db), before);
}

fn dump(path: &std::path::Path) -> Vec<String> {
    let c = rusqlite::Connection::open(path).expect("open");
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_schema WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("p")
        .query_map([], |r| r.get(0))
        .expect("q")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut out = Vec::new();
    for t in tables {
        let mut stmt = c
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY 1"))
            .expect("p");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = t.clone();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("|{v:?}"));
                }
                Ok(s)
            })
            .expect("q")
            .collect::<Result<Vec<_>, _>>()
            .expect("rows");
        out.extend(rows);
    }
    out.sort();
    out
}

#[test]
fn backup_and_restore_round_trip_every_table() {
    let s = Shop::new();
    let id = s.enrol("Ali", "09121234567", Some("C1"));
    s.json(&[
        "sale",
        "--card",
        "C1",
        "--amount",
        "1000000",
        "--item",
        "x:1:1000000:coffee",
    ]);
    let backup = s.dir.path().join("b.vafa");
    s.ok(&["backup", backup.to_str().expect("p")]);
    let expected = dump(&backup);
    assert!(expected.iter().any(|r| r.starts_with("ledger|")));

    // Life goes on after the backup...
    s.json(&["sale", "--card", "C1", "--amount", "500000"]);
    s.enrol("Mina", "09351234567", None);
    // ...then the backup is restored.
    let out = s.json(&["restore", backup.to_str().expect("p")]);
    let kept = std::path::PathBuf::from(out["previous_data_kept_in"].as_str().expect("kept"));
    assert!(kept.exists(), "the data before the restore is kept");
    let restored = s.dir.path().join("check.db");
    s.ok(&["backup", restored.to_str().expect("p")]);
    // Every table comes back as it was, except that the restore itself is now on the
    // audit trail (and its head moved on).
    let trail = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .filter(|r| r.starts_with("audit|"))
            .cloned()
            .collect()
    };
    let rest = |rows: &[String]| -> Vec<String> {
        rows.iter()
            .filter(|r| !r.starts_with("audit|") && !r.starts_with("settings|Text(\"audit_head\")"))
            .cloned()
            .collect()
    };
    let after = dump(&restored);
    assert_eq!(rest(&after), rest(&expected));
    let (before_trail, after_trail) = (trail(&expected), trail(&after));
    // The backup's trail, then what was recorded after the backup was taken (carried
    // over: here the record of taking that backup), then the restore.
    assert_eq!(after_trail[..before_trail.len()], before_trail[..]);
    let added = &after_trail[before_trail.len()..];
    assert_eq!(added.len(), 2, "{added:?}");
    assert!(added[0].contains("Text(\"backup\")") && added[0].contains("carried_over_from"));
    assert!(added[1].contains("Text(\"restore\")"));
    assert_eq!(s.json(&["member", "show", "--id", &id])["visits"], 1);
    assert_eq!(
        s.json(&["member", "find", "0935"]).as_array().map(Vec::len),
        Some(0)
    );
    s.ok(&["check"]);
    // The kept copy still has the later sale.
    assert!(dump(&kept).len() > expected.len());
}

#[test]
fn restore_refuses_what_is_not_a_good_vafa_backup() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", None);
    let before = s.counts();
    let junk = s.dir.path().join("junk.vafa");
    std::fs::write(&junk, b"not a database at all, just bytes").expect("w");
    let (code, _, _) = s.fails(&["restore", junk.to_str().expect("p")]);
    assert_eq!(code, "database_unreadable");
    let other = s.dir.path().join("other.db");
    rusqlite::Connection::open(&other)
        .expect("o")
        .execute_batch("CREATE TABLE members(x);")
        .expect("t");
    let (code, _, _) = s.fails(&["restore", other.to_str().expect("p")]);
    assert_eq!(code, "not_vafa_database");
    let (code, _, _) = s.fails(&["restore", "/nonexistent/backup.vafa"]);
    assert_eq!(code, "io");
    assert_eq!(s.counts(), before);
}

#[test]
fn import_keeps_good_rows_reports_bad_lines_and_never_half_imports() {
    let s = Shop::new();
    let csv = s.dir.path().join("m.csv");
    std::fs::write(
        &csv,
        "first_name,last_name,mobile,birth_date,card,credit,points,field:city\n\
         Sara,Ahmadi,09121234567,1370/05/12,C1,150000,20,Tehran\n\
         Bad,Mobile,12345,,,,,\n\
         Reza,Karimi,۰۹۳۵۱۲۳۴۵۶۷,,C2,,,Shiraz\n\
         Dup,Mobile,+989121234567,,,,,\n\
         Half,Row,09190000000,,C3,lots,,\n\
         Bad,Date,09190000001,1404/12/30,,,,\n",
    )
    .expect("w");
    let (code, msg, _) = s.fails(&["import", "members", csv.to_str().expect("p")]);
    assert_eq!(code, "import_rows");
    for line in ["line 3", "line 5", "line 6", "line 7"] {
        assert!(msg.contains(line), "{line} missing from: {msg}");
    }
    assert!(msg.starts_with("2 rows imported"), "{msg}");
    let sara = s.json(&["member", "show", "--card", "C1"]);
    assert_eq!(sara["balance"]["credit"], 150_000);
    assert_eq!(sara["balance"]["points"], 20);
    assert_eq!(sara["fields"]["city"], "Tehran");
    assert_eq!(
        s.json(&["member", "show", "--card", "C2"])["mobile"],
        "+989351234567"
    );
    // The row with a bad opening balance left nothing behind: no member, no card.
    let (code, _, _) = s.fails(&["member", "show", "--mobile", "09190000000"]);
    assert_eq!(code, "unknown_member");
    let (code, _, _) = s.fails(&["member", "show", "--card", "C3"]);
    assert_eq!(code, "unknown_card");
    s.ok(&["check"]);

    std::fs::write(&csv, "first_name,surname,mobile\nA,B,09121112233\n").expect("w");
    let (code, msg, _) = s.fails(&["import", "members", csv.to_str().expect("p")]);
    assert_eq!(code, "invalid_config");
    assert!(msg.contains("surname"), "{msg}");
}

#[test]
fn export_writes_csv() {
    let s = Shop::new();
    s.enrol("Ali", "09121234567", Some("C1"));
    s.json(&["sale", "--card", "C1", "--amount", "1000000"]);
    let members = s.ok(&["export", "members"]);
    assert!(
        members.starts_with("id,first_name,last_name,mobile"),
        "{members}"
    );
    assert!(members.contains("+989121234567"));
    let out = s.dir.path().join("sales.csv");
    s.ok(&["export", "sales", "--out", out.to_str().expect("p")]);
    let sales = std::fs::read_to_string(&out).expect("r");
    assert_eq!(sales.lines().count(), 2);
    assert!(sales.contains(",1000000,"));
}

#[test]
fn the_demo_shop_is_believable() {
    let dir = tempfile::tempdir().expect("dir");
    let shop = Shop { dir };
    shop.ok(&["demo", "--members", "200", "--days", "730", "--seed", "7"]);
    shop.ok(&["check"]);
    let c = rusqlite::Connection::open(shop.dir.path().join("vafa.db")).expect("open");
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).expect(sql) };
    assert_eq!(q("SELECT COUNT(*) FROM members"), 200);
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM members WHERE mobile NOT GLOB '+989[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"
        ),
        0
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM members WHERE birth_date IS NULL"),
        0
    );
    // Persian names (Arabic-script letters).
    assert_eq!(
        q("SELECT COUNT(*) FROM members WHERE unicode(first_name) NOT BETWEEN 1536 AND 1791"),
        0
    );
    // Two years of visits.
    let first: String = c
        .query_row("SELECT MIN(at_utc) FROM sales", [], |r| r.get(0))
        .expect("min");
    assert!(first.as_str() < "2025-01-01", "{first}");
    // 50–80% are regulars: a visit every two weeks or more often, small baskets.
    let regulars = q("SELECT COUNT(*) FROM member_stats s WHERE visits >= 20
        AND total_spend / visits < 2000000");
    let share = regulars * 100 / 200;
    assert!(
        (50..=80).contains(&share),
        "regular small-basket share {share}%"
    );
    let guests = q("SELECT COUNT(*) FROM sales WHERE member_id IS NULL");
    assert!(guests > 0);
    // A demo shop is only made in an empty data dir.
    let (code, _, _) = shop.fails(&["demo"]);
    assert_eq!(code, "already_initialised");
}

#[test]
fn the_example_configuration_in_packaging_imports() {
    let s = Shop::new();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/packaging/examples/config.toml"
    );
    let c = s.json(&["config", "import", path]);
    assert_eq!(c["tier"][2]["name"], "gold");
}

#[test]
fn the_example_offers_in_packaging_import() {
    let s = Shop::new();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/packaging/examples/offers.toml"
    );
    let list = s.json(&["offers", "import", path]);
    assert_eq!(list.as_array().map(Vec::len), Some(9));
}
