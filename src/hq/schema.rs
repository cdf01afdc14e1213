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
