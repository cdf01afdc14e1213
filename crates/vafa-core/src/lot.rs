//! One lot on a till, as a state machine: what an entry on the lot does to it.
//!
//! A lot never goes below zero on a till. An entry that draws more than its lot holds here
//! (another branch spent the same credit while the two were apart) takes what is there;
//! the rest is counted in the lot's *net* without being held, and what that takes the net
//! below zero is the lot's *shortfall*, which the member owes. An entry that gives to a lot
//! repays its shortfall before it adds to the lot. An expiry takes only what is left: it
//! never makes nor hides a debt, whichever of it and a draw arrives first.
//!
//! The store reads a lot's [`LotState`] (what its rows hold), calls [`settle`], and writes
//! the [`Settled`] figures; head office keeps the same net per lot ([`overdrawn`]), so both
//! sides agree on what is owed.

use crate::ledger::EntryKind;
use crate::protocol::NOTE_REPAID;

/// What is owed on a lot whose entries other than expiries come to `net`.
pub fn overdrawn(net: i64) -> i64 {
    net.saturating_neg().max(0)
}

/// What a till holds of one lot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LotState {
    /// What the lot holds here (its opening entry and every row drawn on it): never below
    /// zero.
    pub remaining: i64,
    /// What expiries took from it here, as a positive number.
    pub expired: i64,
    /// What entries on it came to beyond what it held or owed here, counted in its net
    /// without being held (below zero: draws that found it empty; above: repayments).
    pub unheld: i64,
    /// Its shortfall: what was drawn on it beyond its net and is not yet repaid.
    pub owed: i64,
}

impl LotState {
    /// A lot opened by a positive entry of `amount`.
    pub fn opened(amount: i64) -> LotState {
        LotState {
            remaining: amount,
            ..LotState::default()
        }
    }

    /// What the lot's entries other than expiries come to: below zero, it is overdrawn by
    /// that much.
    pub fn net(&self) -> i64 {
        self.remaining + self.expired + self.unheld
    }
}

/// An entry on an existing lot, as it was written (at this till or elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnLot {
    /// Signed: below zero it draws on the lot, above it gives to it.
    pub amount: i64,
    pub kind: EntryKind,
    /// Head office giving back to an overdrawn lot (`NOTE_REPAID`): if the lot owes
    /// nothing here, it repays the member's debt that no lot holds.
    pub repayment: bool,
}

impl OnLot {
    pub fn new(amount: i64, kind: EntryKind, note: Option<&str>) -> OnLot {
        OnLot {
            amount,
            kind,
            repayment: kind == EntryKind::Adjust && note == Some(NOTE_REPAID),
        }
    }
}

/// What one entry did to its lot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settled {
    /// What the lot's row holds (0: no row): what the entry changed of the lot here.
    pub applied: i64,
    /// Change in the lot's shortfall: above zero a new debt, below zero a repayment.
    pub owed: i64,
    /// Change in the member's debt that no lot holds (a till's debt kept from before
    /// shortfalls were placed on lots): zero, or below zero for a repayment.
    pub unplaced: i64,
    /// What the lot counts in its net without holding it (see [`LotState::unheld`]).
    pub unheld: i64,
    /// The lot after the entry.
    pub lot: LotState,
}

/// What entry `e` does to `lot`, given `unplaced`: the member's debt in this account that
/// no lot holds.
pub fn settle(lot: LotState, unplaced: i64, e: OnLot) -> Settled {
    let mut out = Settled {
        applied: e.amount,
        ..Settled::default()
    };
    if e.amount < 0 {
        let remaining = lot.remaining.max(0);
        if -e.amount > remaining {
            out.applied = -remaining;
            if e.kind != EntryKind::Expire {
                let net = lot.net();
                out.owed = overdrawn(net + e.amount) - overdrawn(net);
                out.unheld = e.amount + remaining;
            }
        }
    } else {
        let on_lot = e.amount.min(lot.owed);
        if on_lot > 0 {
            out.owed = -on_lot;
            out.unheld = on_lot;
            out.applied = e.amount - on_lot;
        } else if e.repayment {
            let repaid = e.amount.min(unplaced);
            if repaid > 0 {
                out.unplaced = -repaid;
                out.applied = e.amount - repaid;
            }
        }
    }
    out.lot = LotState {
        remaining: lot.remaining + out.applied,
        expired: lot.expired
            - if e.kind == EntryKind::Expire {
                out.applied
            } else {
                0
            },
        unheld: lot.unheld + out.unheld,
        owed: lot.owed + out.owed,
    };
    out
}

/// What voiding a sale takes back from the lot it earned (`amount`): what is left of it,
/// as far as it has not expired. `Err(spent)` when the member already spent some of it
/// (a void may not take a balance below zero).
pub fn take_back_earning(amount: i64, lot: LotState) -> Result<i64, i64> {
    let spent = amount - lot.remaining - lot.expired;
    if spent > 0 {
        Err(spent)
    } else {
        Ok(-lot.remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(amount: i64, kind: EntryKind) -> OnLot {
        OnLot::new(amount, kind, None)
    }

    fn lot(remaining: i64, expired: i64, unheld: i64, owed: i64) -> LotState {
        LotState {
            remaining,
            expired,
            unheld,
            owed,
        }
    }

    #[test]
    fn overdrawn_is_what_the_net_is_below_zero() {
        assert_eq!(overdrawn(-1), 1);
        assert_eq!(overdrawn(0), 0);
        assert_eq!(overdrawn(1), 0);
        assert_eq!(overdrawn(i64::MIN), i64::MAX);
    }

    #[test]
    fn a_draw_within_the_lot_takes_it_all_from_the_lot() {
        let s = settle(LotState::opened(100), 0, on(-100, EntryKind::Redeem));
        assert_eq!(
            s,
            Settled {
                applied: -100,
                lot: lot(0, 0, 0, 0),
                ..Settled::default()
            }
        );
    }

    #[test]
    fn a_draw_beyond_the_lot_owes_the_rest() {
        // One more than the lot holds: one rial is owed, and counted without being held.
        let s = settle(LotState::opened(100), 0, on(-101, EntryKind::Redeem));
        assert_eq!((s.applied, s.owed, s.unheld), (-100, 1, -1));
        assert_eq!(s.lot, lot(0, 0, -1, 1));
        assert_eq!(s.lot.net(), -1);
        // A draw on an empty lot that was overdrawn already adds its whole amount.
        let again = settle(s.lot, 0, on(-5, EntryKind::Redeem));
        assert_eq!((again.applied, again.owed, again.unheld), (0, 5, -5));
    }

    #[test]
    fn an_expiry_takes_only_what_is_left_and_is_never_a_debt() {
        let s = settle(LotState::opened(40), 0, on(-70, EntryKind::Expire));
        assert_eq!((s.applied, s.owed, s.unheld), (-40, 0, 0));
        assert_eq!(s.lot, lot(0, 40, 0, 0));
        // A draw that arrives after the lot expired here is a debt only beyond what the
        // lot held: the expiry took the rest first.
        let d = settle(s.lot, 0, on(-40, EntryKind::Redeem));
        assert_eq!((d.applied, d.owed, d.unheld), (0, 0, -40));
        let more = settle(s.lot, 0, on(-41, EntryKind::Redeem));
        assert_eq!(more.owed, 1);
    }

    #[test]
    fn a_gift_repays_the_shortfall_before_it_refills_the_lot() {
        let owing = lot(0, 0, -30, 30);
        let s = settle(owing, 0, on(50, EntryKind::Void));
        assert_eq!((s.applied, s.owed, s.unheld), (20, -30, 30));
        assert_eq!(s.lot, lot(20, 0, 0, 0));
        // Less than is owed: nothing reaches the lot.
        let part = settle(owing, 0, on(10, EntryKind::Adjust));
        assert_eq!((part.applied, part.owed, part.unheld), (0, -10, 10));
        // Exactly what is owed.
        let exact = settle(owing, 0, on(30, EntryKind::Adjust));
        assert_eq!((exact.applied, exact.owed), (0, -30));
        // Nothing owed: all of it to the lot.
        let free = settle(LotState::opened(5), 7, on(3, EntryKind::Void));
        assert_eq!((free.applied, free.owed, free.unplaced), (3, 0, 0));
    }

    #[test]
    fn head_offices_repayment_repays_the_unplaced_debt_when_the_lot_owes_nothing() {
        let repay = OnLot::new(15, EntryKind::Adjust, Some(NOTE_REPAID));
        assert!(repay.repayment);
        let s = settle(LotState::opened(0), 10, repay);
        assert_eq!((s.applied, s.owed, s.unplaced, s.unheld), (5, 0, -10, 0));
        let all = settle(LotState::opened(0), 20, repay);
        assert_eq!((all.applied, all.unplaced), (0, -15));
        // The lot's own debt comes first.
        let own = settle(lot(0, 0, -4, 4), 20, repay);
        assert_eq!((own.applied, own.owed, own.unplaced), (11, -4, 0));
        // Only head office's repayment: another adjustment, or another note, adds to the lot.
        assert!(!OnLot::new(15, EntryKind::Void, Some(NOTE_REPAID)).repayment);
        assert!(!OnLot::new(15, EntryKind::Adjust, Some("x")).repayment);
        let plain = settle(LotState::opened(0), 20, on(15, EntryKind::Adjust));
        assert_eq!((plain.applied, plain.unplaced), (15, 0));
    }

    #[test]
    fn a_void_takes_back_what_is_left_of_an_earning_unless_some_was_spent() {
        assert_eq!(take_back_earning(100, LotState::opened(100)), Ok(-100));
        // Expired in part: what is left.
        assert_eq!(take_back_earning(100, lot(60, 40, 0, 0)), Ok(-60));
        // One rial spent.
        assert_eq!(take_back_earning(100, lot(59, 40, 0, 0)), Err(1));
    }
}
