//! CSV import of members and CSV export of members, sales and the ledger.
//!
//! Import columns (header row required, any order): `first_name`, `last_name`, `mobile`
//! (required), `birth_date`, `anniversary`, `gender`, `referrer_mobile`, `card`, `credit`,
//! `points` (opening balances, e.g. from a previous system), and `field:KEY` for the
//! shop's own fields. Each row is imported whole or not at all; bad rows are reported by
//! line number and the good ones are kept.

use std::io::Write;

use super::Vafa;
use super::members::{CardInput, MemberInput, apply_input, blank_row, card_of, insert_member};
use vafa_core::calendar::parse_date;
use vafa_core::error::{Error, Field, Result, RowError, Why};
use vafa_core::ledger::{Account, EntryKind};
use vafa_core::member::Gender;
use vafa_core::money::parse_rials;
use vafa_core::phone::parse_mobile;
use vafa_core::record::Record;
use vafa_core::staff::Action;
use vafa_store::{self as store, ledger::Entry};

const KNOWN: &[&str] = &[
    "first_name",
    "last_name",
    "mobile",
    "birth_date",
    "anniversary",
    "gender",
    "referrer_mobile",
    "card",
    "credit",
    "points",
];

fn csv_err(e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: "CSV".into(),
        detail: e.to_string(),
    }
}

/// A row's member, parsed as the columns hold it (`get` reads a column, trimmed, `None`
/// when empty): the required ones empty when missing, so that the row is refused.
fn row_input(
    get: &dyn Fn(&str) -> Option<String>,
    headers: &[String],
    record: &csv::StringRecord,
) -> Result<MemberInput> {
    let mobile = |text: String| parse_mobile(&text).ok_or(Error::InvalidMobile { value: text });
    let date = |field: Field, text: String| {
        parse_date(&text).map_err(|error| Error::InvalidDate {
            field,
            value: text,
            error,
        })
    };
    Ok(MemberInput {
        first: Some(get("first_name").unwrap_or_default()),
        last: Some(get("last_name").unwrap_or_default()),
        mobile: Some(mobile(get("mobile").unwrap_or_default())?),
        birth: get("birth_date")
            .map(|d| date(Field::BirthDate, d))
            .transpose()?,
        anniversary: get("anniversary")
            .map(|d| date(Field::Anniversary, d))
            .transpose()?,
        gender: get("gender")
            .map(|g| {
                Gender::parse(&g).ok_or(Error::Invalid {
                    field: Field::Gender,
                    value: g,
                    why: Why::UnknownChoice,
                })
            })
            .transpose()?,
        referrer: get("referrer_mobile").map(mobile).transpose()?,
        fields: headers
            .iter()
            .enumerate()
            .filter_map(|(p, h)| {
                let key = h.strip_prefix("field:")?;
                let v = record.get(p)?.trim();
                (!v.is_empty()).then(|| (key.to_string(), v.to_string()))
            })
            .collect(),
        card: get("card").map(CardInput::typed),
    })
}

impl Vafa {
    /// Imports members from CSV text. Returns how many were imported; if some rows were
    /// refused, returns `Error::ImportRows` (the good rows are imported all the same).
    pub fn import_members(&mut self, text: &str) -> Result<usize> {
        self.require(Action::Import)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers: Vec<String> = rdr
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        for h in &headers {
            if !KNOWN.contains(&h.as_str()) && !h.starts_with("field:") {
                return Err(Error::Config {
                    line: Some(1),
                    key: h.clone(),
                    reason: format!(
                        "unknown column; known columns are {} and field:KEY",
                        KNOWN.join(", ")
                    ),
                });
            }
        }
        for required in ["first_name", "last_name", "mobile"] {
            if !headers.iter().any(|h| h == required) {
                return Err(Error::Config {
                    line: Some(1),
                    key: required.into(),
                    reason: "this column is required".into(),
                });
            }
        }
        let now_t = self.now_utc();
        let now = now_t.to_rfc3339();
        let today = self.now().date_naive();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let mut imported = 0usize;
        let mut bad: Vec<(usize, RowError)> = Vec::new();
        for (i, record) in rdr.records().enumerate() {
            let line = record
                .as_ref()
                .ok()
                .and_then(|r| r.position().map(|p| p.line() as usize))
                .unwrap_or(i + 2);
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    bad.push((line, RowError::Unreadable(e.to_string())));
                    continue;
                }
            };
            let get = |name: &str| -> Option<String> {
                headers
                    .iter()
                    .position(|h| h == name)
                    .and_then(|p| record.get(p))
                    .map(str::trim)
                    .filter(|v| !v.is_empty())
                    .map(str::to_string)
            };
            tx.savepoint("import_row")?;
            let result = (|| -> Result<()> {
                let input = row_input(&get, &headers, &record)?;
                let mut row = blank_row(&branch, &now);
                apply_input(&tx, today, &mut row, &input)?;
                let card = input.card.as_ref().map(card_of).transpose()?;
                insert_member(&tx, &row, card.as_ref(), &now, &branch)?;
                for (col, account, field) in [
                    ("credit", Account::Credit, Field::Credit),
                    ("points", Account::Points, Field::Points),
                ] {
                    if let Some(v) = get(col) {
                        let amount = parse_rials(&v).map_err(|error| Error::InvalidAmount {
                            field,
                            value: v.clone(),
                            error,
                        })?;
                        let mut e =
                            Entry::new(&row.id, account, amount, EntryKind::Adjust, &now, &branch);
                        e.note = Some("opening balance (import)".into());
                        store::ledger::append(&tx, &e)?;
                        store::outbox::push(&tx, &Record::Entry(e), &now)?;
                    }
                }
                Ok(())
            })();
            match result {
                Ok(()) => {
                    tx.release("import_row")?;
                    imported += 1;
                }
                Err(e) => {
                    tx.rollback_to("import_row")?;
                    bad.push((line, RowError::Refused(e)));
                }
            }
        }
        self.audit(
            &tx,
            "import_members",
            "members",
            serde_json::json!({"imported": imported, "refused_rows": bad.len()}),
        )?;
        tx.commit()?;
        if bad.is_empty() {
            Ok(imported)
        } else {
            Err(Error::ImportRows { imported, bad })
        }
    }

    /// Writes `members`, `sales` or `ledger` as CSV.
    pub fn export(&self, what: &str, out: &mut dyn Write) -> Result<()> {
        self.require(Action::Export)?;
        let Some(table) = store::export::Table::parse(what) else {
            return Err(Error::Invalid {
                field: Field::Export,
                value: what.into(),
                why: Why::UnknownChoice,
            });
        };
        let tx = self.write_tx()?;
        self.audit(&tx, "export", what, serde_json::json!({}))?;
        tx.commit()?;
        let mut w = csv::Writer::from_writer(out);
        store::export::rows(&self.conn, table, |rec| {
            w.write_record(rec).map_err(csv_err)
        })?;
        w.flush().map_err(csv_err)?;
        Ok(())
    }
}
