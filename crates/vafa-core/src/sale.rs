//! The arithmetic of one sale: what is discounted, redeemed, paid and earned. Pure.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

use super::config::Earn;
use super::digits::normalize_digits;
use super::money::{MAX_AMOUNT, Rials, parse_rials, percent_of, points_for, round_down};

/// One basket line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    pub sku: String,
    pub qty: Decimal,
    pub unit_price: Rials,
    pub category: Option<String>,
}

impl Item {
    /// Quantity × unit price, which must come to whole rials.
    pub fn total(&self) -> Result<Rials, ItemError> {
        let exact = self.qty * Decimal::from(self.unit_price);
        if exact.fract() != Decimal::ZERO {
            return Err(ItemError::NotWholeRials);
        }
        let t = round_down(exact, 1);
        if t > MAX_AMOUNT {
            return Err(ItemError::TooLarge);
        }
        Ok(t)
    }
}

/// Why an item given as `SKU:QTY:UNIT_PRICE[:CATEGORY]` was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemError {
    Shape,
    EmptySku,
    BadQuantity,
    BadPrice,
    NotWholeRials,
    TooLarge,
}

/// Parses `SKU:QTY:UNIT_PRICE[:CATEGORY]` (quantity may be a decimal such as 0.5).
pub fn parse_item(text: &str) -> Result<Item, ItemError> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(3..=4).contains(&parts.len()) {
        return Err(ItemError::Shape);
    }
    let sku = normalize_digits(parts[0].trim());
    if sku.is_empty() {
        return Err(ItemError::EmptySku);
    }
    let qty = Decimal::from_str(&normalize_digits(parts[1].trim()))
        .map_err(|_| ItemError::BadQuantity)?;
    if qty <= Decimal::ZERO || qty > Decimal::from(1_000_000) {
        return Err(ItemError::BadQuantity);
    }
    let unit_price = parse_rials(parts[2]).map_err(|_| ItemError::BadPrice)?;
    let category = parts
        .get(3)
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty());
    let item = Item {
        sku,
        qty,
        unit_price,
        category,
    };
    item.total()?;
    Ok(item)
}

/// How much stored credit the member wants to spend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redeem {
    Nothing,
    Amount(Rials),
    /// As much as the balance and `max_redeem_percent` allow.
    All,
}

/// What the chosen offers add to a sale (zero until offers apply).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rewards {
    pub discount: Rials,
    pub extra_credit: Rials,
    pub extra_points: i64,
    /// Multiplies the base points; `None` means ×1.
    pub points_multiplier: Option<Decimal>,
}

#[derive(Debug, Clone)]
pub struct SaleInput<'a> {
    pub gross: Rials,
    pub items: &'a [Item],
    pub redeem: Redeem,
    /// Credit the member may spend now (`None` for a guest).
    pub credit_available: Option<Rials>,
    /// Base cashback for this member's tier.
    pub credit_percent: Decimal,
    pub rewards: Rewards,
    pub earn: &'a Earn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleAmounts {
    pub gross: Rials,
    pub discount: Rials,
    pub credit_redeemed: Rials,
    pub paid: Rials,
    pub credit_earned: Rials,
    pub points_earned: i64,
}

/// Where a sale's earned credit came from, in rials: the shop's (or the tier's) cashback
/// and each applied offer's extra credit. Together they are the sale's `credit_earned`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CreditFrom {
    pub cashback: Rials,
    /// Offers that added credit, in the order they were applied.
    pub offers: Vec<OfferCredit>,
}

/// The extra credit one offer gave in a sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfferCredit {
    pub id: String,
    pub credit: Rials,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaleError {
    /// The items add up to `items_total`, not the amount given.
    ItemsMismatch {
        items_total: Rials,
        gross: Rials,
    },
    /// A guest has no credit to spend.
    GuestCannotRedeem,
    /// More credit asked for than the member has.
    RedeemOverBalance {
        requested: Rials,
        available: Rials,
    },
    /// More credit asked for than the shop lets one basket take.
    RedeemOverLimit {
        requested: Rials,
        limit: Rials,
    },
    Item(ItemError),
}

/// Computes a sale. Credit and points are earned on the amount **paid** only.
pub fn compute(input: &SaleInput<'_>) -> Result<SaleAmounts, SaleError> {
    if !input.items.is_empty() {
        let mut total: Rials = 0;
        for item in input.items {
            total = total.saturating_add(item.total().map_err(SaleError::Item)?);
        }
        if total != input.gross {
            return Err(SaleError::ItemsMismatch {
                items_total: total,
                gross: input.gross,
            });
        }
    }
    let gross = input.gross;
    let discount = input.rewards.discount.clamp(0, gross);
    let payable = gross - discount;
    let limit = percent_of(payable, input.earn.max_redeem_percent, 1);
    let credit_redeemed = match (input.redeem, input.credit_available) {
        (Redeem::Nothing, _) => 0,
        (_, None) => return Err(SaleError::GuestCannotRedeem),
        (Redeem::All, Some(available)) => available.max(0).min(limit),
        (Redeem::Amount(requested), Some(available)) => {
            if requested > available {
                return Err(SaleError::RedeemOverBalance {
                    requested,
                    available: available.max(0),
                });
            }
            if requested > limit {
                return Err(SaleError::RedeemOverLimit { requested, limit });
            }
            requested
        }
    };
    let paid = payable - credit_redeemed;
    let (credit_earned, points_earned) = if input.credit_available.is_some() {
        let base_points = points_for(paid, input.earn.points_per);
        let points = match input.rewards.points_multiplier {
            Some(m) => round_down(Decimal::from(base_points) * m, 1),
            None => base_points,
        };
        (
            percent_of(paid, input.credit_percent, input.earn.round_to)
                + input.rewards.extra_credit.max(0),
            points + input.rewards.extra_points.max(0),
        )
    } else {
        (0, 0)
    };
    Ok(SaleAmounts {
        gross,
        discount,
        credit_redeemed,
        paid,
        credit_earned,
        points_earned,
    })
}

/// What a basket spent per category (lines without a category or a valid total left out),
/// in the order the categories first appear.
pub fn categories(items: &[Item]) -> Vec<(String, Rials)> {
    let mut out: Vec<(String, Rials)> = Vec::new();
    for it in items {
        if let (Some(c), Ok(t)) = (&it.category, it.total()) {
            match out.iter_mut().find(|(k, _)| k == c) {
                Some((_, v)) => *v += t,
                None => out.push((c.clone(), t)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(
        gross: Rials,
        redeem: Redeem,
        avail: Option<Rials>,
        earn: &'a Earn,
    ) -> SaleInput<'a> {
        SaleInput {
            gross,
            items: &[],
            redeem,
            credit_available: avail,
            credit_percent: Decimal::from(5),
            rewards: Rewards::default(),
            earn,
        }
    }

    #[test]
    fn earns_on_what_is_paid() {
        let earn = Earn::default();
        let a = compute(&input(
            6_000_000,
            Redeem::Amount(1_000_000),
            Some(2_000_000),
            &earn,
        ))
        .expect("sale");
        assert_eq!(a.paid, 5_000_000);
        assert_eq!(a.credit_earned, 250_000);
        assert_eq!(a.points_earned, 500);
    }

    #[test]
    fn guests_earn_nothing_and_cannot_redeem() {
        let earn = Earn::default();
        let a = compute(&input(100_000, Redeem::Nothing, None, &earn)).expect("guest");
        assert_eq!((a.paid, a.credit_earned, a.points_earned), (100_000, 0, 0));
        assert_eq!(
            compute(&input(100_000, Redeem::All, None, &earn)),
            Err(SaleError::GuestCannotRedeem)
        );
    }

    #[test]
    fn redeem_is_bounded_by_balance_and_limit() {
        let earn = Earn {
            max_redeem_percent: Decimal::from(50),
            ..Earn::default()
        };
        assert_eq!(
            compute(&input(100_000, Redeem::Amount(60_000), Some(70_000), &earn)),
            Err(SaleError::RedeemOverLimit {
                requested: 60_000,
                limit: 50_000
            })
        );
        assert_eq!(
            compute(&input(100_000, Redeem::Amount(30_000), Some(20_000), &earn)),
            Err(SaleError::RedeemOverBalance {
                requested: 30_000,
                available: 20_000
            })
        );
        let a = compute(&input(100_000, Redeem::All, Some(70_000), &earn)).expect("all");
        assert_eq!(a.credit_redeemed, 50_000);
        let a = compute(&input(100_000, Redeem::All, Some(7_000), &earn)).expect("all");
        assert_eq!(a.credit_redeemed, 7_000);
    }

    #[test]
    fn items_must_add_up() {
        let earn = Earn::default();
        let items = [
            parse_item("1001:2:150000:coffee").expect("item"),
            parse_item("2002:0.5:100000").expect("item"),
        ];
        let mut i = input(350_000, Redeem::Nothing, Some(0), &earn);
        i.items = &items;
        assert!(compute(&i).is_ok());
        i.gross = 360_000;
        assert_eq!(
            compute(&i),
            Err(SaleError::ItemsMismatch {
                items_total: 350_000,
                gross: 360_000
            })
        );
    }

    #[test]
    fn bad_items() {
        assert_eq!(parse_item("1001:2"), Err(ItemError::Shape));
        assert_eq!(parse_item(":2:100"), Err(ItemError::EmptySku));
        assert_eq!(parse_item("a:-1:100"), Err(ItemError::BadQuantity));
        assert_eq!(parse_item("a:x:100"), Err(ItemError::BadQuantity));
        assert_eq!(parse_item("a:1:0"), Err(ItemError::BadPrice));
        assert_eq!(parse_item("a:0.3:5"), Err(ItemError::NotWholeRials));
        assert_eq!(parse_item("a:۲:۱۰۰").map(|i| i.total()), Ok(Ok(200)));
    }
}
