//! Head office's schema ladder (`migrations/hq/*.sql`), the same files for both backends.

use super::HqError;
use super::overdraft::LOT_NET;
use super::storage::Db;

pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../../../migrations/hq/0001_init.sql")),
    (
        2,
        include_str!("../../../migrations/hq/0002_lot_expiry.sql"),
    ),
    (3, include_str!("../../../migrations/hq/0003_trust.sql")),
    (
        4,
        include_str!("../../../migrations/hq/0004_audit_marks.sql"),
    ),
    // 5 is gift18b's (gift records); this branch's reports are 6.
    (6, include_str!("../../../migrations/hq/0006_reports.sql")),
];

/// Brings the database up to the latest schema, in one transaction.
pub fn migrate(db: &mut dyn Db) -> Result<(), HqError> {
    let exists: i64 = match db.name() {
        "sqlite" => db.scalar(
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'hq_schema'",
            &[],
            "n",
        )?,
        _ => db.scalar(
            "SELECT COUNT(*)::BIGINT AS n FROM information_schema.tables WHERE table_name = 'hq_schema' AND table_schema = current_schema()",
            &[],
            "n",
        )?,
    };
    let version = if exists == 1 {
        db.scalar::<Option<i64>>("SELECT MAX(version) AS v FROM hq_schema", &[], "v")?
            .unwrap_or(0)
    } else {
        0
    };
    let latest = MIGRATIONS.last().map(|m| m.0).unwrap_or(0);
    if version > latest {
        return Err(HqError::SchemaTooNew {
            found: version,
            known: latest,
        });
    }
    if version == latest {
        return Ok(());
    }
    db.begin()?;
    for (v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > version) {
        let sql = sql.replace("{serial}", db.serial());
        if let Err(e) = db.exec(&sql, &[]) {
            db.rollback();
            let detail = match e {
                HqError::Storage { detail } => detail,
                other => other.to_string(),
            };
            return Err(HqError::storage(format!("migration {v}: {detail}")));
        }
    }
    let upgraded = (|| {
        if version == 1 {
            upgrade_to_2(db)?;
        }
        if (1..3).contains(&version) {
            upgrade_to_3(db)?;
        }
        if (1..6).contains(&version) {
            upgrade_to_6(db)?;
        }
        Ok::<(), HqError>(())
    })();
    if let Err(e) = upgraded {
        db.rollback();
        return Err(e);
    }
    db.exec("UPDATE hq_schema SET version = $1", &[Val::Int(latest)])?;
    db.commit()
}

use super::storage::{FromRow, Row, Val};

/// A record of the log, its payload as stored.
struct Stored {
    serial: i64,
    payload: String,
}

impl FromRow for Stored {
    fn from_row(r: &Row) -> Result<Stored, HqError> {
        Ok(Stored {
            serial: r.get("serial")?,
            payload: r.get("payload")?,
        })
    }
}

/// Schema 2 on a head office that has data: the expiry of each lot and the note of each
/// entry from the records they came in (a page at a time), merges made flat (schema 1
/// could leave A merged into B merged into C), and the list of members who owe.
fn upgrade_to_2(db: &mut dyn Db) -> Result<(), HqError> {
    // Records as schema 1 stored them, read as plain JSON: what they say about each
    // entry's expiry and note, whatever else they hold.
    each_stored(db, "kind IN ('sale', 'void', 'entry', 'merge')", |db, v| {
        let mut entries: Vec<&serde_json::Value> = v
            .get("entries")
            .and_then(|e| e.as_array())
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        entries.push(v);
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
        Ok(())
    })?;
    const CHAINED: &str = "merged_into IN (SELECT id FROM members WHERE merged_into IS NOT NULL)";
    for _ in 0..64 {
        let left: i64 = db.scalar(
            &format!("SELECT COUNT(*) AS n FROM members WHERE {CHAINED}"),
            &[],
            "n",
        )?;
        if left == 0 {
            break;
        }
        db.exec(
            &format!(
                "UPDATE members SET merged_into =
                     (SELECT m.merged_into FROM members m WHERE m.id = members.merged_into)
                 WHERE {CHAINED}"
            ),
            &[],
        )?;
    }
    db.exec(
        &format!(
            "INSERT INTO owing (member_id)
         SELECT DISTINCT COALESCE(m.merged_into, t.member_id)
         FROM (SELECT member_id, COALESCE(lot_id, id) AS lot,
                      {LOT_NET} AS s
               FROM ledger GROUP BY member_id, COALESCE(lot_id, id)) t
         LEFT JOIN members m ON m.id = t.member_id
         WHERE t.s < 0"
        ),
        &[],
    )?;
    Ok(())
}

/// Schema 3 on a head office that has data: each member's referrer from the member
/// records they came in, in order (a page at a time), the last one winning.
fn upgrade_to_3(db: &mut dyn Db) -> Result<(), HqError> {
    each_stored(db, "kind = 'member'", |db, v| {
        let text = |k: &str| v.get(k).and_then(|x| x.as_str());
        if let Some(id) = text("id") {
            db.exec(
                "UPDATE members SET referrer_id = $2 WHERE id = $1",
                &[id.into(), text("referrer_id").into()],
            )?;
        }
        Ok(())
    })
}

/// Schema 6 on a head office that has data: each member's enrolment time, and each sale's
/// credit earned, lines and offers, from the records they came in.
fn upgrade_to_6(db: &mut dyn Db) -> Result<(), HqError> {
    each_stored(db, "kind = 'member'", |db, v| {
        let text = |k: &str| v.get(k).and_then(|x| x.as_str());
        if let Some(id) = text("id") {
            db.exec(
                "UPDATE members SET created_at = $2 WHERE id = $1 AND created_at IS NULL",
                &[id.into(), text("created_at").into()],
            )?;
        }
        Ok(())
    })?;
    each_stored(db, "kind = 'sale'", |db, v| {
        let Ok(r) = serde_json::from_value::<vafa_core::record::SaleRecord>(v.clone()) else {
            return Ok(());
        };
        let id = r.sale.id.as_str();
        db.exec(
            "UPDATE sales SET credit_earned = $2 WHERE id = $1",
            &[id.into(), r.sale.credit_earned.into()],
        )?;
        let (items, offers) = super::ingest::sale_lines(id, &r.items, &r.offers);
        super::ingest::insert_sale_lines(db, items, offers)
    })
}

/// Each payload of the log's records `which` selects, as plain JSON, in order, a page at a
/// time (one that is not JSON is passed over).
fn each_stored(
    db: &mut dyn Db,
    which: &str,
    mut f: impl FnMut(&mut dyn Db, &serde_json::Value) -> Result<(), HqError>,
) -> Result<(), HqError> {
    let mut after = 0i64;
    loop {
        let rows: Vec<Stored> = db.fetch(
            &format!(
                "SELECT serial, payload FROM records WHERE {which} AND serial > $1
                 ORDER BY serial LIMIT 2000"
            ),
            &[Val::Int(after)],
        )?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.serial;
        for r in rows {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(&r.payload) {
                f(db, &v)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::sqlite::SqliteDb;

    #[test]
    fn schema_2_fills_in_expiries_and_notes_flattens_merges_and_lists_who_owes() {
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
        // A chain of merges schema 1 could leave (a into b, b into c); a owes 7 on its lot
        // la. Lot lx expired before another till's redemption of it arrived: no debt.
        db.exec(
            "INSERT INTO members (id, mobile, first_name, last_name, branch, merged_into, updated_at) VALUES
                 ('a', '1', 'A', 'A', 'A', 'b', 't'), ('b', '1', 'B', 'B', 'A', 'c', 't'),
                 ('c', '1', 'C', 'C', 'A', NULL, 't'), ('x', '2', 'X', 'X', 'A', NULL, 't');
             INSERT INTO ledger (id, member_id, account, amount, kind, lot_id, branch, at) VALUES
                 ('la', 'a', 'credit', 10, 'earn', NULL, 'A', 't'),
                 ('r1', 'a', 'credit', -17, 'redeem', 'la', 'B', 't'),
                 ('lx', 'x', 'credit', 40, 'earn', NULL, 'A', 't'),
                 ('x1', 'x', 'credit', -40, 'expire', 'lx', 'A', 't'),
                 ('x2', 'x', 'credit', -40, 'redeem', 'lx', 'B', 't');",
            &[],
        )
        .expect("members");
        migrate(&mut db).expect("migrate");
        let db: &mut dyn Db = &mut db;
        let roots: Vec<String> = db
            .column(
                "SELECT merged_into FROM members WHERE id IN ('a', 'b') ORDER BY id",
                &[],
                "merged_into",
            )
            .expect("roots");
        assert_eq!(roots, ["c", "c"]);
        let owing: Vec<String> = db
            .column("SELECT member_id FROM owing", &[], "member_id")
            .expect("owing");
        assert_eq!(owing, ["c"]);
        let sql = "SELECT id, expires_at, note FROM ledger WHERE id IN ('e1', 'e2') ORDER BY id";
        let expiries: Vec<Option<String>> = db.column(sql, &[], "expires_at").expect("rows");
        let notes: Vec<Option<String>> = db.column(sql, &[], "note").expect("rows");
        assert_eq!(
            expiries,
            [Some("2026-12-01T00:00:00+00:00".to_string()), None]
        );
        assert_eq!(notes, [Some("offer:x".to_string()), None]);
        let v: i64 = db
            .scalar("SELECT version FROM hq_schema", &[], "version")
            .expect("v");
        assert_eq!(v, MIGRATIONS.last().map_or(0, |m| m.0));
    }

    #[test]
    fn schema_6_fills_in_enrolment_times_and_each_sales_credit_lines_and_offers() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("hq.db");
        let mut db = SqliteDb::open(path.to_str().expect("path")).expect("open");
        // A head office as schema 4 left it, with a member and a sale of theirs.
        for (_, sql) in MIGRATIONS.iter().filter(|(v, _)| *v <= 4) {
            db.exec(&sql.replace("{serial}", db.serial()), &[])
                .expect("old schema");
        }
        db.exec("UPDATE hq_schema SET version = 4", &[])
            .expect("version");
        let member = serde_json::json!({"id": "m1", "created_at": "2026-11-01T20:30:00+00:00"});
        let sale = serde_json::json!({
            "sale": {"id": "s1", "member_id": "m1", "card_number": null, "branch": "A",
                     "at": "2026-11-02T10:00:00+03:30", "at_utc": "2026-11-02T06:30:00+00:00",
                     "gross": 150000, "discount": 0, "credit_redeemed": 0, "paid": 150000,
                     "credit_earned": 27000, "points_earned": 15, "tier": null, "offers": "",
                     "created_at": "2026-11-02T06:30:00+00:00"},
            "offers": [{"id": "big", "chosen": true, "value": 20000}],
            "items": [{"sku": "tea", "qty": "2", "unit_price": 50000, "category": "drinks"},
                      {"sku": "cake", "qty": "1", "unit_price": 50000, "category": null}]});
        for (kind, id, payload) in [("member", "m1", member), ("sale", "s1", sale)] {
            db.exec(
                "INSERT INTO records (dedup, kind, record_id, seq, payload, created_at, received_at)
                 VALUES ($1, $2, $3, 1, $4, 't', 't')",
                &[
                    format!("{kind}:{id}").into(),
                    kind.into(),
                    id.into(),
                    payload.to_string().into(),
                ],
            )
            .expect("record");
        }
        db.exec(
            "INSERT INTO members (id, mobile, first_name, last_name, branch, updated_at)
                 VALUES ('m1', '1', 'M', 'M', 'A', 't');
             INSERT INTO sales (id, member_id, branch, at, gross, credit_redeemed, paid)
                 VALUES ('s1', 'm1', 'A', '2026-11-02T10:00:00+03:30', 150000, 0, 150000);",
            &[],
        )
        .expect("rows");
        migrate(&mut db).expect("migrate");
        let db: &mut dyn Db = &mut db;
        let created: Vec<String> = db
            .column("SELECT created_at FROM members", &[], "created_at")
            .expect("created");
        assert_eq!(created, ["2026-11-01T20:30:00+00:00"]);
        let earned: i64 = db
            .scalar("SELECT credit_earned FROM sales", &[], "credit_earned")
            .expect("earned");
        assert_eq!(earned, 27_000);
        let sql = "SELECT sku, category, amount FROM sale_items WHERE sale_id = 's1' ORDER BY line";
        let skus: Vec<String> = db.column(sql, &[], "sku").expect("skus");
        let cats: Vec<String> = db.column(sql, &[], "category").expect("cats");
        let amounts: Vec<i64> = db.column(sql, &[], "amount").expect("amounts");
        assert_eq!(
            (skus, cats, amounts),
            (
                vec!["tea".to_string(), "cake".to_string()],
                vec!["drinks".to_string(), String::new()],
                vec![100_000, 50_000]
            )
        );
        let value: i64 = db
            .scalar(
                "SELECT value FROM sale_offers WHERE offer_id = 'big'",
                &[],
                "value",
            )
            .expect("offer");
        assert_eq!(value, 20_000);
    }
}
