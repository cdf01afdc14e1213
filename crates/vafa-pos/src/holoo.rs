//! The Holoo connector (`vafa pos holoo`): polls the invoices of Holoo's web service and
//! records each sales invoice once, for the member whose mobile or card is on it.
//!
//! Holoo's web service is not publicly specified; docs/holoo.md says what was confirmed
//! from public integrations (its base URL, the `serial`/`database`/bearer headers, the
//! `{"result": ...}` envelope, the invoice's fields as its `InvoicePost` takes them, a
//! rial or toman unit) and what is assumed (the read endpoint and its `from.date`
//! parameter, a `mobile`/`card` on each invoice).

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use super::import::{Batch, InvoiceSource};
use vafa_core::error::{Error, Result};
use vafa_core::money::Rials;
use vafa_core::sale::Item;
use vafa_service::pos_import::Invoice;

/// The unit Holoo keeps money in (a shop's setting there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Rial,
    Toman,
}

impl Unit {
    fn rials(self, v: i64) -> Option<Rials> {
        match self {
            Unit::Rial => Some(v),
            Unit::Toman => v.checked_mul(10),
        }
    }
}

/// Where Holoo's web service is and how to sign in to it.
#[derive(Debug, Clone)]
pub struct Holoo {
    /// The web service's base URL (`https://myholoo.ir` or the shop's own server).
    pub url: String,
    pub database: String,
    pub serial: String,
    pub key: String,
    pub unit: Unit,
    /// The shop's time zone (Holoo's dates and times are the shop's local ones).
    pub offset: FixedOffset,
    agent: ureq::Agent,
}

impl Holoo {
    pub fn new(
        url: &str,
        database: &str,
        serial: &str,
        key: &str,
        unit: Unit,
        offset: FixedOffset,
    ) -> Holoo {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(5)))
            .timeout_global(Some(Duration::from_secs(30)))
            .max_redirects(0)
            .build();
        Holoo {
            url: url.trim_end_matches('/').to_string(),
            database: database.into(),
            serial: serial.into(),
            key: key.into(),
            unit,
            offset,
            agent: config.into(),
        }
    }

    fn endpoint(&self) -> String {
        format!("{}/api/Service/Invoice/{}", self.url, self.database)
    }
}

/// An invoice that cannot be read: its id, and why.
type Unreadable = Box<(String, Error)>;

/// One invoice as Holoo's web service gives it (the keys it uses).
#[derive(Debug, Deserialize)]
struct HolooInvoice {
    id: Value,
    #[serde(rename = "Type", default)]
    kind: Option<i64>,
    #[serde(rename = "Date")]
    date: String,
    #[serde(rename = "Time", default)]
    time: Option<String>,
    #[serde(default)]
    mobile: Option<String>,
    #[serde(default)]
    card: Option<String>,
    #[serde(default)]
    detailinfo: Vec<HolooLine>,
    #[serde(rename = "Cash", default)]
    cash: Option<Value>,
    #[serde(rename = "Bank", default)]
    bank: Option<Value>,
    #[serde(default)]
    nesiyeh: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct HolooLine {
    #[serde(rename = "Productid")]
    product: Value,
    few: Value,
    price: Value,
    #[serde(default)]
    discount: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Envelope {
    result: Vec<Value>,
}

/// A whole number given as a JSON number or a string of digits (`"250000"`, `"3.0"`).
fn whole(v: &Value) -> Option<i64> {
    let d = match v {
        Value::Number(n) => n.to_string().parse::<Decimal>().ok()?,
        Value::String(s) => s.trim().parse::<Decimal>().ok()?,
        _ => return None,
    };
    (d.fract().is_zero())
        .then(|| i64::try_from(d).ok())
        .flatten()
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    }
}

impl Holoo {
    /// The invoice for vafa, or why it cannot be read (`None`: not a sales invoice).
    fn invoice(&self, h: HolooInvoice) -> std::result::Result<Option<Invoice>, Unreadable> {
        let id = text(&h.id);
        if h.kind.is_some_and(|k| k != 1) {
            return Ok(None);
        }
        let unreadable = |what: &str, value: &str| -> Unreadable {
            Box::new((
                id.clone(),
                Error::InvoiceUnreadable {
                    invoice: id.clone(),
                    field: what.to_string(),
                    value: value.to_string(),
                },
            ))
        };
        let day = NaiveDate::parse_from_str(h.date.trim(), "%Y-%m-%d")
            .map_err(|_| unreadable("Date", &h.date))?;
        let time = match h.time.as_deref().map(str::trim) {
            None | Some("") => NaiveTime::MIN,
            Some(t) => {
                NaiveTime::parse_from_str(t, "%H:%M:%S").map_err(|_| unreadable("Time", t))?
            }
        };
        let at: Option<DateTime<FixedOffset>> = self
            .offset
            .from_local_datetime(&day.and_time(time))
            .single();
        let money = |v: &Value, what: &str| {
            whole(v)
                .and_then(|n| self.unit.rials(n))
                .ok_or_else(|| unreadable(what, &v.to_string()))
        };
        let mut paid: Option<Rials> = None;
        for (v, what) in [
            (&h.cash, "Cash"),
            (&h.bank, "Bank"),
            (&h.nesiyeh, "nesiyeh"),
        ] {
            if let Some(v) = v.as_ref().filter(|v| !v.is_null()) {
                paid = Some(paid.unwrap_or(0).saturating_add(money(v, what)?));
            }
        }
        let mut items = Vec::new();
        let mut lines_total: Rials = 0;
        let mut whole_lines = true;
        for l in &h.detailinfo {
            let discount = l.discount.as_ref().and_then(whole).unwrap_or(0);
            match (whole(&l.few), money(&l.price, "price")) {
                (Some(q), Ok(p)) if q > 0 && discount == 0 => {
                    lines_total = lines_total.saturating_add(p.saturating_mul(q));
                    items.push(Item {
                        sku: text(&l.product),
                        qty: Decimal::from(q),
                        unit_price: p,
                        category: None,
                    });
                }
                _ => whole_lines = false,
            }
        }
        let amount = paid.unwrap_or(lines_total);
        // The lines go with the sale only when they are its whole amount (Holoo's taxes and
        // discounts are not vafa's lines).
        if !whole_lines || lines_total != amount {
            items.clear();
        }
        Ok(Some(Invoice {
            id,
            mobile: h.mobile,
            card: h.card,
            amount,
            items,
            at,
        }))
    }
}

impl InvoiceSource for Holoo {
    fn name(&self) -> &str {
        "holoo"
    }

    /// `GET {url}/api/Service/Invoice/{database}?from.date=DAY`: the invoices of that day
    /// and after; the place kept is the last day seen (that day is asked again, its
    /// invoices already recorded are recorded once).
    fn fetch(&mut self, cursor: Option<&str>) -> Result<Batch> {
        let url = self.endpoint();
        let fault = |detail: String| Error::Io {
            path: url.clone(),
            detail,
        };
        let mut req = self
            .agent
            .get(&url)
            .header("serial", &self.serial)
            .header("database", &self.database)
            .header("Authorization", &format!("Bearer {}", self.key));
        if let Some(day) = cursor {
            req = req.query("from.date", day);
        }
        let mut answer = req.call().map_err(|e| fault(e.to_string()))?;
        if answer.status() != 200 {
            return Err(fault(format!("HTTP {}", answer.status())));
        }
        let envelope: Envelope = answer
            .body_mut()
            .read_json()
            .map_err(|e| fault(e.to_string()))?;
        let mut batch = Batch::default();
        let mut last_day: Option<String> = cursor.map(str::to_string);
        for v in envelope.result {
            let parsed: std::result::Result<HolooInvoice, _> = serde_json::from_value(v.clone());
            let h = match parsed {
                Ok(h) => h,
                Err(e) => {
                    let id = v.get("id").map(text).unwrap_or_default();
                    batch.refused.push((
                        id,
                        Error::MalformedRequest {
                            detail: e.to_string(),
                        },
                    ));
                    continue;
                }
            };
            let day = h.date.trim().to_string();
            match self.invoice(h) {
                Ok(Some(inv)) => batch.invoices.push(inv),
                Ok(None) => {}
                Err(r) => {
                    batch.refused.push(*r);
                    continue;
                }
            }
            if last_day.as_ref().is_none_or(|d| &day > d) {
                last_day = Some(day);
            }
        }
        batch.cursor = last_day;
        Ok(batch)
    }
}

#[cfg(test)]
mod tests {
    use super::whole;
    use serde_json::json;

    #[test]
    fn whole_numbers_as_numbers_or_strings() {
        assert_eq!(whole(&json!(250000)), Some(250000));
        assert_eq!(whole(&json!("250000")), Some(250000));
        assert_eq!(whole(&json!("3.0")), Some(3));
        assert_eq!(whole(&json!(2.5)), None);
        assert_eq!(whole(&json!("x")), None);
        assert_eq!(whole(&json!(null)), None);
    }
}
