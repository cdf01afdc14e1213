//! Head office's schema ladder (`migrations/hq/*.sql`), the same files for both backends.

use super::HqError;
use super::storage::Db;

pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../migrations/hq/0001_init.sql")),
    (2, include_str!("../../migrations/hq/0002_lot_expiry.sql")),
];

/// Brings the database up to the latest schema, in one transaction.
pub fn migrate(db: &mut dyn Db) -> Result<(), HqError> {
    let exists = match db.name() {
        "sqlite" => db.query(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'hq_schema'",
            &[],
        )?,
        _ => db.query(
            "SELECT COUNT(*)::BIGINT FROM information_schema.tables WHERE table_name = 'hq_schema' AND table_schema = current_schema()",
            &[],
        )?,
    };
    let version = if exists.first().and_then(|r| r.first()).map(|v| v.int()) == Some(1) {
        db.query("SELECT MAX(version) FROM hq_schema", &[])?
            .first()
            .and_then(|r| r.first())
            .map(|v| v.int())
            .unwrap_or(0)
    } else {
        0
    };
    let latest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if version > latest {
        return Err(HqError::storage(format!(
            "the database is at head-office schema {version}; this vafa-hq knows up to {latest}"
        )));
    }
    if version == latest {
        return Ok(());
    }
    db.begin()?;
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
        let sql = sql.replace("{serial}", db.serial());
        if let Err(e) = db.exec(&sql, &[]) {
            db.rollback();
            return Err(HqError::storage(format!("migration {v}: {}", e.message)));
        }
    }
    if version == 1
        && let Err(e) = backfill_expiry(db)
    {
        db.rollback();
        return Err(e);
    }
    db.exec("UPDATE hq_schema SET version = $1", &[Val::Int(latest)])?;
    db.commit()
}

use super::storage::Val;

/// Schema 2: the expiry of each lot and the note of each entry stored under schema 1,
/// from the records they came in.
fn backfill_expiry(db: &mut dyn Db) -> Result<(), HqError> {
    let rows = db.query(
        "SELECT payload FROM records WHERE kind IN ('sale', 'void', 'entry', 'merge')",
        &[],
    )?;
    for r in rows {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&r[0].str()) else {
            continue;
        };
        let mut entries: Vec<&serde_json::Value> = v
            .get("entries")
            .and_then(|e| e.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        entries.push(&v);
        for e in entries {
            let text = |k: &str| e.get(k).and_then(|x| x.as_str());
            if let Some(id) = text("id")
                && (text("expires_at").is_some() || text("note").is_some())
            {
                db.exec(
                    "UPDATE ledger SET expires_at = $2, note = $3 WHERE id = $1",
                    &[id.into(), text("expires_at").into(), text("note").into()],
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hq::storage::sqlite::SqliteDb;

    #[test]
    fn schema_2_fills_in_each_lots_expiry_and_note_from_the_records_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("hq.db");
        let mut db = SqliteDb::open(path.to_str().expect("path")).expect("open");
        // A head office as schema 1 left it: a sale record and its two ledger rows.
        db.exec(&MIGRATIONS[0].1.replace("{serial}", db.serial()), &[])
            .expect("schema 1");
        let payload = serde_json::json!({"sale": {"id": "s1"}, "entries": [
            {"id": "e1", "member_id": "m", "account": "credit", "amount": 5000, "kind": "earn",
             "expires_at": "2026-12-01T00:00:00+00:00", "at": "t", "branch": "A", "note": "offer:x"},
            {"id": "e2", "member_id": "m", "account": "points", "amount": 5, "kind": "earn",
             "at": "t", "branch": "A"}]});
        db.exec(
            "INSERT INTO records (dedup, kind, record_id, seq, payload, created_at, received_at)
             VALUES ('sale:s1', 'sale', 's1', 1, $1, 't', 't')",
            &[payload.to_string().into()],
        )
        .expect("record");
        for (id, acc, amount) in [("e1", "credit", 5000), ("e2", "points", 5)] {
            db.exec(
                "INSERT INTO ledger (id, member_id, account, amount, kind, branch, at)
                 VALUES ($1, 'm', $2, $3, 'earn', 'A', 't')",
                &[id.into(), acc.into(), Val::Int(amount)],
            )
            .expect("ledger");
        }
        migrate(&mut db).expect("migrate");
        let rows = db
            .query("SELECT id, expires_at, note FROM ledger ORDER BY id", &[])
            .expect("rows");
        assert_eq!(
            rows,
            vec![
                vec![
                    "e1".into(),
                    "2026-12-01T00:00:00+00:00".into(),
                    "offer:x".into()
                ],
                vec!["e2".into(), Val::Null, Val::Null],
            ]
        );
        let v = db.query("SELECT version FROM hq_schema", &[]).expect("v");
        assert_eq!(v[0][0], Val::Int(2));
    }
}
