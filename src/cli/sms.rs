//! `vafa sms status | log | send-now | campaign`: messages to members.

use clap::Subcommand;

use super::args::{rials, time};
use super::output::{Out, print_json};
use vafa_core::error::Field;
use vafa_core::error::Result;
use vafa_service::Vafa;
use vafa_service::sms_campaign::{Audience, CampaignRequest};
use vafa_text::format::{num, show_time};
use vafa_text::sms::{sent_line, state};

#[derive(Subcommand, Debug)]
pub enum SmsCmd {
    /// Queued, sent, delivered, failed; the provider's credit if it tells.
    Status,
    /// Each message: member, event, text, state, provider id, cost.
    Log {
        #[arg(long)]
        member: Option<String>,
        /// At most this many, newest first.
        #[arg(long, default_value_t = 200)]
        limit: i64,
    },
    /// Send the messages that are due now (quiet hours, blackout days and the day's budget
    /// apply).
    SendNow,
    /// One advertising message to each consenting member of a segment, a tier or
    /// everyone (with the opt-out line); `--dry-run` shows members, parts and cost.
    #[command(group = clap::ArgGroup::new("audience").required(true))]
    Campaign {
        /// An RFM segment (champions, at_risk, loyal, lost, new, others), lapsing or
        /// birthdays (this week).
        #[arg(long, group = "audience")]
        segment: Option<String>,
        #[arg(long, group = "audience")]
        tier: Option<String>,
        #[arg(long, group = "audience")]
        all: bool,
        /// `[sms.templates.NAME]`.
        #[arg(long)]
        template: String,
        /// Not sent before this time.
        #[arg(long)]
        at: Option<String>,
        /// The campaign's id (the same id queues once); default TEMPLATE-DAY.
        #[arg(long)]
        id: Option<String>,
        /// The most it may cost, in rials.
        #[arg(long)]
        budget: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
}

pub(crate) fn run(cmd: SmsCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let l = v.lang();
    match cmd {
        SmsCmd::Status => {
            let s = v.sms_status(true)?;
            if out.json() {
                return print_json(&s);
            }
            let n = |x: i64| num(x, l);
            println!(
                "{}: {}",
                l.pick("سامانه", "provider"),
                s.provider.as_deref().unwrap_or("-")
            );
            for (word, value) in [
                ("queued", s.queued),
                ("sending", s.sending),
                ("sent", s.sent),
                ("delivered", s.delivered),
                ("undelivered", s.undelivered),
                ("failed", s.failed),
                ("unknown", s.unknown),
            ] {
                println!("{}: {}", state(word, l), n(value));
            }
            if let Some(r) = s.credit_rials {
                println!(
                    "{}: {}",
                    l.pick("اعتبار", "credit"),
                    vafa_text::format::rials(r, l)
                );
            }
            if let Some(m) = s.credit_milli {
                println!(
                    "{}: {}",
                    l.pick("اعتبار", "credit"),
                    vafa_text::format::digits(&format!("{}.{:03}", m / 1000, m % 1000), l)
                );
            }
            if let Some(r) = s.stopped {
                println!(
                    "{}",
                    vafa_text::sms::held(&vafa_text::sms::Held::Account(r), l)
                );
            }
            Ok(())
        }
        SmsCmd::Log { member, limit } => {
            let log = v.sms_log(member.as_deref(), limit)?;
            if out.json() {
                return print_json(&serde_json::json!({ "messages": log }));
            }
            for m in log {
                println!(
                    "{}  {}  {}  {}  {}",
                    show_time(&m.created_at, l),
                    m.member_id.as_deref().unwrap_or("-"),
                    m.event,
                    state(&m.state, l),
                    m.provider_id.as_deref().unwrap_or("-"),
                );
                println!("    {}", m.text.replace('\n', " / "));
                if let Some(r) = m
                    .reason
                    .filter(|_| m.state != "sent" && m.state != "delivered")
                {
                    println!("    {r}");
                }
            }
            Ok(())
        }
        SmsCmd::Campaign {
            segment,
            tier,
            all,
            template,
            at,
            id,
            budget,
            dry_run,
        } => {
            let audience = match (segment, tier) {
                (Some(s), _) => Audience::segment(&s)?,
                (None, Some(t)) => Audience::Tier(t),
                (None, None) => {
                    debug_assert!(all);
                    Audience::All
                }
            };
            let req = CampaignRequest {
                audience,
                template,
                id,
                at: at.as_deref().map(|t| time(Field::At, t)).transpose()?,
                budget: budget
                    .as_deref()
                    .map(|b| rials(Field::Budget, b))
                    .transpose()?,
                dry_run,
            };
            let r = v.sms_campaign(&req)?;
            if out.json() {
                return print_json(&r);
            }
            println!(
                "{}",
                vafa_text::sms::campaign_line(&r.id, r.members, r.parts, r.cost_rials, r.queued, l)
            );
            Ok(())
        }
        SmsCmd::SendNow => {
            let r = v.sms_send_now(true)?;
            if out.json() {
                return print_json(&r);
            }
            println!("{}", sent_line(r.sent, r.failed, r.unknown, r.waiting, l));
            if let Some(h) = r.held {
                println!("{h}");
            }
            Ok(())
        }
    }
}
