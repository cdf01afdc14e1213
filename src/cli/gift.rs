//! `vafa gift issue|load|show|block|replace` (CONTRACT "Gift cards and discount cards").

use std::io::Write;

use clap::Subcommand;

use super::args::{date, required_rials};
use super::output::Out;
use vafa_core::error::{Field, Result};
use vafa_core::gift::GiftStatus;
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::gift::{GiftIssue, GiftView};
use vafa_text::format::{rials, show_day, show_time};
use vafa_text::gift::{Word, entry_kind, status, word};
use vafa_text::printable as p;

#[derive(Subcommand, Debug)]
pub enum GiftCmd {
    /// Sell a new gift card with an amount on it (loading earns nothing).
    Issue {
        #[arg(long)]
        card: String,
        /// The amount sold onto it, in rials.
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// Its last day (ISO or Jalali); without it, it never expires.
        #[arg(long)]
        expires: Option<String>,
        /// Bought for this member (by id).
        #[arg(long)]
        member: Option<String>,
    },
    /// Sell more value onto a gift card.
    Load {
        number: String,
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
    },
    /// Balance, status, expiry and history.
    Show { number: String },
    /// Block a lost or stolen gift card (its value stays; replace it to move it).
    Block {
        number: String,
        #[arg(long)]
        reason: String,
    },
    /// Give a lost card's balance to a new card (the old one is blocked).
    Replace { old: String, new: String },
    /// Write off what expired cards still hold (breakage, kept in the ledger).
    Expire,
}

pub(crate) fn run(cmd: GiftCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let g = match cmd {
        GiftCmd::Issue {
            card,
            amount,
            expires,
            member,
        } => {
            let req = GiftIssue {
                card,
                amount: required_rials(Field::Amount, amount.as_deref())?,
                expires: expires
                    .as_deref()
                    .map(|e| date(Field::Expires, e).map(|d| d.date))
                    .transpose()?,
                member,
            };
            v.gift_issue(&req)?
        }
        GiftCmd::Load { number, amount } => {
            v.gift_load(&number, required_rials(Field::Amount, amount.as_deref())?)?
        }
        GiftCmd::Show { number } => v.gift_show(&number)?,
        GiftCmd::Block { number, reason } => v.gift_block(&number, &reason)?,
        GiftCmd::Replace { old, new } => v.gift_replace(&old, &new)?,
        GiftCmd::Expire => return expire(v, out),
    };
    let mut o = std::io::stdout().lock();
    if out.json() {
        let _ = writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&g).unwrap_or_default()
        );
    } else {
        lines(&mut o, &g, v.lang());
    }
    Ok(())
}

fn expire(v: &mut Vafa, out: &mut Out) -> Result<()> {
    let done = v.gift_expire()?;
    let total: i64 = done.iter().map(|e| e.amount).sum();
    let mut o = std::io::stdout().lock();
    if out.json() {
        let json = serde_json::json!({"expired": done, "total": total});
        let _ = writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
        return Ok(());
    }
    let l = v.lang();
    for e in &done {
        let _ = writeln!(
            o,
            "{} {}  {}: {}  {}",
            word(l, Word::GiftCard),
            p(&e.card),
            word(l, Word::Expires),
            show_day(&e.expires, l),
            rials(e.amount, l)
        );
    }
    let _ = writeln!(o, "{}: {}", word(l, Word::WrittenOff), rials(total, l));
    Ok(())
}

fn lines(o: &mut dyn Write, g: &GiftView, l: Lang) {
    let _ = writeln!(
        o,
        "{} {}: {}   {}: {}",
        word(l, Word::GiftCard),
        p(&g.card),
        status(g.status, l),
        word(l, Word::Balance),
        rials(g.balance, l)
    );
    let expires = g
        .expires
        .as_deref()
        .map_or_else(|| word(l, Word::Never).to_string(), |d| show_day(d, l));
    let _ = writeln!(o, "  {}: {expires}", word(l, Word::Expires));
    if let Some(m) = &g.member_id {
        let _ = writeln!(o, "  {}: {}", word(l, Word::Member), p(m));
    }
    if let Some(r) = &g.reason {
        let _ = writeln!(o, "  {}: {}", status(GiftStatus::Blocked, l), p(r));
    }
    if let Some(by) = &g.replaced_by {
        let _ = writeln!(o, "  {}: {}", word(l, Word::ReplacedBy), p(by));
    }
    for h in &g.history {
        let _ = writeln!(
            o,
            "  {}  {:<8} {}",
            show_time(&h.at, l),
            entry_kind(h.kind, l),
            rials(h.amount, l)
        );
    }
}
