//! Receipts (a sale's slip: print, reprint, or draw as PNG) and the end-of-day close (the
//! day's or the shift's figures by cashier; a close is recorded append-only and audited).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use vafa_core::error::{Error, Result};
use vafa_core::ids::{new_id, parse_id};
use vafa_core::receipt::{
    CashierFigures, CloseFigures, CloseReport, Receipt, ReceiptGift, ReceiptItem, ReceiptOffer,
    Slip,
};
use vafa_core::sale::SaleAmounts;
use vafa_core::staff::Action;
use vafa_devices::printer::escpos::{self, Finish};
use vafa_devices::printer::render::Renderer;
use vafa_devices::printer::transport::{SendError, Target};
use vafa_devices::printer::{Bitmap, Paper};
use vafa_store as store;
use vafa_text::format::Unit;
use vafa_text::receipt::Style;

use super::Vafa;

/// A slip's ESC/POS bytes and where they go: built by [`Vafa::print_job`] (no waiting),
/// sent by [`PrintJob::send`] (which may wait for the printer; any thread).
#[derive(Debug, Clone)]
pub struct PrintJob {
    /// The target as configured (what an error names).
    text: String,
    target: Target,
    pub bytes: Vec<u8>,
    width: u32,
    height: u32,
}

impl PrintJob {
    /// The target as configured.
    pub fn target(&self) -> &str {
        &self.text
    }

    /// Hands the bytes to the printer; blocks until they are taken or the transport's
    /// timeout (a network printer: 5 s to connect, 20 s to write; a serial port: 20 s).
    pub fn send(self) -> Result<Printed> {
        let failed = |detail: String| Error::Printer {
            target: self.text.clone(),
            detail,
        };
        self.target.send(&self.bytes).map_err(|e| match e {
            SendError::BadTarget => failed(String::new()),
            SendError::Failed { detail } => failed(detail),
        })?;
        Ok(Printed {
            target: self.target.to_string(),
            paper: if self.width <= Paper::Mm58.dots() {
                58
            } else {
                80
            },
            bytes: self.bytes.len(),
            width: self.width,
            height: self.height,
        })
    }
}

/// The name a sale with no recorded cashier is counted under.
pub const NO_CASHIER: &str = "-";

/// What printing a slip did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Printed {
    pub target: String,
    pub paper: u32,
    pub bytes: usize,
    pub width: u32,
    pub height: u32,
}

impl Vafa {
    /// The receipt of a sale (a cashier's act: the slip after a sale, and a reprint).
    pub fn receipt(&self, sale_id: &str, reprint: bool) -> Result<Receipt> {
        self.require(Action::Sell)?;
        let id = parse_id(sale_id).ok_or_else(|| Error::UnknownSale { id: sale_id.into() })?;
        let conn = self.conn();
        let sale =
            store::sales::by_id(conn, &id)?.ok_or_else(|| Error::UnknownSale { id: id.clone() })?;
        let basket = &self.config().basket;
        let items = store::sales::items(conn, &id)?
            .into_iter()
            .map(|it| ReceiptItem {
                name: basket
                    .sku(&it.sku)
                    .and_then(|s| s.name.as_ref())
                    .or_else(|| {
                        let c = it.category.as_deref()?;
                        basket.category(c)?.name.as_ref()
                    })
                    .map(|n| n.get(self.shop.lang).to_string()),
                total: it.total().unwrap_or(0),
                qty: it.qty.normalize().to_string(),
                category: it.category,
                sku: it.sku,
            })
            .collect();
        let (member, balance) = match &sale.member_id {
            Some(m) => {
                let row = store::members::by_id(conn, m)?;
                let name = row.map(|r| format!("{} {}", r.first_name, r.last_name));
                let (credit, points) = store::ledger::spendable(conn, m, self.now_utc())?;
                (name, Some((credit, points)))
            }
            None => (None, None),
        };
        let offers = vafa_core::offer::stored::decode(&sale.offers)
            .into_iter()
            .filter(|l| l.chosen)
            .map(|l| ReceiptOffer {
                id: l.id.to_string(),
                value: l.value,
                why: l.why,
            })
            .collect();
        let gift = match store::gift::of_sale(conn, &id)? {
            Some((card, amount)) => {
                let now = super::gift::current(conn, &card)?;
                Some(ReceiptGift {
                    balance_after: store::gift::balance(conn, &now)?,
                    card,
                    amount,
                })
            }
            None => None,
        };
        Ok(Receipt {
            sale_id: id.clone(),
            shop: self.shop.name.clone(),
            branch_code: sale.branch.to_string(),
            branch_name: self.shop.branch_name.clone(),
            cashier: store::closes::cashier_of(conn, &id)?.unwrap_or_else(|| NO_CASHIER.into()),
            at: sale.at.clone(),
            member,
            items,
            amounts: SaleAmounts {
                gross: sale.gross,
                discount: sale.discount,
                credit_redeemed: sale.credit_redeemed,
                paid: sale.paid,
                credit_earned: sale.credit_earned,
                points_earned: sale.points_earned,
            },
            credit_from: super::sales::credit_from(conn, &sale)?,
            credit_after: balance.map(|b| b.0),
            points_after: balance.map(|b| b.1),
            tier: sale.tier.clone(),
            offers,
            gift,
            voided: store::sales::is_voided(conn, &id)?,
            reprint,
        })
    }

    fn style(&self) -> Style {
        Style {
            unit: Unit::of(&self.shop.unit),
            lang: self.shop.lang,
        }
    }

    /// The receipt's slip in the shop's language.
    pub fn receipt_slip(&self, r: &Receipt) -> Slip {
        vafa_text::receipt::receipt(r, &self.rules.names, self.style())
    }

    /// The close's slip (and screen) in the shop's language.
    pub fn close_slip(&self, c: &CloseReport) -> Slip {
        vafa_text::receipt::close(c, &self.shop.name, self.style())
    }

    /// The paper to print on: `paper`, else `[printer] paper`.
    pub fn paper(&self, paper: Option<Paper>) -> Paper {
        paper
            .or_else(|| Paper::parse(&self.config().printer.paper.to_string()))
            .unwrap_or(Paper::Mm80)
    }

    /// Sends a slip to `target` (else `[printer] target`). `drawer`: open the cash drawer
    /// too, if `[printer] drawer` says so. Waits for the printer (up to the transport's
    /// timeouts); a window builds the [`PrintJob`] and sends it off its own thread.
    pub fn print_slip(
        &self,
        bitmap: &Bitmap,
        target: Option<&str>,
        drawer: bool,
    ) -> Result<Printed> {
        self.print_job(bitmap, target, drawer)?.send()
    }

    /// The bytes of a slip for `target` (else `[printer] target`), ready to send: nothing
    /// is sent and nothing waits. A bad or missing target is refused here.
    pub fn print_job(
        &self,
        bitmap: &Bitmap,
        target: Option<&str>,
        drawer: bool,
    ) -> Result<PrintJob> {
        let cfg = &self.config().printer;
        let text = target.unwrap_or(cfg.target.as_str()).trim().to_string();
        if text.is_empty() {
            return Err(Error::NoPrinter);
        }
        let Ok(t) = Target::parse(&text) else {
            return Err(Error::Printer {
                target: text,
                detail: "tcp://… | serial:… | file:…".into(),
            });
        };
        let bytes = escpos::encode(
            bitmap,
            Finish {
                cut: cfg.cut,
                drawer: drawer && cfg.drawer,
            },
        );
        Ok(PrintJob {
            text,
            target: t,
            bytes,
            width: bitmap.width(),
            height: bitmap.height(),
        })
    }

    /// The close of `day` (a local day; today by default) or, with `shift`, of the span
    /// since the last recorded close (the start of the day if there is none). Read only.
    pub fn close_report(&self, day: Option<NaiveDate>, shift: bool) -> Result<CloseReport> {
        self.require(Action::Reports)?;
        let now = self.now_utc();
        let offset = self.shop.offset;
        let local_midnight = |d: NaiveDate| -> DateTime<Utc> {
            d.and_hms_opt(0, 0, 0)
                .and_then(|t| t.and_local_timezone(offset).single())
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(now)
        };
        let today = now.with_timezone(&offset).date_naive();
        let (kind, from, to) = if shift {
            let from = match store::closes::last(self.conn())? {
                Some(c) => DateTime::parse_from_rfc3339(&c.to_at)
                    .map(|t| t.with_timezone(&Utc))
                    .unwrap_or(now),
                None => local_midnight(today),
            };
            // To the end of this second: stored times are to the second.
            ("shift", from, now + Duration::seconds(1))
        } else {
            let d = day.unwrap_or(today);
            let from = local_midnight(d);
            let to = local_midnight(d + Duration::days(1));
            ("day", from, to)
        };
        let fmt = |t: DateTime<Utc>| t.to_rfc3339();
        let loc = |t: DateTime<Utc>| t.with_timezone(&offset).to_rfc3339();
        let by = store::closes::figures(
            self.conn(),
            &self.shop.branch_code,
            (&fmt(from), &fmt(to)),
            (&loc(from), &loc(to)),
        )?;
        let mut totals = CloseFigures::default();
        let mut cashiers = Vec::new();
        for (name, f) in by {
            totals.add(&f);
            cashiers.push(CashierFigures {
                cashier: name.unwrap_or_else(|| NO_CASHIER.into()),
                figures: f,
            });
        }
        Ok(CloseReport {
            kind: kind.into(),
            from: loc(from),
            to: loc(to),
            branch: self.shop.branch_code.clone(),
            totals,
            cashiers,
            close_id: None,
        })
    }

    /// Closes the shift: its report is recorded (append-only) and audited, and the next
    /// shift starts now.
    pub fn close_shift(&mut self) -> Result<CloseReport> {
        let mut report = self.close_report(None, true)?;
        let id = new_id();
        report.close_id = Some(id.clone());
        let tx = self.write_tx()?;
        let json = serde_json::to_string(&report).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })?;
        store::closes::append(
            &tx,
            &store::closes::CloseRow {
                id: id.clone(),
                kind: "shift".into(),
                from_at: report.from.clone(),
                to_at: DateTime::parse_from_rfc3339(&report.to)
                    .map(|t| t.with_timezone(&Utc).to_rfc3339())
                    .unwrap_or_else(|_| self.now_utc().to_rfc3339()),
                actor: self.actor.name.clone(),
                report: json,
            },
        )?;
        self.audit(
            &tx,
            "close",
            &id,
            serde_json::json!({"from": report.from, "to": report.to,
                "sales": report.totals.sales, "paid": report.totals.paid,
                "voids": report.totals.voids}),
        )?;
        tx.commit()?;
        Ok(report)
    }
}

/// Draws a slip (one renderer for the process: building it reads the font).
pub fn draw(slip: &Slip, paper: Paper) -> Bitmap {
    use std::sync::{Mutex, OnceLock};
    static RENDERER: OnceLock<Mutex<Renderer>> = OnceLock::new();
    let r = RENDERER.get_or_init(|| Mutex::new(Renderer::new()));
    match r.lock() {
        Ok(mut r) => r.draw(slip, paper),
        Err(poisoned) => poisoned.into_inner().draw(slip, paper),
    }
}
