//! `vafa sms campaign`: one advertising message to each consenting member of an audience
//! (an RFM segment, lapsing members or this week's birthdays as the reports and `vafa
//! suggest` define them, a tier, or everyone), with a dry run that shows the figures; and
//! the daily birthday job the sender runs.
//!
//! A real run queues every message in one transaction, each with the opt-out line, under
//! the source `campaign:ID`: the outbox's unique (event, source, member) makes the same
//! campaign id queue once per member however often it is run.

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use vafa_club::report::rfm::Segment;
use vafa_club::report::visits::lapsing;
use vafa_core::calendar::{CalendarKind, to_jalali};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::money::Rials;
use vafa_core::sms::Event;
use vafa_core::staff::Action;
use vafa_store::{self as store, Connection};

use super::Vafa;
use super::sms::{Figures, Recipient, parse_template};
use super::suggest::BIRTHDAY_DAYS;

/// The setting that holds the last day the birthday job ran.
const BIRTHDAYS_SETTING: &str = "sms_birthdays_day";

/// Whom a campaign reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    All,
    /// An RFM segment of the default report window (the 365 days up to today).
    Rfm(Segment),
    /// The lapsing regulars of `vafa suggest` (the same window).
    Lapsing,
    /// Birthdays from today to [`BIRTHDAY_DAYS`] after.
    Birthdays,
    /// Members in this tier today.
    Tier(String),
}

impl Audience {
    /// `--segment NAME`: an RFM segment's name, `lapsing` or `birthdays`.
    pub fn segment(name: &str) -> Result<Audience> {
        let n = name.trim();
        match n {
            "lapsing" => Ok(Audience::Lapsing),
            "birthdays" => Ok(Audience::Birthdays),
            _ => Segment::ALL
                .into_iter()
                .find(|s| s.name() == n)
                .map(Audience::Rfm)
                .ok_or_else(|| Error::Invalid {
                    field: Field::Segment,
                    value: name.to_string(),
                    why: Why::UnknownChoice,
                }),
        }
    }
}

/// `vafa sms campaign`.
#[derive(Debug, Clone)]
pub struct CampaignRequest {
    pub audience: Audience,
    /// `[sms.templates.NAME]`.
    pub template: String,
    /// The campaign's id; `None`: `TEMPLATE-DAY` (the day it is sent).
    pub id: Option<String>,
    /// Not sent before this time; `None`: at once (quiet hours still apply).
    pub at: Option<DateTime<FixedOffset>>,
    /// The most it may cost, in rials.
    pub budget: Option<Rials>,
    pub dry_run: bool,
}

/// What a campaign comes to (`--json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampaignResult {
    pub id: String,
    /// Consenting members of the audience, one message each.
    pub members: usize,
    pub parts: i64,
    /// `parts × [sms] price_per_part`; `None`: no price configured.
    pub cost_rials: Option<Rials>,
    /// Put in the queue by this run (0 when the campaign was already queued); `None`: a
    /// dry run.
    pub queued: Option<usize>,
    pub dry_run: bool,
}

/// The source birthday messages of `day`'s year carry, in the birthday's calendar (a
/// Jalali birthday is once a Jalali year): a member gets one a year.
pub fn birthday_source(day: NaiveDate, calendar: CalendarKind) -> String {
    match calendar {
        CalendarKind::Jalali => format!("birthday:j{}", to_jalali(day).0),
        CalendarKind::Gregorian => format!("birthday:{}", chrono::Datelike::year(&day)),
    }
}

impl Vafa {
    /// Works out a campaign and, unless a dry run, queues it (see the module).
    pub fn sms_campaign(&mut self, req: &CampaignRequest) -> Result<CampaignResult> {
        self.require(Action::ManageOffers)?;
        let sms = self.config().sms.clone();
        if !sms.enabled() || !sms.events.iter().any(|e| e == Event::Campaign.as_str()) {
            return Err(Error::SmsOff);
        }
        let text = sms
            .templates
            .get(req.template.trim())
            .ok_or_else(|| Error::Invalid {
                field: Field::Template,
                value: req.template.clone(),
                why: Why::UnknownChoice,
            })?
            .text(self.shop.lang)
            .to_string();
        let template = parse_template(req.template.trim(), &text)?;
        let day = req.at.unwrap_or_else(|| self.now()).date_naive();
        let id = match &req.id {
            Some(id) => super::text_field(Field::ClubId, id, 64)?,
            None => format!("{}-{day}", req.template.trim()),
        };
        let targets = self.audience(&req.audience)?;
        let now = self.now_utc();
        let mut messages = Vec::new();
        for m in store::sms::reachable(&self.conn)?
            .into_iter()
            .filter(|m| targets.as_ref().is_none_or(|t| t.contains(&m.id)))
        {
            let (credit, points) = store::ledger::balances(&self.conn, &m.id, now)?;
            let figures = Figures {
                credit,
                points,
                ..Figures::default()
            };
            let body = self.render_sms(
                Event::Campaign,
                &template,
                &m.first_name,
                &m.last_name,
                &figures,
            )?;
            messages.push((m, body));
        }
        let parts: i64 = messages
            .iter()
            .map(|(_, b)| vafa_sms::parts::count(b).parts as i64)
            .sum();
        let cost_rials = (sms.price_per_part > 0).then(|| parts * sms.price_per_part);
        if let Some(budget) = req.budget
            && cost_rials.is_none_or(|c| c > budget)
        {
            return Err(Error::CampaignOverBudget {
                cost: cost_rials,
                budget,
            });
        }
        let mut out = CampaignResult {
            id,
            members: messages.len(),
            parts,
            cost_rials,
            queued: None,
            dry_run: req.dry_run,
        };
        if req.dry_run {
            return Ok(out);
        }
        let source = format!("campaign:{}", out.id);
        let not_before = req.at.map(|t| {
            t.with_timezone(&Utc)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        });
        let tx = self.write_tx()?;
        let mut queued = 0;
        for (m, body) in &messages {
            // Said no since the figures were worked out: nothing for them.
            if store::sms::opted_out(&tx, &m.id)? {
                continue;
            }
            let to = Recipient {
                member_id: &m.id,
                mobile: &m.mobile,
            };
            if self.put_sms(
                &tx,
                Event::Campaign,
                Some(&source),
                &to,
                body,
                not_before.as_deref(),
            )? {
                queued += 1;
            }
        }
        self.audit(
            &tx,
            "sms_campaign",
            &out.id,
            serde_json::json!({
                "template": req.template.trim(), "members": out.members, "parts": parts,
                "cost_rials": cost_rials, "queued": queued, "at": not_before,
            }),
        )?;
        tx.commit()?;
        out.queued = Some(queued);
        Ok(out)
    }

    /// The member ids of `a`; `None`: everyone.
    fn audience(&self, a: &Audience) -> Result<Option<BTreeSet<String>>> {
        let ids = match a {
            Audience::All => return Ok(None),
            Audience::Rfm(segment) => {
                let w = self.report_window(None, None)?;
                self.report_rfm(&w)?
                    .members
                    .into_iter()
                    .filter(|s| s.segment == *segment)
                    .map(|s| s.id)
                    .collect()
            }
            Audience::Lapsing => {
                let w = self.report_window(None, None)?;
                let visits = store::reports::visits(&self.conn, w.from(), w.to())?;
                lapsing(&visits, &w).into_iter().map(|l| l.member).collect()
            }
            Audience::Birthdays => self
                .birthdays_within(self.now().date_naive(), BIRTHDAY_DAYS)?
                .into_iter()
                .map(|b| b.member)
                .collect(),
            Audience::Tier(name) => {
                let name = name.trim();
                if !self.config().tier.iter().any(|t| t.name == name) {
                    return Err(Error::Invalid {
                        field: Field::Tiers,
                        value: name.to_string(),
                        why: Why::UnknownChoice,
                    });
                }
                let now = self.now();
                let mut ids = BTreeSet::new();
                for m in store::sms::reachable(&self.conn)? {
                    if self.tier_of(&m.id, now)?.as_deref() == Some(name) {
                        ids.insert(m.id);
                    }
                }
                ids
            }
        };
        Ok(Some(ids))
    }

    /// The daily birthday job: queues the birthday message of each member whose birthday
    /// is today (a Jalali birthday on its Jalali day), once a member and year (the
    /// source), in one transaction, on the day's first run of the sender (a member
    /// enrolled later that day gets theirs next year); the number queued. The sender holds them through
    /// quiet hours and blackout days like any celebratory message.
    pub(crate) fn queue_birthdays(&self, tx: &Connection) -> Result<usize> {
        let sms = &self.config().sms;
        let Some(template) = sms.template_for(Event::Birthday) else {
            return Ok(0);
        };
        let text = template.text(self.shop.lang).to_string();
        let today = self.now().date_naive();
        let now = self.now_utc();
        // Once a day: the sender runs every minute in the window, the scan reads every
        // member's birthday.
        let done = store::settings::get(tx, BIRTHDAYS_SETTING)?;
        if done.as_deref() == Some(today.to_string().as_str()) {
            return Ok(0);
        }
        let mut queued = 0;
        for b in self.birthdays_within(today, 0)? {
            let source = birthday_source(today, b.calendar);
            let (credit, points) = store::ledger::balances(tx, &b.member, now)?;
            let figures = Figures {
                credit,
                points,
                ..Figures::default()
            };
            let source = Some(source.as_str());
            if self.queue_text(tx, Event::Birthday, &text, &b.member, source, &figures)? {
                queued += 1;
            }
        }
        store::settings::put(tx, BIRTHDAYS_SETTING, &today.to_string(), &now.to_rfc3339())?;
        Ok(queued)
    }
}
