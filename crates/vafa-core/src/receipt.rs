//! A receipt and an end-of-day close as data, and the printed slip as lines: what the
//! service builds, what `vafa-text` words and what `vafa-devices` draws. No sentence and no
//! formatting here.

use serde::Serialize;

use crate::money::Rials;
use crate::offer::Why;
use crate::sale::{CreditFrom, SaleAmounts};

/// One sale as its slip shows it. Money in rials.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Receipt {
    /// The sale id: the receipt's number.
    pub sale_id: String,
    pub shop: String,
    pub branch_code: String,
    pub branch_name: String,
    /// Who recorded the sale (the signed-in staff member, or the machine's administrator).
    pub cashier: String,
    /// The sale's time, RFC 3339 in the shop's offset.
    pub at: String,
    /// The member's name, `None` for a guest.
    pub member: Option<String>,
    pub items: Vec<ReceiptItem>,
    /// What the sale recorded (the sale's own figures, as `vafa sale --json` gives them).
    #[serde(flatten)]
    pub amounts: SaleAmounts,
    /// Where the credit earned came from (cashback, each offer's extra credit).
    pub credit_from: CreditFrom,
    /// Balances after the sale (now, for a reprint).
    pub credit_after: Option<Rials>,
    pub points_after: Option<i64>,
    pub tier: Option<String>,
    /// The offers that applied, with why.
    pub offers: Vec<ReceiptOffer>,
    /// What a gift card paid of `paid` (the rest was money); `None`: no gift card.
    pub gift: Option<ReceiptGift>,
    /// The sale has been voided since (a reprint says so).
    pub voided: bool,
    /// A reprint (not the slip printed at the sale).
    pub reprint: bool,
}

/// The gift card a sale was paid with in part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReceiptGift {
    pub card: String,
    /// What it paid.
    pub amount: Rials,
    /// What the card (or the card that replaced it) holds after the sale (now, for a
    /// reprint).
    pub balance_after: Rials,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptItem {
    pub sku: String,
    /// The shop's name for the SKU, if it has one.
    pub name: Option<String>,
    pub category: Option<String>,
    /// As written (`2`, `0.5`).
    pub qty: String,
    pub total: Rials,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReceiptOffer {
    pub id: String,
    pub value: Rials,
    pub why: Why,
}

/// An end-of-day (or shift) close: what a till took over a span of time.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CloseReport {
    /// `day` or `shift`.
    pub kind: String,
    /// The span, RFC 3339: from (inclusive) to (exclusive).
    pub from: String,
    pub to: String,
    pub branch: String,
    pub totals: CloseFigures,
    pub cashiers: Vec<CashierFigures>,
    /// The close's own id when it was recorded (`vafa close`), else `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub close_id: Option<String>,
}

/// The figures of a close, for the whole till or one cashier. Voided sales are counted
/// only under `voids` (as the reports do).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CloseFigures {
    pub sales: i64,
    pub guest_sales: i64,
    pub gross: Rials,
    pub discount: Rials,
    pub credit_redeemed: Rials,
    /// Money taken: gross − discount − credit redeemed.
    pub paid: Rials,
    pub credit_earned: Rials,
    pub points_earned: i64,
    pub voids: i64,
    /// The gross of the voided sales.
    pub voided_gross: Rials,
    /// What gift cards paid of the sales' `paid` (not in the drawer).
    pub gift_redeemed: Rials,
    /// Money taken for gift cards: their issue and loads (in the drawer, not a sale).
    pub gift_sold: Rials,
}

impl CloseFigures {
    /// Adds `other` to these figures.
    pub fn add(&mut self, o: &CloseFigures) {
        self.sales += o.sales;
        self.guest_sales += o.guest_sales;
        self.gross += o.gross;
        self.discount += o.discount;
        self.credit_redeemed += o.credit_redeemed;
        self.paid += o.paid;
        self.credit_earned += o.credit_earned;
        self.points_earned += o.points_earned;
        self.voids += o.voids;
        self.voided_gross += o.voided_gross;
        self.gift_redeemed += o.gift_redeemed;
        self.gift_sold += o.gift_sold;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CashierFigures {
    pub cashier: String,
    #[serde(flatten)]
    pub figures: CloseFigures,
}

/// How a slip line is placed. "Start" is the right edge in a right-to-left language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlipLine {
    /// Large and bold, centred (the shop's name).
    Title(String),
    /// Centred.
    Center(String),
    /// From the start edge.
    Text(String),
    /// A label at the start edge and a value at the end edge, on one line.
    Pair(String, String),
    /// Like `Pair`, bold (the total).
    Strong(String, String),
    /// A thin rule across the paper.
    Rule,
    /// Half a line of blank paper.
    Gap,
}

/// A slip: its lines and the direction of its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slip {
    pub rtl: bool,
    pub lines: Vec<SlipLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_add_field_by_field() {
        let one = |n: i64| CloseFigures {
            sales: n,
            guest_sales: 2 * n,
            gross: 3 * n,
            discount: 4 * n,
            credit_redeemed: 5 * n,
            paid: 6 * n,
            credit_earned: 7 * n,
            points_earned: 8 * n,
            voids: 9 * n,
            voided_gross: 10 * n,
            gift_redeemed: 11 * n,
            gift_sold: 12 * n,
        };
        let mut f = one(1);
        f.add(&one(10));
        assert_eq!(f, one(11));
        f.add(&CloseFigures::default());
        assert_eq!(f, one(11));
    }
}
