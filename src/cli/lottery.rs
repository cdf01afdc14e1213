//! `vafa lottery create|entries|draw|verify` (CONTRACT "Lotteries and surveys"). The
//! procedure anyone can repeat is in docs/lottery.md.

use std::io::Write;

use clap::Subcommand;
use serde::Serialize;

use super::args::{date, rials};
use super::output::Out;
use vafa_core::digits::normalize_digits;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::lottery::{Draw, LotteryInput};
use vafa_text::club::{Word, word};
use vafa_text::format::{date as day, plain};
use vafa_text::printable as p;

#[derive(Subcommand, Debug)]
pub enum LotteryCmd {
    /// Create a lottery over a window of days; prints the commitment to publish.
    Create {
        id: String,
        #[arg(long)]
        name: String,
        /// The window's first day (ISO or Jalali).
        #[arg(long)]
        from: String,
        /// The window's last day (ISO or Jalali).
        #[arg(long)]
        to: String,
        /// One ticket per this many rials paid in the window (default: one per visit).
        #[arg(long)]
        per: Option<String>,
        /// Only members with at least this many visits in the window.
        #[arg(long)]
        min_visits: Option<String>,
        /// Only members of these tiers (comma-separated).
        #[arg(long)]
        tiers: Option<String>,
        /// How many prizes (default 1).
        #[arg(long)]
        winners: Option<String>,
    },
    /// The entries: member and tickets, their total and the list's hash.
    Entries { id: String },
    /// Draw the winners (once, after the window's last day).
    Draw { id: String },
    /// Recompute the draw from the published seed and entry list; exit 0 if it matches.
    Verify { id: String },
}

/// A whole number as typed (any digits), at least `min`.
pub(crate) fn count(field: Field, text: &str, min: u32) -> Result<u32> {
    match normalize_digits(text.trim()).parse::<u32>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(Error::Invalid {
            field,
            value: text.to_string(),
            why: Why::BadChars,
        }),
    }
}

fn say<T: Serialize>(out: &Out, v: &T, human: impl FnOnce(&mut dyn Write)) {
    let mut o = std::io::stdout().lock();
    if out.json() {
        let _ = writeln!(o, "{}", serde_json::to_string_pretty(v).unwrap_or_default());
    } else {
        human(&mut o);
    }
}

pub(crate) fn run(cmd: LotteryCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let l = v.lang();
    match cmd {
        LotteryCmd::Create {
            id,
            name,
            from,
            to,
            per,
            min_visits,
            tiers,
            winners,
        } => {
            let input = LotteryInput {
                id,
                name,
                from: date(Field::WindowFrom, &from)?.date,
                to: date(Field::WindowTo, &to)?.date,
                per: per.as_deref().map(|t| rials(Field::Per, t)).transpose()?,
                min_visits: min_visits
                    .as_deref()
                    .map(|t| count(Field::MinVisits, t, 0))
                    .transpose()?
                    .unwrap_or(0),
                tiers: tiers
                    .as_deref()
                    .map(|t| {
                        t.split([',', '،'])
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default(),
                winners: winners
                    .as_deref()
                    .map(|t| count(Field::Winners, t, 1))
                    .transpose()?
                    .unwrap_or(1),
            };
            let c = v.lottery_create(&input)?;
            say(out, &c, |o| {
                let x = &c.lottery;
                let _ = writeln!(o, "{} «{}»", word(l, Word::LotteryCreated), p(&x.id));
                let _ = writeln!(o, "{}: {}", word(l, Word::Commitment), c.commitment);
                let _ = writeln!(o, "{} – {}", day(x.from, l), day(x.to, l));
            });
        }
        LotteryCmd::Entries { id } => {
            let e = v.lottery_entries(&id)?;
            say(out, &e, |o| {
                let _ = writeln!(o, "{}\t{}", word(l, Word::Member), word(l, Word::Tickets));
                for x in &e.entries {
                    let _ = writeln!(o, "{}\t{}", p(&x.member_id), plain(x.tickets, l));
                }
                let _ = writeln!(o, "{}: {}", word(l, Word::Total), plain(e.total, l));
                let _ = writeln!(o, "{}: {}", word(l, Word::ListHash), e.list_hash);
            });
        }
        LotteryCmd::Draw { id } => {
            let d = v.lottery_draw(&id)?;
            say(out, &d, |o| draw_lines(o, &d, l));
        }
        LotteryCmd::Verify { id } => {
            let d = v.lottery_verify(&id)?;
            say(out, &d, |o| {
                draw_lines(o, &d, l);
                let _ = writeln!(o, "{}", word(l, Word::Verified));
            });
        }
    }
    Ok(())
}

fn draw_lines(o: &mut dyn Write, d: &Draw, l: Lang) {
    let _ = writeln!(o, "{}: {}", word(l, Word::Seed), d.seed);
    let _ = writeln!(o, "{}: {}", word(l, Word::Commitment), d.commitment);
    let _ = writeln!(o, "{}: {}", word(l, Word::ListHash), d.list_hash);
    let _ = writeln!(o, "{}:", word(l, Word::Winners));
    for w in &d.winners {
        let _ = writeln!(
            o,
            "  {} {}\t{}\t{} {}",
            word(l, Word::Prize),
            plain(w.prize, l),
            p(&w.member_id),
            plain(w.tickets, l),
            word(l, Word::Tickets)
        );
    }
}
