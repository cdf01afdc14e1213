//! Messages to members on the till: queueing a message in the transaction of the event
//! that causes it (only when the event is in `[sms] events`, it has a template and the
//! member has not said no), consent, and what `vafa sms status` and `vafa sms log` show.
//! The sender is `sms_send`.

use vafa_core::error::{Error, Result};
use vafa_core::ids::{new_id, parse_id};
use vafa_core::sms::Event;
use vafa_core::sms_template::Template;
use vafa_store::{self as store, Connection};
use vafa_text::format::Unit;

use super::Vafa;

pub use store::sms::Message;

/// What a message may say beyond the member's name.
#[derive(Debug, Clone, Default)]
pub struct Figures<'a> {
    pub credit: i64,
    pub points: i64,
    pub earned: i64,
    pub offer: &'a str,
    /// The `lottery` event: the lottery's name and the prize's place (1 for the first).
    pub lottery: &'a str,
    pub prize: u32,
}

/// Who a message goes to.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Recipient<'a> {
    pub member_id: &'a str,
    pub mobile: &'a str,
}

fn template_fault(name: &str, e: vafa_core::sms_template::TemplateError) -> Error {
    Error::Config {
        line: None,
        key: format!("sms.templates.{name}"),
        reason: vafa_core::config::Fault::SmsTemplate(e),
    }
}

/// The template `text` of `[sms.templates.NAME]`, parsed.
pub(crate) fn parse_template(name: &str, text: &str) -> Result<Template> {
    Template::parse(text, vafa_core::sms::FIELDS).map_err(|e| template_fault(name, e))
}

/// `vafa sms status`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SmsStatus {
    pub provider: Option<String>,
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub delivered: i64,
    pub undelivered: i64,
    pub failed: i64,
    pub unknown: i64,
    /// Why sending is stopped (an account error), when it is.
    pub stopped: Option<String>,
    /// The provider's remaining credit where it tells: rials, or thousandths of its unit.
    pub credit_rials: Option<i64>,
    pub credit_milli: Option<i64>,
}

/// The setting that holds the provider's key (never in the configuration as stored).
pub(crate) const KEY_SETTING: &str = "sms_api_key";
/// The setting that says why sending stopped (an account error), empty when it did not.
pub(crate) const STOP_SETTING: &str = "sms_stopped";

impl Vafa {
    /// Queues the message `event` causes for `member_id`, in `tx` (the event's own
    /// transaction). Nothing when the event is not configured or the member said no.
    pub(crate) fn queue_sms(
        &self,
        tx: &Connection,
        event: Event,
        member_id: &str,
        source: Option<&str>,
        figures: &Figures<'_>,
    ) -> Result<()> {
        let sms = &self.config().sms;
        if !sms.enabled() {
            return Ok(());
        }
        let Some(template) = sms.template_for(event) else {
            return Ok(());
        };
        self.queue_text(
            tx,
            event,
            template.text(self.shop.lang),
            member_id,
            source,
            figures,
        )
        .map(|_| ())
    }

    /// Renders `text` for `member_id` and queues it; false when nothing was queued (the
    /// member said no, or this event already queued it).
    pub(crate) fn queue_text(
        &self,
        tx: &Connection,
        event: Event,
        text: &str,
        member_id: &str,
        source: Option<&str>,
        figures: &Figures<'_>,
    ) -> Result<bool> {
        if store::sms::opted_out(tx, member_id)? {
            return Ok(false);
        }
        let Some(m) = store::members::by_id(tx, member_id)? else {
            return Ok(false);
        };
        let template = parse_template(event.as_str(), text)?;
        let body = self.render_sms(event, &template, &m.first_name, &m.last_name, figures)?;
        let to = Recipient {
            member_id,
            mobile: &m.mobile,
        };
        self.put_sms(tx, event, source, &to, &body, None)
    }

    /// The message `template` makes for a member named `first` `last`.
    pub(crate) fn render_sms(
        &self,
        event: Event,
        template: &Template,
        first: &str,
        last: &str,
        figures: &Figures<'_>,
    ) -> Result<String> {
        let facts = vafa_text::sms::Facts {
            first_name: first,
            last_name: last,
            credit: figures.credit,
            points: figures.points,
            earned: figures.earned,
            shop: &self.shop.name,
            date: self.now().date_naive(),
            offer: figures.offer,
            lottery: figures.lottery,
            prize: figures.prize,
        };
        let unit = Unit::of(&self.shop.unit);
        vafa_text::sms::render(template, &facts, unit, self.shop.lang, event.advertising())
            .map_err(|e| template_fault(event.as_str(), e))
    }

    /// Queues `body` for `to`, not sent before `not_before` (UTC, RFC 3339); false when
    /// this event and source already queued one for the member.
    pub(crate) fn put_sms(
        &self,
        tx: &Connection,
        event: Event,
        source: Option<&str>,
        to: &Recipient<'_>,
        body: &str,
        not_before: Option<&str>,
    ) -> Result<bool> {
        let id = new_id();
        let now = self.now_utc().to_rfc3339();
        Ok(store::sms::queue(
            tx,
            &store::sms::NewMessage {
                id: &id,
                member_id: Some(to.member_id),
                mobile: to.mobile,
                event: event.as_str(),
                source,
                text: body,
                parts: vafa_sms::parts::count(body).parts as i64,
                created_at: &now,
                branch: &self.shop.branch_code,
                not_before,
            },
        )?)
    }

    /// The member's consent to messages (`vafa member edit ID --sms on|off`).
    pub fn set_sms_consent(&mut self, member_id: &str, on: bool) -> Result<()> {
        self.require(vafa_core::staff::Action::Enrol)?;
        let id = parse_id(member_id).ok_or_else(|| Error::UnknownMember {
            key: member_id.to_string(),
        })?;
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        if store::members::by_id(&tx, &id)?.is_none() {
            return Err(Error::UnknownMember { key: id });
        }
        store::sms::set_consent(&tx, &id, on, &now)?;
        self.audit(&tx, "sms_consent", &id, serde_json::json!({ "sms": on }))?;
        tx.commit()?;
        Ok(())
    }

    /// Whether the member accepts messages.
    pub fn sms_consent(&self, member_id: &str) -> Result<bool> {
        Ok(!store::sms::opted_out(&self.conn, member_id)?)
    }

    /// The outbox, newest first (of one member, or all).
    pub fn sms_log(&self, member_id: Option<&str>, limit: i64) -> Result<Vec<Message>> {
        Ok(store::sms::log(&self.conn, member_id, limit)?)
    }

    /// Counts by state, the stop, and (when `ask` and the provider tells) its credit.
    pub fn sms_status(&self, ask: bool) -> Result<SmsStatus> {
        let counts = store::sms::counts(&self.conn)?;
        let n = |s: &str| {
            counts
                .iter()
                .find(|(k, _)| k == s)
                .map(|(_, v)| *v)
                .unwrap_or(0)
        };
        let sms = &self.config().sms;
        let mut st = SmsStatus {
            provider: sms.enabled().then(|| sms.provider.clone()),
            queued: n("queued"),
            sending: n("sending"),
            sent: n("sent"),
            delivered: n("delivered"),
            undelivered: n("undelivered"),
            failed: n("failed"),
            unknown: n("unknown"),
            stopped: store::settings::get(&self.conn, STOP_SETTING)?.filter(|s| !s.is_empty()),
            credit_rials: None,
            credit_milli: None,
        };
        if ask && let Ok(g) = self.gateway() {
            match g.credit() {
                Ok(Some(vafa_sms::Amount::Rials(r))) => st.credit_rials = Some(r),
                Ok(Some(vafa_sms::Amount::Units { milli })) => st.credit_milli = Some(milli),
                _ => {}
            }
        }
        Ok(st)
    }
}
