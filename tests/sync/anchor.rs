//! The audit trail anchored at head office (issue 13 item 9): a till's trail rewritten
//! consistently (triggers dropped, a record deleted, every later one renumbered and
//! re-hashed, the head kept apart updated) passes `vafa audit` on the till, and
//! `vafa-hq audit` names the branch and terminal after its next sync.

use crate::common;
use crate::trust::{ALI, sync, till};

use common::hq::{Hq, backends};
use vafa_core::staff::{AuditRecord, GENESIS};

/// Deletes audit record `gone` and re-chains the rest, as someone with the file would.
fn rewrite(db: &std::path::Path, gone: i64) {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .expect("drop triggers");
    conn.execute("DELETE FROM audit WHERE seq = ?1", [gone])
        .expect("delete");
    let mut rows: Vec<AuditRecord> = {
        let mut st = conn
            .prepare(
                "SELECT seq, at, actor, role, terminal, action, subject, detail, prev_hash, hash
                 FROM audit ORDER BY seq",
            )
            .expect("prepare");
        st.query_map([], |r| {
            Ok(AuditRecord {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                role: r.get(3)?,
                terminal: r.get(4)?,
                action: r.get(5)?,
                subject: r.get(6)?,
                detail: r.get(7)?,
                prev_hash: r.get(8)?,
                hash: r.get(9)?,
            })
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
    };
    conn.execute("DELETE FROM audit", []).expect("clear");
    let mut prev = GENESIS.to_string();
    for (i, r) in rows.iter_mut().enumerate() {
        r.seq = i as i64 + 1;
        r.prev_hash = prev.clone();
        r.hash = r.compute_hash();
        prev = r.hash.clone();
        conn.execute(
            "INSERT INTO audit (seq, at, actor, role, terminal, action, subject, detail, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            rusqlite::params![
                r.seq, r.at, r.actor, r.role, r.terminal, r.action, r.subject, r.detail,
                r.prev_hash, r.hash
            ],
        )
        .expect("insert");
    }
    let last = rows.last().expect("a record");
    conn.execute(
        "UPDATE settings SET value = ?1 WHERE key = 'audit_head'",
        [format!("{}:{}", last.seq, last.hash)],
    )
    .expect("head");
}

fn audited(hq: &Hq) -> (bool, String) {
    let out = hq.run(&["audit"]);
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn a_consistent_rewrite_of_a_tills_trail_is_named_at_head_office() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let (a, a_terminal, _) = till(&hq, "A");
        let (b, _, _) = till(&hq, "B");
        a.enrol("Ali", ALI, None);
        for i in 0..3 {
            let sale = a.json(&[
                "sale",
                "--mobile",
                ALI,
                "--amount",
                &format!("{}0000", i + 1),
            ]);
            a.json(&["sale", "void", sale["sale_id"].as_str().expect("id")]);
            sync(&a);
        }
        b.enrol("Bita", "09120000002", None);
        sync(&b);
        let trail = a.json(&["audit"]);
        let n = trail["records"].as_array().expect("records").len() as i64;
        assert!(n >= 3, "{trail}");
        // Honest tills: nothing to say.
        let (ok, text) = audited(&hq);
        assert!(ok, "{backend}: {text}");
        assert!(text.contains("continues"), "{text}");

        // The first void's record goes, and the trail is made whole again.
        let first_void: i64 = rusqlite::Connection::open(a.dir.path().join("vafa.db"))
            .expect("open")
            .query_row(
                "SELECT MIN(seq) FROM audit WHERE action = 'void'",
                [],
                |r| r.get(0),
            )
            .expect("a void");
        rewrite(&a.dir.path().join("vafa.db"), first_void);
        a.ok(&["audit"]);
        // Business goes on; the next sync tells head office.
        let sale = a.json(&["sale", "--mobile", ALI, "--amount", "50000"]);
        a.json(&["sale", "void", sale["sale_id"].as_str().expect("id")]);
        sync(&a);
        let out = hq.run(&["audit"]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(!out.status.success(), "{backend}: {text}");
        assert!(
            text.contains("branch A") && text.contains(&a_terminal) && text.contains("rewritten"),
            "{backend}: {text}"
        );
        assert!(!text.contains("branch B"), "{backend}: {text}");
        // With --json: the list, then the error that ends the command.
        let out = hq.run(&["--json", "audit"]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        let list: serde_json::Value =
            serde_json::from_str(stdout.lines().next().unwrap_or_default()).expect("json");
        assert!(
            list.as_array().is_some_and(|l| !l.is_empty()
                && l.iter()
                    .all(|b| b["branch"] == "A" && b["terminal"] == a_terminal.as_str())),
            "{backend}: {list}"
        );
    }
}

#[cfg(unix)]
fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// The terminal token is in no backup; the database, its WAL and shm, every backup and
/// head office's SQLite file are their owner's alone, even when made under a lax umask
/// or left readable by an older version.
#[cfg(unix)]
#[test]
fn tokens_stay_out_of_backups_and_data_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let hq = Hq::start("sqlite");
    let (a, _, token) = till(&hq, "A");
    a.enrol("Ali", ALI, None);
    a.json(&["sale", "--mobile", ALI, "--amount", "10000"]);
    sync(&a);
    let db = a.dir.path().join("vafa.db");
    let wal = a.dir.path().join("vafa.db-wal");
    let hq_db = std::path::PathBuf::from(hq.database.trim_start_matches("sqlite:"));
    for p in [
        &db,
        &hq_db,
        &std::path::PathBuf::from(format!("{}-wal", hq_db.display())),
    ] {
        assert_eq!(mode(p), 0o600, "{}", p.display());
    }
    // The live file has the token (the till needs it); the backup has not a byte of it.
    let backup = a.dir.path().join("copy.db");
    a.ok(&["backup", backup.to_str().expect("path")]);
    assert_eq!(mode(&backup), 0o600);
    let bytes = std::fs::read(&backup).expect("read backup");
    let secret = token.trim_start_matches("vt1_");
    assert!(
        !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
        "the token is in the backup"
    );
    // Restored onto the same till, it keeps its token and syncs on.
    a.ok(&["restore", backup.to_str().expect("path")]);
    a.json(&["sale", "--mobile", ALI, "--amount", "20000"]);
    sync(&a);
    assert_eq!(a.json(&["sync", "status"])["pending"], 0);
    // Files an older version left readable by everyone are made private at the next open.
    for p in [&db, &wal, &hq_db] {
        if p.exists() {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        }
    }
    a.json(&["member", "show", "--mobile", ALI]);
    hq.json(&["member", "show", "--mobile", ALI]);
    for p in [&db, &hq_db] {
        assert_eq!(mode(p), 0o600, "{}", p.display());
    }
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
}
