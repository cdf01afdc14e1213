//! Staff accounts, sign-in, the permission check every protected use case makes, manual
//! adjustments, and the audit trail.
//!
//! Who is acting is part of the open till ([`Vafa::actor`]). The CLI acts as the machine's
//! administrator (whoever can read the data directory can read the database anyway) and
//! records the operating-system user; `--user NAME` and the till window act as a signed-in
//! staff member, whose role the matrix in `domain::staff` is checked against.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use vafa_store::Connection;

use super::{MemberKey, Vafa};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::ledger::{Account, EntryKind, allocate};
use vafa_core::record::Record;
use vafa_core::staff::{
    Action, AuditRecord, Break, Role, after_wrong_pin, check_new_pin, required_role, verify_chain,
};
use vafa_store as store;
use vafa_store::ledger::Entry;
use vafa_store::staff::StaffRow;

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Actor {
    /// The staff member's name, or `os:<user>` for the machine's administrator.
    pub name: String,
    pub role: Role,
    /// A signed-in staff account (false: the machine's administrator at the command line).
    pub staff: bool,
}

impl Actor {
    /// The operating-system user running the command line, acting as administrator.
    pub fn machine() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "unknown".into());
        Actor {
            name: format!("os:{user}"),
            role: Role::Admin,
            staff: false,
        }
    }
}

/// This machine, as the audit trail names it: the branch and the host name.
pub(crate) fn terminal_name(branch: &str) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "this-machine".into());
    format!("{branch}/{host}")
}

/// A manual adjustment as recorded.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AdjustResult {
    pub member_id: String,
    pub account: &'static str,
    pub amount: i64,
    pub reason: String,
    pub entries: Vec<String>,
    pub balance: super::BalanceOut,
}

/// The audit trail and whether its chain holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditReport {
    pub records: Vec<AuditRecord>,
    pub total: usize,
    pub broken: Option<Break>,
}

fn hash_pin(pin: &str) -> Result<String> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Storage {
            detail: format!("PIN hashing failed: {e}"),
        })
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

pub(crate) fn staff_name(name: &str) -> Result<String> {
    let n = name.trim();
    let invalid = |why| Error::Invalid {
        field: Field::StaffName,
        value: name.to_string(),
        why,
    };
    if n.is_empty() {
        return Err(invalid(Why::Empty));
    }
    if let Some(why) = vafa_core::text::fault(n, 40) {
        return Err(invalid(why));
    }
    if n.starts_with("os:") || n.starts_with("pos:") {
        return Err(invalid(Why::BadChars));
    }
    Ok(n.to_string())
}

fn reason_field(reason: Option<&str>) -> Result<String> {
    let r = reason.map(str::trim).unwrap_or_default();
    if r.is_empty() {
        return Err(Error::Invalid {
            field: Field::Reason,
            value: String::new(),
            why: Why::Empty,
        });
    }
    if let Some(why) = vafa_core::text::fault(r, vafa_core::text::NOTE_MAX) {
        return Err(Error::Invalid {
            field: Field::Reason,
            value: r.to_string(),
            why,
        });
    }
    Ok(r.to_string())
}

impl Vafa {
    /// Who is acting now.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Every later call is checked, and audited, as `actor` (after [`Vafa::login`]).
    pub fn act_as(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// Refuses `action` if the acting person's role is below what the matrix asks. A
    /// refusal is itself put on the audit trail: the owner wants to know who tried.
    pub fn require(&self, action: Action) -> Result<()> {
        if self.may(action) {
            return Ok(());
        }
        let needed = required_role(&self.rules.config.permissions, action);
        let tx = self.write_tx()?;
        self.audit(
            &tx,
            "refused",
            action.as_str(),
            json!({"role": self.actor.role, "needed": needed}),
        )?;
        tx.commit()?;
        Err(Error::Forbidden {
            who: self.actor.name.clone(),
            role: self.actor.role,
            action,
            needed,
        })
    }

    /// Whether the acting person may do `action` (for the window to grey out a button;
    /// the use case checks again).
    pub fn may(&self, action: Action) -> bool {
        self.actor.role >= required_role(&self.rules.config.permissions, action)
    }

    /// Appends an audit record for an act by the current actor, inside `tx`.
    pub(crate) fn audit(
        &self,
        tx: &Connection,
        action: &str,
        subject: &str,
        detail: serde_json::Value,
    ) -> Result<()> {
        audit_as(
            tx,
            &self.actor,
            &self.terminal,
            &self.now().to_rfc3339(),
            action,
            subject,
            detail,
        )
    }

    /// Whether any staff account exists (the window asks for a first one if not).
    pub fn has_staff(&self) -> Result<bool> {
        Ok(store::staff::count_active(&self.conn, None)? > 0)
    }

    /// Every account with its role and state (for those who manage staff).
    pub fn staff_list(&self) -> Result<Vec<StaffRow>> {
        self.require(Action::ManageStaff)?;
        Ok(store::staff::all(&self.conn)?)
    }

    /// The names of the active accounts: what the sign-in screen offers to pick from
    /// before anyone is signed in (no roles, no state).
    pub fn staff_names(&self) -> Result<Vec<String>> {
        Ok(store::staff::all(&self.conn)?
            .into_iter()
            .filter(|s| s.active)
            .map(|s| s.name)
            .collect())
    }

    /// Adds a staff account. Nobody may give a role above their own.
    pub fn user_add(&mut self, name: &str, role: Role, pin: &str) -> Result<StaffRow> {
        self.require(Action::ManageStaff)?;
        if role > self.actor.role {
            return Err(Error::RoleAboveOwn {
                role: self.actor.role,
            });
        }
        let name = staff_name(name)?;
        let pin = check_new_pin(pin).map_err(|error| Error::InvalidPin { error })?;
        let hash = hash_pin(&pin)?;
        let now = self.now().to_rfc3339();
        let tx = self.write_tx()?;
        if store::staff::by_name(&tx, &name)?.is_some() {
            return Err(Error::StaffExists { name });
        }
        store::staff::insert(&tx, &name, role, &hash, &now)?;
        let row = store::staff::by_name(&tx, &name)?
            .ok_or_else(|| Error::UnknownStaff { name: name.clone() })?;
        self.audit(&tx, "staff_add", &name, json!({"role": role}))?;
        tx.commit()?;
        Ok(row)
    }

    /// Disables (or re-enables, which also lifts a lock) an account.
    pub fn user_set_active(&mut self, name: &str, active: bool) -> Result<StaffRow> {
        self.require(Action::ManageStaff)?;
        let tx = self.write_tx()?;
        let row = store::staff::by_name(&tx, name.trim())?.ok_or_else(|| Error::UnknownStaff {
            name: name.trim().to_string(),
        })?;
        if row.role > self.actor.role {
            return Err(Error::RoleAboveOwn {
                role: self.actor.role,
            });
        }
        if !active
            && row.active
            && row.role == Role::Admin
            && store::staff::count_active(&tx, Some(Role::Admin))? <= 1
        {
            return Err(Error::LastAdmin { name: row.name });
        }
        store::staff::set_active(&tx, &row.name, active)?;
        self.audit(
            &tx,
            if active {
                "staff_enable"
            } else {
                "staff_disable"
            },
            &row.name,
            json!({"was_active": row.active, "was_locked_until": row.locked_until}),
        )?;
        let out = store::staff::by_name(&tx, &row.name)?.unwrap_or(row);
        tx.commit()?;
        Ok(out)
    }

    /// Sets a new PIN (an admin for anyone; a staff member for themself).
    pub fn user_set_pin(&mut self, name: &str, pin: &str) -> Result<()> {
        let own = self.actor.staff && self.actor.name.eq_ignore_ascii_case(name.trim());
        if !own {
            self.require(Action::ManageStaff)?;
        }
        let pin = check_new_pin(pin).map_err(|error| Error::InvalidPin { error })?;
        let hash = hash_pin(&pin)?;
        let tx = self.write_tx()?;
        let row = store::staff::by_name(&tx, name.trim())?.ok_or_else(|| Error::UnknownStaff {
            name: name.trim().to_string(),
        })?;
        if !own && row.role > self.actor.role {
            return Err(Error::RoleAboveOwn {
                role: self.actor.role,
            });
        }
        store::staff::set_pin(&tx, &row.name, &hash)?;
        self.audit(&tx, "staff_pin", &row.name, json!({}))?;
        tx.commit()?;
        Ok(())
    }

    /// Checks a staff member's PIN. Every attempt is audited; repeated wrong PINs lock the
    /// account for `[staff] lock_minutes`. Returns who signed in; [`Vafa::act_as`] makes
    /// them the actor.
    pub fn login(&mut self, name: &str, pin: &str) -> Result<Actor> {
        let pin = vafa_core::digits::normalize_digits(pin.trim());
        let now = self.now_utc();
        let rules = self.rules.config.staff.clone();
        let tx = self.write_tx()?;
        let Some(row) = store::staff::by_name(&tx, name.trim())? else {
            // Spend the same time as a real check, so that timing does not tell which
            // names exist.
            let _ = pin_matches(
                &pin,
                "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            );
            drop(tx);
            self.audit_by_name(name.trim(), "login_failed", json!({"why": "unknown name"}))?;
            return Err(Error::WrongPin { left: None });
        };
        let local = |t: DateTime<Utc>| t.with_timezone(&self.shop.offset);
        if let Some(until) = row
            .locked_until
            .as_deref()
            .and_then(vafa_core::calendar::parse_time)
            .filter(|u| u.with_timezone(&Utc) > now)
        {
            drop(tx);
            self.audit_by_name(&row.name, "login_failed", json!({"why": "locked"}))?;
            return Err(Error::AccountLocked {
                name: row.name,
                until: until.format("%H:%M").to_string(),
            });
        }
        if !row.active {
            drop(tx);
            self.audit_by_name(&row.name, "login_failed", json!({"why": "disabled"}))?;
            return Err(Error::AccountDisabled { name: row.name });
        }
        if !pin_matches(&pin, &row.pin_hash) {
            let (failed, lock) = after_wrong_pin(row.failed, rules.lock_after);
            let until = lock.then(|| local(now + Duration::minutes(rules.lock_minutes.into())));
            store::staff::record_failure(
                &tx,
                &row.name,
                failed,
                until.map(|u| u.to_rfc3339()).as_deref(),
            )?;
            let actor = Actor {
                name: row.name.clone(),
                role: row.role,
                staff: true,
            };
            audit_as(
                &tx,
                &actor,
                &self.terminal,
                &local(now).to_rfc3339(),
                if lock {
                    "account_locked"
                } else {
                    "login_failed"
                },
                &row.name,
                json!({"why": "wrong pin", "failed_in_a_row": if lock { rules.lock_after } else { failed }}),
            )?;
            tx.commit()?;
            return Err(match until {
                Some(u) => Error::AccountLocked {
                    name: row.name,
                    until: u.format("%H:%M").to_string(),
                },
                None => Error::WrongPin {
                    left: (rules.lock_after > 0).then(|| rules.lock_after - failed),
                },
            });
        }
        let actor = Actor {
            name: row.name.clone(),
            role: row.role,
            staff: true,
        };
        let at = local(now).to_rfc3339();
        store::staff::record_login(&tx, &row.name, &at)?;
        audit_as(
            &tx,
            &actor,
            &self.terminal,
            &at,
            "login",
            &row.name,
            json!({}),
        )?;
        tx.commit()?;
        Ok(actor)
    }

    /// An audit record for an attempt by `name` (who is not signed in).
    fn audit_by_name(&self, name: &str, action: &str, detail: serde_json::Value) -> Result<()> {
        let tx = self.write_tx()?;
        let who = Actor {
            name: name.to_string(),
            role: Role::Cashier,
            staff: true,
        };
        audit_as(
            &tx,
            &who,
            &self.terminal,
            &self.now().to_rfc3339(),
            action,
            name,
            detail,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Adds (`amount > 0`) or takes away (`amount < 0`) credit or points by hand, with a
    /// reason, as ledger entries. Up to `[staff] small_adjust_limit` (points valued at
    /// `earn.point_value`) needs `adjust_small`; more needs `adjust`.
    pub fn adjust(
        &mut self,
        member: &str,
        account: Account,
        amount: i64,
        reason: Option<&str>,
    ) -> Result<AdjustResult> {
        let reason = reason_field(reason)?;
        if amount == 0 || amount.abs() > vafa_core::money::MAX_AMOUNT {
            return Err(Error::InvalidAmount {
                field: match account {
                    Account::Credit => Field::Credit,
                    Account::Points => Field::Points,
                },
                value: amount.to_string(),
                error: if amount == 0 {
                    vafa_core::money::AmountError::NotPositive
                } else {
                    vafa_core::money::AmountError::TooLarge
                },
            });
        }
        let value = match account {
            Account::Credit => amount.unsigned_abs(),
            Account::Points => amount
                .unsigned_abs()
                .saturating_mul(self.rules.config.earn.point_value.max(0) as u64),
        };
        if value > self.rules.config.staff.small_adjust_limit.max(0) as u64 {
            self.require(Action::Adjust)?;
        } else {
            self.require(Action::AdjustSmall)?;
        }
        let found = self.find_member(&MemberKey::Id(member.to_string()))?;
        // Head office takes an adjustment only from the member's own branch.
        if found.branch.as_str() != self.shop.branch_code {
            return Err(Error::OtherBranchMember {
                id: found.id.to_string(),
                branch: found.branch.to_string(),
            });
        }
        let member_id = found.id;
        let now = self.now_utc();
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let config = self.rules.config.clone();
        let tx = self.write_tx()?;
        let mut entries = store::ledger::expire_due(&tx, &member_id, now, &at, &branch)?;
        let mut written = Vec::new();
        if amount > 0 {
            let mut e = Entry::new(&member_id, account, amount, EntryKind::Adjust, &at, &branch);
            let days = match account {
                Account::Credit => config.earn.credit_expire_days,
                Account::Points => config.earn.points_expire_days,
            };
            e.expires_at = (days > 0).then(|| (now + Duration::days(days.into())).to_rfc3339());
            e.note = Some(reason.clone());
            store::ledger::append(&tx, &e)?;
            written.push(e);
        } else {
            let lots = store::ledger::live_lots(&tx, &member_id, account, now)?;
            let available: i64 = lots.iter().map(|l| l.remaining).sum();
            let draws = allocate(&lots, -amount).map_err(|_| Error::AdjustOverBalance {
                account: account.as_str(),
                requested: -amount,
                available,
            })?;
            for (lot, take) in draws {
                let mut e = Entry::new(&member_id, account, -take, EntryKind::Adjust, &at, &branch);
                e.lot_id = Some(lot.into());
                e.note = Some(reason.clone());
                store::ledger::append(&tx, &e)?;
                written.push(e);
            }
        }
        let ids: Vec<String> = written.iter().map(|e| e.id.to_string()).collect();
        entries.extend(written);
        // Each entry (and any expiry written on the way) travels to head office on its own.
        for e in &entries {
            store::outbox::push(&tx, &Record::Entry(e.clone()), &at)?;
        }
        self.audit(
            &tx,
            "adjust",
            &member_id,
            json!({"account": account.as_str(), "amount": amount, "reason": reason, "entries": ids}),
        )?;
        let (credit, points) = store::ledger::balances(&tx, &member_id, now)?;
        tx.commit()?;
        Ok(AdjustResult {
            member_id,
            account: account.as_str(),
            amount,
            reason,
            entries: ids,
            balance: super::BalanceOut { credit, points },
        })
    }

    /// The audit trail (from `since`, a local date, if given) and the verdict on its whole
    /// chain.
    pub fn audit_trail(&self, since: Option<chrono::NaiveDate>) -> Result<AuditReport> {
        self.require(Action::Reports)?;
        let all = store::audit::all(&self.conn)?;
        let head = store::audit::head(&self.conn)?;
        let broken = verify_chain(&all, head.as_ref().map(|(s, h)| (*s, h.as_str())));
        let total = all.len();
        let records = match since {
            None => all,
            Some(d) => {
                let from = d.format("%Y-%m-%d").to_string();
                all.into_iter()
                    .filter(|r| r.at.get(..10).is_some_and(|day| day >= from.as_str()))
                    .collect()
            }
        };
        Ok(AuditReport {
            records,
            total,
            broken,
        })
    }
}

/// Appends an audit record for `actor` inside `tx`.
pub(crate) fn audit_as(
    tx: &Connection,
    actor: &Actor,
    terminal: &str,
    at: &str,
    action: &str,
    subject: &str,
    detail: serde_json::Value,
) -> Result<()> {
    store::audit::append(
        tx,
        &store::audit::Act {
            at,
            actor: &actor.name,
            role: actor.role.as_str(),
            terminal,
            action,
            subject,
            detail: &detail,
        },
    )?;
    Ok(())
}
