//! Staff roles, the permission matrix, PIN rules, lockout arithmetic and the audit hash
//! chain. Pure: the store keeps the rows, the service layer enforces.
//!
//! The matrix is one table ([`Action::default_role`]): the lowest role that may do each
//! protected act. A shop can raise or lower any entry with `[permissions]` in its
//! configuration. Roles are ordered: a higher role may do everything a lower one may.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::digits::normalize_digits;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Cashier,
    Supervisor,
    Manager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Cashier, Role::Supervisor, Role::Manager, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
            Role::Manager => "manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// Every act the service layer protects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    /// Record a sale.
    Sell,
    /// Pay with stored credit.
    Redeem,
    /// Enrol a member, edit one, assign a card to one.
    Enrol,
    /// Void a sale.
    Void,
    /// A manual adjustment up to `[staff] small_adjust_limit`.
    AdjustSmall,
    /// A manual adjustment of any size.
    Adjust,
    /// Import, enable and disable offers; import occasions.
    ManageOffers,
    /// Block and replace cards.
    ManageCards,
    /// Import members.
    Import,
    /// Export members, sales or the ledger.
    Export,
    /// Read the audit trail and reports.
    Reports,
    /// Add, disable and re-enable staff; change PINs.
    ManageStaff,
    /// Import the shop configuration; save card readers.
    Configure,
    /// Take a backup.
    Backup,
    /// Replace the shop's data with a backup.
    Restore,
    /// Create and draw lotteries.
    Lottery,
    /// Import surveys, record answers, see results.
    Survey,
}

impl Action {
    pub const ALL: [Action; 17] = [
        Action::Sell,
        Action::Redeem,
        Action::Enrol,
        Action::Void,
        Action::AdjustSmall,
        Action::Adjust,
        Action::ManageOffers,
        Action::ManageCards,
        Action::Import,
        Action::Export,
        Action::Reports,
        Action::ManageStaff,
        Action::Configure,
        Action::Backup,
        Action::Restore,
        Action::Lottery,
        Action::Survey,
    ];

    /// The default matrix: the lowest role that may do this.
    pub fn default_role(self) -> Role {
        match self {
            Action::Sell | Action::Redeem | Action::Enrol => Role::Cashier,
            Action::Void | Action::AdjustSmall => Role::Supervisor,
            Action::Adjust
            | Action::ManageOffers
            | Action::ManageCards
            | Action::Import
            | Action::Export
            | Action::Reports
            | Action::Lottery
            | Action::Survey => Role::Manager,
            Action::ManageStaff | Action::Configure | Action::Backup | Action::Restore => {
                Role::Admin
            }
        }
    }

    /// The key in `[permissions]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Sell => "sell",
            Action::Redeem => "redeem",
            Action::Enrol => "enrol",
            Action::Void => "void",
            Action::AdjustSmall => "adjust_small",
            Action::Adjust => "adjust",
            Action::ManageOffers => "offers",
            Action::ManageCards => "cards",
            Action::Import => "import",
            Action::Export => "export",
            Action::Reports => "reports",
            Action::ManageStaff => "staff",
            Action::Configure => "configure",
            Action::Backup => "backup",
            Action::Restore => "restore",
            Action::Lottery => "lottery",
            Action::Survey => "survey",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// The matrix in force: the defaults with the shop's `[permissions]` laid over them.
pub fn required_role(overrides: &BTreeMap<String, Role>, action: Action) -> Role {
    overrides
        .get(action.as_str())
        .copied()
        .unwrap_or_else(|| action.default_role())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    /// Not 4 to 12 digits.
    Format,
    /// All one digit, or a run like 1234 / 9876.
    Guessable,
}

/// Checks a new PIN and returns it with Latin digits: 4–12 digits, not all the same digit
/// and not a straight run (1234, 4321), which are the first a stranger tries.
pub fn check_new_pin(pin: &str) -> Result<String, PinError> {
    let p = normalize_digits(pin.trim());
    if !(4..=12).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
        return Err(PinError::Format);
    }
    let b = p.as_bytes();
    let steps: Vec<i16> = b.windows(2).map(|w| w[1] as i16 - w[0] as i16).collect();
    if steps.iter().all(|&s| s == 0)
        || steps.iter().all(|&s| s == 1)
        || steps.iter().all(|&s| s == -1)
    {
        return Err(PinError::Guessable);
    }
    Ok(p)
}

/// After a wrong PIN: the new count of failures in a row, and whether the account locks now.
pub fn after_wrong_pin(failed_before: u32, lock_after: u32) -> (u32, bool) {
    let failed = failed_before + 1;
    if lock_after > 0 && failed >= lock_after {
        (0, true)
    } else {
        (failed, false)
    }
}

/// The hash that opens the chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit record as it is hashed. Fields are joined with the unit separator, which no
/// field may hold (the store replaces it), so that no two records hash the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub role: String,
    pub terminal: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    /// SHA-256 over the previous hash and every field of this record, as lowercase hex.
    pub fn compute_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        for part in [
            self.prev_hash.as_str(),
            &self.seq.to_string(),
            &self.at,
            &self.actor,
            &self.role,
            &self.terminal,
            &self.action,
            &self.subject,
            &self.detail,
        ] {
            h.update(part.as_bytes());
            h.update([0x1f]);
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The first place the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Break {
    /// Record `seq` is not what was written: its hash does not match its contents.
    Edited { seq: i64 },
    /// Records between `after` and `next` are missing.
    Missing { after: i64, next: i64 },
    /// Record `seq` does not follow the one before it (rows swapped or re-hashed).
    Relinked { seq: i64 },
    /// The trail ends at `last`, but `head` records had been written.
    Truncated { last: i64, head: i64 },
}

/// Walks the chain in `seq` order and names the first break. `head` is the last
/// `(seq, hash)` vafa recorded writing, kept apart from the trail.
pub fn verify_chain(records: &[AuditRecord], head: Option<(i64, &str)>) -> Option<Break> {
    let mut prev_seq = 0;
    let mut prev_hash = GENESIS.to_string();
    for r in records {
        if r.seq != prev_seq + 1 {
            return Some(Break::Missing {
                after: prev_seq,
                next: r.seq,
            });
        }
        if r.compute_hash() != r.hash {
            return Some(Break::Edited { seq: r.seq });
        }
        if r.prev_hash != prev_hash {
            return Some(Break::Relinked { seq: r.seq });
        }
        prev_seq = r.seq;
        prev_hash = r.hash.clone();
    }
    match head {
        Some((seq, _)) if seq > prev_seq => Some(Break::Truncated {
            last: prev_seq,
            head: seq,
        }),
        Some((seq, hash)) if seq == prev_seq && hash != prev_hash => Some(Break::Relinked { seq }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut out: Vec<AuditRecord> = Vec::new();
        let mut prev = GENESIS.to_string();
        for seq in 1..=n {
            let mut r = AuditRecord {
                seq,
                at: format!("2026-11-22T10:{seq:02}:00+03:30"),
                actor: "sara".into(),
                role: "supervisor".into(),
                terminal: "T1".into(),
                action: "void".into(),
                subject: format!("sale-{seq}"),
                detail: "{}".into(),
                prev_hash: prev.clone(),
                hash: String::new(),
            };
            r.hash = r.compute_hash();
            prev = r.hash.clone();
            out.push(r);
        }
        out
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        let head = (5, c[4].hash.as_str());
        assert_eq!(verify_chain(&c, Some(head)), None);
        assert_eq!(verify_chain(&[], None), None);
    }

    #[test]
    fn every_kind_of_tampering_is_named() {
        let c = chain(5);
        let head = Some((5, c[4].hash.as_str()));
        let mut edited = c.clone();
        edited[2].detail = r#"{"amount":1}"#.into();
        assert_eq!(verify_chain(&edited, head), Some(Break::Edited { seq: 3 }));
        let mut gap = c.clone();
        gap.remove(1);
        assert_eq!(
            verify_chain(&gap, head),
            Some(Break::Missing { after: 1, next: 3 })
        );
        assert_eq!(
            verify_chain(&c[..3], head),
            Some(Break::Truncated { last: 3, head: 5 })
        );
        // Rebuilt from record 3 on with fresh hashes: the link to record 2 breaks.
        let mut rebuilt = c.clone();
        rebuilt[2].prev_hash = GENESIS.into();
        rebuilt[2].hash = rebuilt[2].compute_hash();
        assert_eq!(
            verify_chain(&rebuilt, head),
            Some(Break::Relinked { seq: 3 })
        );
    }

    #[test]
    fn pins_are_digits_and_not_the_first_guesses() {
        assert_eq!(check_new_pin("۲۴۶۸").as_deref(), Ok("2468"));
        assert_eq!(check_new_pin("12a4"), Err(PinError::Format));
        assert_eq!(check_new_pin("123"), Err(PinError::Format));
        assert_eq!(check_new_pin("1111"), Err(PinError::Guessable));
        assert_eq!(check_new_pin("123456"), Err(PinError::Guessable));
        assert_eq!(check_new_pin("4321"), Err(PinError::Guessable));
        assert_eq!(check_new_pin("1357").as_deref(), Ok("1357"));
    }

    #[test]
    fn lockout_counts_wrong_pins_in_a_row() {
        assert_eq!(after_wrong_pin(0, 5), (1, false));
        assert_eq!(after_wrong_pin(4, 5), (0, true));
        assert_eq!(after_wrong_pin(10, 0), (11, false));
    }

    #[test]
    fn roles_are_ordered_and_the_matrix_can_be_changed() {
        assert!(Role::Cashier < Role::Supervisor && Role::Manager < Role::Admin);
        let mut o = BTreeMap::new();
        assert_eq!(required_role(&o, Action::Void), Role::Supervisor);
        o.insert("void".to_string(), Role::Manager);
        assert_eq!(required_role(&o, Action::Void), Role::Manager);
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        assert_eq!(Role::parse(" Supervisor "), Some(Role::Supervisor));
    }
}
