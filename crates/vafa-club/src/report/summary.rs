//! `vafa report summary`: the shop's figures over a window.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Rials, Window};

/// One sale as the summary needs it; guests' sales have no member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sale {
    pub day: NaiveDate,
    pub member: Option<String>,
    /// Money paid (cash, card), in rials.
    pub paid: Rials,
    pub credit_earned: Rials,
    pub credit_redeemed: Rials,
    /// A voided sale counts nowhere.
    pub voided: bool,
}

/// One member's standing: when they joined and what they hold now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub id: String,
    pub enrolled: NaiveDate,
    /// Credit balance in rials; a negative balance (an overdraft) is owed to the shop and
    /// is no liability.
    pub credit: Rials,
    pub points: i64,
}

/// CONTRACT `summary`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Members enrolled on or before the window's last day.
    pub members: u64,
    /// Of them, those enrolled inside the window.
    pub new_members: u64,
    /// Members with a visit in the window.
    pub active_members: u64,
    /// Members' sales in the window.
    pub visits: u64,
    /// Every sale in the window, guests' too.
    pub sales: u64,
    pub paid: Rials,
    pub credit_earned: Rials,
    pub credit_redeemed: Rials,
    /// The sum of members' positive credit balances.
    pub credit_outstanding: Rials,
    /// The sum of members' positive point balances.
    pub points_outstanding: i64,
    /// Sales in the window without a member.
    pub guest_sales: u64,
}

/// The summary of `sales` in `window` over the shop's `members` (balances as they stand).
pub fn summary(members: &[Member], sales: &[Sale], window: &Window) -> Summary {
    let mut s = Summary {
        members: 0,
        new_members: 0,
        active_members: 0,
        visits: 0,
        sales: 0,
        paid: 0,
        credit_earned: 0,
        credit_redeemed: 0,
        credit_outstanding: 0,
        points_outstanding: 0,
        guest_sales: 0,
    };
    for m in members.iter().filter(|m| m.enrolled <= window.to()) {
        s.members += 1;
        if window.contains(m.enrolled) {
            s.new_members += 1;
        }
        s.credit_outstanding = s.credit_outstanding.saturating_add(m.credit.max(0));
        s.points_outstanding = s.points_outstanding.saturating_add(m.points.max(0));
    }
    let mut active = BTreeSet::new();
    for sale in sales.iter().filter(|x| !x.voided && window.contains(x.day)) {
        s.sales += 1;
        s.paid = s.paid.saturating_add(sale.paid);
        s.credit_earned = s.credit_earned.saturating_add(sale.credit_earned);
        s.credit_redeemed = s.credit_redeemed.saturating_add(sale.credit_redeemed);
        match &sale.member {
            Some(id) => {
                s.visits += 1;
                active.insert(id.as_str());
            }
            None => s.guest_sales += 1,
        }
    }
    s.active_members = active.len() as u64;
    s
}

#[cfg(test)]
mod tests {
    use super::super::test_data::*;
    use super::*;

    fn sale(n: u32, member: Option<&str>, paid: Rials, voided: bool) -> Sale {
        Sale {
            day: d(n),
            member: member.map(str::to_string),
            paid,
            credit_earned: paid / 20,
            credit_redeemed: paid / 100,
            voided,
        }
    }

    fn member(id: &str, enrolled: u32, credit: Rials, points: i64) -> Member {
        Member {
            id: id.to_string(),
            enrolled: d(enrolled),
            credit,
            points,
        }
    }

    #[test]
    fn a_hand_worked_shop() {
        // Window: days 10–20.
        // Members: a (joined day 1), b (day 10: new), c (day 20: new), z (day 21: not yet).
        // Credit outstanding 5,000 + 0 (b owes 2,000: no liability) + 1,000 = 6,000;
        // points 7 + 3 + 0 (negative ignored) = 10.
        let members = [
            member("a", 1, 5_000, 7),
            member("b", 10, -2_000, 3),
            member("c", 20, 1_000, -4),
            member("z", 21, 9_000, 9),
        ];
        // Sales in the window: a on 10 (100,000), a on 12 (200,000), b on 20 (40,000),
        // guest on 15 (60,000); not counted: a voided sale on 11, a sale on day 9 and one on 21.
        // paid = 100,000 + 200,000 + 40,000 + 60,000 = 400,000
        // earned = 5,000 + 10,000 + 2,000 + 3,000 = 20,000 (paid / 20)
        // redeemed = 1,000 + 2,000 + 400 + 600 = 4,000 (paid / 100)
        let sales = [
            sale(10, Some("a"), 100_000, false),
            sale(12, Some("a"), 200_000, false),
            sale(20, Some("b"), 40_000, false),
            sale(15, None, 60_000, false),
            sale(11, Some("c"), 70_000, true),
            sale(9, Some("c"), 70_000, false),
            sale(21, None, 70_000, false),
        ];
        let s = summary(&members, &sales, &window(10, 20));
        assert_eq!(
            s,
            Summary {
                members: 3,
                new_members: 2,
                active_members: 2,
                visits: 3,
                sales: 4,
                paid: 400_000,
                credit_earned: 20_000,
                credit_redeemed: 4_000,
                credit_outstanding: 6_000,
                points_outstanding: 10,
                guest_sales: 1,
            }
        );
    }

    #[test]
    fn an_empty_shop_is_all_zeros() {
        let s = summary(&[], &[], &window(1, 365));
        assert_eq!((s.members, s.sales, s.paid, s.active_members), (0, 0, 0, 0));
    }

    #[test]
    fn sums_saturate() {
        let members = [member("a", 1, i64::MAX, i64::MAX), member("b", 1, 1, 1)];
        let sales = [
            sale(1, None, i64::MAX, false),
            sale(1, None, i64::MAX, false),
        ];
        let s = summary(&members, &sales, &window(1, 2));
        assert_eq!(s.credit_outstanding, i64::MAX);
        assert_eq!(s.points_outstanding, i64::MAX);
        assert_eq!(s.paid, i64::MAX);
    }
}
