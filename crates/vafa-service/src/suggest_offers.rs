//! The offers `vafa suggest --write FILE.toml` drafts, one per suggestion, in the offers file
//! format `vafa offers import` takes (CONTRACT "Offers"), each with a budget so that a manager
//! can accept them in one step:
//!
//! | suggestion | conditions | reward | limit |
//! | --- | --- | --- | --- |
//! | win back | 4 visits before (a regular) | credit gift | once a member |
//! | cross-sell `a ⇒ b` | the basket has `b` | credit gift | once a member |
//! | next tier | the tier below (if any) | double points | budget: the points missing × point value |
//! | birthdays | birthday within 3 days | credit gift | once a member a year |
//! | occasion | the occasion's days | credit gift | once a member |
//!
//! Every offer runs from today for [`VALID_DAYS`] days (an occasion's: its own days). The
//! credit gift is [`GIFT_PERCENT`] % of the targeted members' average amount per visit in the
//! window (the shop's when they did not visit), rounded down to [`GIFT_ROUND`] rials by the
//! one rounding rule and at least [`GIFT_ROUND`]; its budget is the gift × the members
//! targeted. The file's comments give each suggestion's reasoning and its members.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use vafa_club::report::Rials;
use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_core::money::percent_of;
use vafa_core::offer::model::{Limit, Name, Offer, OfferFile, Period, Reward, When};
use vafa_text::suggest::{Drafted, drafted_name};

use super::Vafa;
use super::reports::Window;
use super::suggest::{Reason, Suggestion, Suggestions};

/// A drafted offer runs this many days from today (both ends in).
pub const VALID_DAYS: u64 = 30;

/// The credit gift in % of the average amount per visit.
pub const GIFT_PERCENT: i64 = 10;

/// The credit gift is rounded down to (and at least) this many rials.
pub const GIFT_ROUND: Rials = 10_000;

/// The win-back offer's regulars: visits before the sale (`LAPSING_MIN_VISITS`).
const REGULAR_VISITS: u32 = vafa_club::report::visits::LAPSING_MIN_VISITS as u32;

/// The credit gift for an average visit of `average` rials.
pub fn gift(average: Rials) -> Rials {
    percent_of(average, Decimal::from(GIFT_PERCENT), GIFT_ROUND).max(GIFT_ROUND)
}

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn budget(gift: Rials, members: usize) -> Rials {
    gift.saturating_mul(i64::try_from(members).unwrap_or(i64::MAX))
}

/// The offer drafted for suggestion number `n` of `today`'s.
pub(crate) fn draft(
    n: usize,
    today: NaiveDate,
    reason: &Reason,
    members: &[String],
    gift: Rials,
    point_value: Rials,
) -> Offer {
    let (kind, drafted) = match reason {
        Reason::WinBack { .. } => ("win-back", Drafted::WinBack),
        Reason::CrossSell { b, .. } => ("cross-sell", Drafted::CrossSell { category: b }),
        Reason::NextTier { tier, .. } => ("next-tier", Drafted::NextTier { tier }),
        Reason::Birthdays { .. } => ("birthdays", Drafted::Birthdays),
        Reason::Occasion { name, .. } => ("occasion", Drafted::Occasion { name }),
    };
    let until = today
        .checked_add_days(Days::new(VALID_DAYS - 1))
        .unwrap_or(today);
    let credit = Reward {
        extra_credit: Some(gift),
        ..Reward::default()
    };
    let once = |period| Limit {
        per_member: Some(1),
        period,
        total_uses: None,
        budget: Some(budget(gift, members.len())),
    };
    let mut o = Offer {
        id: format!("suggested-{}-{n}-{kind}", today.format("%Y%m%d")),
        name: Some(Name::Both {
            fa: drafted_name(&drafted, Lang::Fa),
            en: drafted_name(&drafted, Lang::En),
        }),
        priority: 0,
        valid_from: Some(iso(today)),
        valid_to: Some(iso(until)),
        stack_group: String::new(),
        exclusive: false,
        when: When::default(),
        reward: credit,
        limit: once(Period::Ever),
    };
    match reason {
        Reason::WinBack { .. } => o.when.min_visits = Some(REGULAR_VISITS),
        Reason::CrossSell { b, .. } => o.when.categories = vec![b.clone()],
        Reason::NextTier { below, close, .. } => {
            o.when.tiers = below.iter().cloned().collect();
            o.reward = Reward {
                points_multiplier: Some(Decimal::TWO),
                ..Reward::default()
            };
            let missing = close.iter().fold(0i64, |s, c| s.saturating_add(c.short));
            o.limit = Limit {
                budget: Some(missing.saturating_mul(point_value.max(1))),
                ..Limit::default()
            };
        }
        Reason::Birthdays { .. } => {
            o.when.birthday_within_days = Some(3);
            o.limit = once(Period::Year);
        }
        Reason::Occasion { name, from, to } => {
            o.when.occasions = vec![name.clone()];
            o.valid_from = Some(iso(*from));
            o.valid_to = Some(iso(*to));
        }
    }
    o
}

/// The reasoning of suggestion `s` in `lang`.
pub fn reason_text(s: &Suggestion, lang: Lang) -> String {
    let n = s.members.len();
    match &s.reason {
        Reason::WinBack { lapsing } => vafa_text::report::win_back_reason(lapsing.len(), lang),
        Reason::CrossSell {
            a,
            b,
            confidence,
            lift,
        } => vafa_text::report::cross_sell_reason(
            a,
            b,
            &confidence.to_string(),
            &lift.to_string(),
            n,
            lang,
        ),
        Reason::NextTier {
            tier, min_points, ..
        } => vafa_text::suggest::next_tier_reason(tier, *min_points, n, lang),
        Reason::Birthdays { from, to, .. } => {
            vafa_text::suggest::birthdays_reason(*from, *to, n, lang)
        }
        Reason::Occasion { name, from, to } => {
            vafa_text::suggest::occasion_reason(name, *from, *to, n, lang)
        }
    }
}

fn comment(text: &str) -> String {
    text.lines().map(|l| format!("# {l}\n")).collect()
}

impl Vafa {
    /// The offers file of `s` (`vafa suggest --write`): a head comment, then each drafted
    /// offer after its reasoning, budget and members as comments, in the shop's language.
    pub fn suggestion_file(&self, s: &Suggestions, w: &Window) -> Result<String> {
        let lang = self.lang();
        let mut text = comment(&vafa_text::suggest::offer_file_head(w.from(), w.to(), lang));
        for x in &s.suggestions {
            let one = OfferFile {
                offer: vec![x.offer.clone()],
            };
            let toml = toml::to_string(&one).map_err(|e| Error::Storage {
                detail: e.to_string(),
            })?;
            text.push('\n');
            text.push_str(&comment(&reason_text(x, lang)));
            let budget = x.offer.limit.budget.unwrap_or(0);
            text.push_str(&comment(&vafa_text::suggest::offer_file_members(
                budget, &x.members, lang,
            )));
            text.push_str(&toml);
        }
        Ok(text)
    }
}
