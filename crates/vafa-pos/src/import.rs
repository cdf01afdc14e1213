//! The connectors' common part: a source of invoices (a small trait, so that Sepidar,
//! Mahak and others can follow Holoo), one poll of it, and what became of each invoice.

use serde::Serialize;

use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::pos_import::{Imported, Invoice};
use vafa_text::Say;

/// A program's invoices, read where it keeps them.
pub trait InvoiceSource {
    /// Its name (`holoo`): sale ids and the kept place are per source.
    fn name(&self) -> &str;
    /// The invoices from `cursor` on (every one it has if `None`), and where to ask from
    /// next time (`None`: where it was).
    fn fetch(&mut self, cursor: Option<&str>) -> Result<Batch>;
}

/// One answer of a source.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Batch {
    pub invoices: Vec<Invoice>,
    /// Entries the source could not read: (their id, why).
    pub refused: Vec<(String, Error)>,
    pub cursor: Option<String>,
}

/// An invoice refused: its id, the error's code and what it says in the shop's language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub invoice: String,
    pub error: &'static str,
    pub message: String,
}

/// What one poll did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Report {
    pub recorded: usize,
    /// Seen before: nothing new.
    pub again: usize,
    /// Nobody's mobile or card on them: not a member's sale.
    pub no_customer: usize,
    pub refused: Vec<Refusal>,
}

/// Whether `e` is the till's trouble (try the whole batch again later) rather than the
/// invoice's.
fn the_tills(e: &Error) -> bool {
    matches!(
        e,
        Error::Busy | Error::Storage { .. } | Error::Io { .. } | Error::Forbidden { .. }
    )
}

/// Asks `source` for what came since its kept place, records each invoice once, then
/// keeps the new place. A fault of the till's stops the poll before the place moves (the
/// next poll asks again; what was recorded is not recorded twice).
pub fn poll(v: &mut Vafa, source: &mut dyn InvoiceSource, lang: Lang) -> Result<Report> {
    let name = source.name().to_string();
    let cursor = v.import_cursor(&name)?;
    let batch = source.fetch(cursor.as_deref())?;
    let mut report = Report::default();
    let refusal = |invoice: String, e: &Error| Refusal {
        invoice,
        error: e.code(),
        message: e.say(lang),
    };
    for (id, e) in &batch.refused {
        report.refused.push(refusal(id.clone(), e));
    }
    for invoice in &batch.invoices {
        match v.import_invoice(&name, invoice, false) {
            Ok(Imported::Recorded(_)) => report.recorded += 1,
            Ok(Imported::Again(_)) => report.again += 1,
            Ok(Imported::NoCustomer) => report.no_customer += 1,
            Err(e) if the_tills(&e) => return Err(e),
            Err(e) => report.refused.push(refusal(invoice.id.clone(), &e)),
        }
    }
    if let Some(c) = batch.cursor.filter(|c| Some(c) != cursor.as_ref()) {
        v.set_import_cursor(&name, &c)?;
    }
    Ok(report)
}
