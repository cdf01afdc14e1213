//! Enrol, edit, show and find members.

use std::collections::BTreeMap;

use chrono::Duration;
use serde::Serialize;

use super::{Vafa, cards::typed_card, text_field};
use vafa_core::calendar::{CalendarKind, GivenDate};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::ids::{new_id, parse_id};
use vafa_core::member::Gender;
use vafa_core::phone::Mobile;
use vafa_core::record::Record;
use vafa_core::staff::Action;
use vafa_store::{self as store, members::MemberRow};

/// A card number as a reader printed it (with the reader's profile) or as a person typed
/// it (no profile): one card is found however its reader spells it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CardInput {
    pub number: String,
    pub profile: Option<String>,
}

impl CardInput {
    /// A number as a person typed it.
    pub fn typed(number: impl Into<String>) -> CardInput {
        CardInput {
            number: number.into(),
            profile: None,
        }
    }
}

/// How a front names a member: by a card, by mobile or by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberKey {
    Card(CardInput),
    Mobile(Mobile),
    Id(String),
}

/// A member's details to enrol or edit, parsed by the front that took them. `None`
/// leaves a field as it is (edit) or empty (enrol); names are checked here.
#[derive(Debug, Clone, Default)]
pub struct MemberInput {
    pub first: Option<String>,
    pub last: Option<String>,
    pub mobile: Option<Mobile>,
    pub birth: Option<GivenDate>,
    pub anniversary: Option<GivenDate>,
    pub gender: Option<Gender>,
    /// The referrer's mobile.
    pub referrer: Option<Mobile>,
    pub fields: Vec<(String, String)>,
    pub card: Option<CardInput>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Balance {
    pub credit: i64,
    pub points: i64,
}

impl Balance {
    pub fn is_zero(&self) -> bool {
        self.credit == 0 && self.points == 0
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardStatus {
    pub number: String,
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A member as `vafa member show --json` prints them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberView {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
    /// ISO Gregorian; `birth_calendar` says which calendar the birthday is kept in.
    pub birth_date: Option<String>,
    pub birth_calendar: Option<String>,
    pub anniversary: Option<String>,
    pub gender: Option<String>,
    pub referrer_id: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub tier: Option<String>,
    /// What the member may spend (their live lots less what they owe).
    pub balance: Balance,
    /// Spent twice while branches were apart and not yet recovered from later earnings;
    /// left out when nothing is owed.
    #[serde(skip_serializing_if = "Balance::is_zero")]
    pub owed: Balance,
    pub visits: i64,
    pub first_visit: Option<String>,
    pub last_visit: Option<String>,
    pub total_spend: i64,
    pub category_spend: BTreeMap<String, i64>,
    pub cards: Vec<CardStatus>,
    pub branch: String,
    pub created_at: String,
}

fn field_key(k: &str) -> Result<String> {
    let key = k.trim().to_lowercase();
    if key.is_empty()
        || key.len() > 32
        || !key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
    {
        return Err(Error::Invalid {
            field: Field::CustomField,
            value: k.to_string(),
            why: if key.is_empty() {
                Why::Empty
            } else {
                Why::BadChars
            },
        });
    }
    Ok(key)
}

/// The fields that differ between two JSON objects: `{field: [before, after]}`.
pub(crate) fn changed(before: &serde_json::Value, after: &serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        for (k, av) in a {
            let bv = b.get(k).unwrap_or(&serde_json::Value::Null);
            if bv != av && k != "updated_at" {
                out.insert(k.clone(), serde_json::json!([bv, av]));
            }
        }
    }
    serde_json::Value::Object(out)
}

impl Vafa {
    /// Enrols a new member (and assigns their card, if given), in one transaction.
    pub fn enrol(&mut self, input: &MemberInput) -> Result<MemberView> {
        self.require(Action::Enrol)?;
        let now = self.now_utc().to_rfc3339();
        let mut row = blank_row(&self.shop.branch_code, &now);
        let need = |given: bool, field: Field| -> Result<()> {
            if given {
                Ok(())
            } else {
                Err(Error::Invalid {
                    field,
                    value: String::new(),
                    why: Why::Empty,
                })
            }
        };
        need(input.first.is_some(), Field::FirstName)?;
        need(input.last.is_some(), Field::LastName)?;
        need(input.mobile.is_some(), Field::Mobile)?;
        self.apply_input(&mut row, input)?;
        let card = input.card.as_ref().map(card_of).transpose()?;
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        insert_member(&tx, &row, card.as_ref(), &now, &branch)?;
        let id = row.id.to_string();
        let welcome = super::sms::Figures::default();
        self.queue_sms(&tx, vafa_core::sms::Event::Enrol, &id, Some(&id), &welcome)?;
        tx.commit()?;
        self.member_view(&row.id)
    }

    /// Changes the fields given in `input`; the rest stay as they are.
    pub fn edit_member(&mut self, id: &str, input: &MemberInput) -> Result<MemberView> {
        self.require(Action::Enrol)?;
        let now = self.now_utc().to_rfc3339();
        let id = parse_id(id).ok_or_else(|| Error::UnknownMember {
            key: id.to_string(),
        })?;
        let mut row = store::members::by_id(&self.conn, &id)?
            .ok_or_else(|| Error::UnknownMember { key: id.clone() })?;
        let before = serde_json::to_value(&row).unwrap_or_default();
        let mobile = row.mobile.clone();
        self.apply_input(&mut row, input)?;
        // Head office holds another branch's member's new mobile for its own decision.
        if row.mobile != mobile && row.branch.as_str() != self.shop.branch_code {
            return Err(Error::OtherBranchMember {
                id: row.id.to_string(),
                branch: row.branch.to_string(),
            });
        }
        row.updated_at = now.clone();
        let card = input.card.as_ref().map(card_of).transpose()?;
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        if let Some(other) = store::members::by_mobile(&tx, &row.mobile)?
            && other.id != row.id
        {
            return Err(Error::DuplicateMobile {
                mobile: row.mobile.clone(),
                member: other.full_name(),
            });
        }
        store::members::update(&tx, &row)?;
        let after = serde_json::to_value(&row).unwrap_or_default();
        self.audit(&tx, "member_edit", &row.id, changed(&before, &after))?;
        store::outbox::push(&tx, &Record::Member(row.clone()), &now)?;
        if let Some(card) = card {
            // A member with an active card who is given another one has it replaced (the
            // old one blocked, balance and history staying): the card screen's permission.
            // Of a member with several active cards (a member card and a discount card, say)
            // the card given is left alone if it is one of them; else it replaces the member
            // card (kind `member`), or the only other one.
            use vafa_core::gift::CardKind;
            let kind =
                |c: &store::cards::CardRow| CardKind::parse(&c.kind).unwrap_or(CardKind::Member);
            let active: Vec<_> = store::cards::of_member(&tx, &row.id)?
                .into_iter()
                .filter(|c| {
                    c.status == vafa_core::record::CardStatus::Active
                        && !matches!(kind(c), CardKind::Gift)
                })
                .collect();
            let current = if active
                .iter()
                .any(|c| c.number.as_str() == card.number.as_str())
            {
                active
                    .iter()
                    .find(|c| c.number.as_str() == card.number.as_str())
            } else {
                active
                    .iter()
                    .find(|c| matches!(kind(c), CardKind::Member))
                    .or(active.first())
            };
            match current {
                Some(old) if old.number.as_str() == card.number.as_str() => {}
                Some(old) => {
                    self.require(Action::ManageCards)?;
                    self.replace_in(&tx, old, &card, &now, &branch)?;
                }
                None => super::cards::assign_in(&tx, &row.id, &card, &now, &branch)?,
            }
        }
        tx.commit()?;
        self.member_view(&row.id)
    }

    fn apply_input(&self, row: &mut MemberRow, input: &MemberInput) -> Result<()> {
        apply_input(&self.conn, self.now().date_naive(), row, input)
    }

    /// Finds a member by card (as a reader printed it or a person typed it), mobile or id.
    pub fn find_member(&self, key: &MemberKey) -> Result<MemberView> {
        let (id, _) = member_of(&self.conn, key)?;
        self.member_view(&id)
    }

    /// Members whose name or mobile contains `text` (Persian digits and mobile spellings
    /// are understood), at most 50.
    pub fn find_members(&self, text: &str) -> Result<Vec<MemberView>> {
        let t = text.trim();
        if t.is_empty() {
            return Err(Error::Invalid {
                field: Field::Search,
                value: text.into(),
                why: Why::Empty,
            });
        }
        let normal = vafa_core::digits::normalize_digits(t);
        let fragment = if normal
            .chars()
            .all(|c| c.is_ascii_digit() || c == '+' || c == ' ' || c == '-')
        {
            // A mobile fragment: search in canonical form without the leading 0.
            let digits: String = normal.chars().filter(|c| c.is_ascii_digit()).collect();
            digits.strip_prefix('0').unwrap_or(&digits).to_string()
        } else {
            normal
        };
        store::members::find(&self.conn, &fragment, 50)?
            .iter()
            .map(|m| self.member_view(&m.id))
            .collect()
    }

    /// A member's latest sales and ledger entries (newest first, at most `limit` of each):
    /// the history and statement the till window's profile shows.
    pub fn member_history(
        &self,
        id: &str,
        limit: i64,
    ) -> Result<(
        Vec<store::sales::SaleRow>,
        Vec<store::ledger::StatementLine>,
    )> {
        Ok((
            store::sales::of_member(&self.conn, id, limit)?,
            store::ledger::statement(&self.conn, id, limit)?,
        ))
    }

    /// Everything the till shows about a member. O(1) reads: the row, its aggregates,
    /// its live lots, its cards and its last year's daily buckets.
    pub fn member_view(&self, id: &str) -> Result<MemberView> {
        let row = store::members::by_id(&self.conn, id)?
            .ok_or_else(|| Error::UnknownMember { key: id.into() })?;
        let stats = store::members::stats(&self.conn, id)?;
        let now = self.now_utc();
        let ((credit, points), (owed_credit, owed_points)) =
            store::ledger::standing(&self.conn, id, now)?;
        let tier = self.tier_of(id, self.now())?;
        let cards = store::cards::of_member(&self.conn, id)?
            .into_iter()
            .map(|c| CardStatus {
                number: c.number.into(),
                status: c.status.as_str().into(),
                reason: c.reason,
            })
            .collect();
        Ok(MemberView {
            fields: serde_json::from_str(&row.fields).unwrap_or_default(),
            balance: Balance { credit, points },
            owed: Balance {
                credit: owed_credit,
                points: owed_points,
            },
            tier,
            // Days with purchases (also for sales counted one by one before visits were days).
            visits: store::members::visits_before(&self.conn, id, "9999-12-31")?.0,
            first_visit: stats.first_visit,
            last_visit: stats.last_visit,
            total_spend: stats.total_spend,
            category_spend: store::members::category_spend(&self.conn, id)?
                .into_iter()
                .collect(),
            cards,
            id: row.id.into(),
            first_name: row.first_name,
            last_name: row.last_name,
            mobile: row.mobile,
            birth_date: row.birth_date,
            birth_calendar: row.birth_calendar,
            anniversary: row.anniversary,
            gender: row.gender,
            referrer_id: row.referrer_id.map(String::from),
            branch: row.branch.into(),
            created_at: row.created_at,
        })
    }

    /// The member's tier at `at`: by points earned in the rolling window before it.
    pub(crate) fn tier_of(
        &self,
        member_id: &str,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<Option<String>> {
        tier_in(&self.conn, &self.rules.config, member_id, at)
    }
}

/// The tier of a member at `at`, from the daily buckets of the rolling window.
pub(crate) fn tier_in(
    conn: &vafa_store::Connection,
    config: &vafa_core::config::ShopConfig,
    member_id: &str,
    at: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Option<String>> {
    if config.tier.is_empty() {
        return Ok(None);
    }
    let to = at.date_naive();
    let from = to - Duration::days(i64::from(config.tiers.window_days) - 1);
    let points =
        store::members::points_in_window(conn, member_id, &from.to_string(), &to.to_string())?;
    Ok(config.tier_for(points).map(|t| t.name.clone()))
}

/// The member `key` names, and the card number if it was a card (refused if the card is
/// unknown or blocked).
pub(crate) fn member_of(
    conn: &vafa_store::Connection,
    key: &MemberKey,
) -> Result<(String, Option<String>)> {
    match key {
        MemberKey::Card(c) => {
            let row = super::cards::active_card(conn, &card_of(c)?)?;
            Ok((row.member_id.into(), Some(row.number.into())))
        }
        MemberKey::Mobile(m) => {
            let row = store::members::by_mobile(conn, m.as_str())?
                .ok_or_else(|| Error::UnknownMember { key: m.local() })?;
            Ok((row.id.into(), None))
        }
        MemberKey::Id(id) => {
            let canonical = parse_id(id).ok_or_else(|| Error::UnknownMember { key: id.clone() })?;
            store::members::by_id(conn, &canonical)?
                .ok_or_else(|| Error::UnknownMember { key: id.clone() })?;
            Ok((canonical, None))
        }
    }
}

/// A card as given, with the keys it is found under.
pub(crate) fn card_of(c: &CardInput) -> Result<super::cards::TypedCard> {
    typed_card(&c.number, c.profile.as_deref())
}

/// Validates `input` into `row` (only the fields given).
pub(crate) fn apply_input(
    conn: &vafa_store::Connection,
    today: chrono::NaiveDate,
    row: &mut MemberRow,
    input: &MemberInput,
) -> Result<()> {
    if let Some(f) = &input.first {
        row.first_name = text_field(Field::FirstName, f, 64)?;
    }
    if let Some(l) = &input.last {
        row.last_name = text_field(Field::LastName, l, 64)?;
    }
    if let Some(m) = &input.mobile {
        row.mobile = m.to_string();
    }
    if let Some(d) = &input.birth {
        if let Err(error) = vafa_core::calendar::old_enough(d.date, today) {
            return Err(Error::InvalidDate {
                field: Field::BirthDate,
                value: shown(d),
                error,
            });
        }
        row.birth_date = Some(d.date.to_string());
        row.birth_calendar = Some(d.calendar.as_str().into());
    }
    if let Some(d) = &input.anniversary {
        row.anniversary = Some(d.date.to_string());
        row.anniversary_calendar = Some(d.calendar.as_str().into());
    }
    if let Some(g) = input.gender {
        row.gender = Some(g.as_str().into());
    }
    if let Some(r) = &input.referrer {
        let referrer = store::members::by_mobile(conn, r.as_str())?
            .ok_or_else(|| Error::UnknownMember { key: r.local() })?;
        if referrer.id == row.id {
            return Err(Error::Invalid {
                field: Field::Referrer,
                value: r.local(),
                why: Why::UnknownChoice,
            });
        }
        row.referrer_id = Some(referrer.id);
    }
    if !input.fields.is_empty() {
        let mut fields: BTreeMap<String, String> =
            serde_json::from_str(&row.fields).unwrap_or_default();
        for (k, v) in &input.fields {
            let key = field_key(k)?;
            let value = v.trim();
            if value.is_empty() {
                fields.remove(&key);
            } else {
                fields.insert(key, text_field(Field::CustomField, value, 200)?);
            }
        }
        row.fields = serde_json::to_string(&fields).unwrap_or_else(|_| "{}".into());
    }
    Ok(())
}

/// A date as a person would have typed it, in the calendar they gave it in.
fn shown(d: &GivenDate) -> String {
    match d.calendar {
        CalendarKind::Jalali => vafa_core::calendar::format_jalali(d.date),
        CalendarKind::Gregorian => d.date.to_string(),
    }
}

/// An empty member record with a new id.
pub(crate) fn blank_row(branch: &str, now: &str) -> MemberRow {
    MemberRow::new(
        new_id().into(),
        String::new(),
        String::new(),
        String::new(),
        branch.into(),
        now,
    )
}

/// Inserts a validated member (and card) inside an open transaction, refusing a
/// duplicate mobile.
pub(crate) fn insert_member(
    conn: &vafa_store::Connection,
    row: &MemberRow,
    card: Option<&super::cards::TypedCard>,
    now: &str,
    branch: &str,
) -> Result<()> {
    if let Some(other) = store::members::by_mobile(conn, &row.mobile)? {
        return Err(Error::DuplicateMobile {
            mobile: row.mobile.clone(),
            member: other.full_name(),
        });
    }
    store::members::insert(conn, row)?;
    store::outbox::push(conn, &Record::Member(row.clone()), now)?;
    if let Some(card) = card {
        super::cards::assign_in(conn, &row.id, card, now, branch)?;
    }
    Ok(())
}
