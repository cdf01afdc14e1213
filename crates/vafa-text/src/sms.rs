//! Messages to members: the text of a message from its template (money in the shop's unit
//! and digits, the Jalali day), the opt-out line of advertising, and what the sender and
//! `vafa sms` say.

use std::collections::HashMap;

use chrono::NaiveDate;

use vafa_core::lang::Lang;
use vafa_core::money::Rials;
use vafa_core::sms_template::{Template, TemplateError};

use crate::format::{Unit, digits, figure, jalali, num, plain};

/// The opt-out line every advertising message ends with (the word members reply).
pub const OPT_OUT: &str = "لغو۱۱";

/// What a message may say about its member and the event.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub credit: Rials,
    pub points: i64,
    pub earned: Rials,
    pub shop: &'a str,
    pub date: NaiveDate,
    pub offer: &'a str,
    /// The `lottery` event (an extension): the lottery's name and the prize's place.
    pub lottery: &'a str,
    pub prize: u32,
}

/// The message: `template` filled with `facts` in `lang` (money in `unit`, without the
/// word: the template writes it), with the opt-out line when it is `advertising`.
pub fn render(
    template: &Template,
    facts: &Facts<'_>,
    unit: Unit,
    lang: Lang,
    advertising: bool,
) -> Result<String, TemplateError> {
    let values: HashMap<&str, String> = HashMap::from([
        ("first_name", facts.first_name.to_string()),
        ("last_name", facts.last_name.to_string()),
        ("credit", figure(facts.credit, unit, lang)),
        ("points", num(facts.points, lang)),
        ("earned", figure(facts.earned, unit, lang)),
        ("shop", facts.shop.to_string()),
        ("date", jalali(facts.date, lang)),
        ("offer", facts.offer.to_string()),
        ("lottery", facts.lottery.to_string()),
        ("prize", plain(facts.prize, lang)),
    ]);
    let mut text = template.fill(&values)?;
    if advertising {
        text.push('\n');
        text.push_str(OPT_OUT);
    }
    Ok(text)
}

/// A template fault, as the configuration's error says it.
pub fn template_error(e: &TemplateError, lang: Lang) -> String {
    let at = |n: &usize| plain(n + 1, lang);
    match (e, lang) {
        (TemplateError::UnknownField { name, at: n }, Lang::Fa) => {
            format!("فیلد ناشناخته «{{{name}}}» در نویسه {}", at(n))
        }
        (TemplateError::UnknownField { name, at: n }, Lang::En) => {
            format!("unknown field {{{name}}} at character {}", at(n))
        }
        (TemplateError::Unclosed { at: n }, Lang::Fa) => {
            format!("«{{» در نویسه {} بسته نشده است", at(n))
        }
        (TemplateError::Unclosed { at: n }, Lang::En) => {
            format!("a '{{' at character {} is never closed", at(n))
        }
        (TemplateError::Unopened { at: n }, Lang::Fa) => {
            format!("«}}» در نویسه {} چیزی را نمی‌بندد", at(n))
        }
        (TemplateError::Unopened { at: n }, Lang::En) => {
            format!("a '}}' at character {} closes nothing", at(n))
        }
        (TemplateError::BadName { name, at: n }, Lang::Fa) => {
            format!(
                "«{{{name}}}» در نویسه {} نام فیلد نیست («a-z، 0-9، _»)",
                at(n)
            )
        }
        (TemplateError::BadName { name, at: n }, Lang::En) => format!(
            "{{{name}}} at character {} is not a field name (a-z, 0-9, _)",
            at(n)
        ),
        (TemplateError::MissingValue { name }, Lang::Fa) => {
            format!("مقداری برای «{{{name}}}» نیست")
        }
        (TemplateError::MissingValue { name }, Lang::En) => format!("no value for {{{name}}}"),
    }
}

/// A message's state as `vafa sms log` shows it.
pub fn state(s: &str, lang: Lang) -> String {
    let (fa, en) = match s {
        "queued" => ("در صف", "queued"),
        "sending" => ("در حال فرستادن", "sending"),
        "sent" => ("فرستاده شد", "sent"),
        "delivered" => ("رسید", "delivered"),
        "undelivered" => ("نرسید", "undelivered"),
        "failed" => ("ناموفق", "failed"),
        "unknown" => (
            "نامعلوم (شاید رسیده باشد)",
            "unknown (may have been delivered)",
        ),
        other => (other, other),
    };
    lang.pick(fa, en).to_string()
}

/// Why nothing (more) was sent this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Held {
    /// `[sms]` has no provider.
    Off,
    /// Quiet hours until `HH:MM`.
    Quiet(u32),
    /// The day's budget of messages is spent.
    Budget(u32),
    /// The provider refused the account (a wrong key, no credit, ...): the reason.
    Account(String),
    /// Another sender is running.
    Busy,
}

pub fn held(h: &Held, lang: Lang) -> String {
    match (h, lang) {
        (Held::Off, Lang::Fa) => "پیامک خاموش است (سامانه‌ای در [sms] نیست)".into(),
        (Held::Off, Lang::En) => "SMS is off (no provider in [sms])".into(),
        (Held::Quiet(m), l) => format!(
            "{} {}",
            l.pick(
                "ساعت سکوت؛ پیام‌ها می‌مانند تا",
                "quiet hours; messages wait until"
            ),
            crate::format::hour_minute(*m, l)
        ),
        (Held::Budget(n), l) => format!(
            "{} ({})",
            l.pick("سقف پیامک امروز پر شد", "today's SMS budget is spent"),
            num(i64::from(*n), l)
        ),
        (Held::Account(r), l) => format!(
            "{}: {r}",
            l.pick(
                "فرستادن پیامک متوقف شد تا حساب سامانه درست شود",
                "SMS sending stopped until the provider account is fixed"
            )
        ),
        (Held::Busy, l) => l
            .pick("فرستنده دیگری در حال کار است", "another sender is running")
            .into(),
    }
}

/// `vafa sms send-now`'s line: how many were sent, failed, left unknown, and still wait.
pub fn sent_line(sent: usize, failed: usize, unknown: usize, waiting: usize, lang: Lang) -> String {
    let n = |v: usize| num(v as i64, lang);
    match lang {
        Lang::Fa => format!(
            "فرستاده: {}، ناموفق: {}، نامعلوم: {}، در انتظار: {}",
            n(sent),
            n(failed),
            n(unknown),
            n(waiting)
        ),
        Lang::En => format!(
            "sent: {}, failed: {}, unknown: {}, waiting: {}",
            n(sent),
            n(failed),
            n(unknown),
            n(waiting)
        ),
    }
}

/// A day as the log shows it.
pub fn day(d: NaiveDate, lang: Lang) -> String {
    digits(&d.to_string(), lang)
}

/// A campaign's figures (`vafa sms campaign`): `members` who get one, in `parts` parts,
/// costing `cost` (rials; `None`: no price per part configured); `queued` of them put in
/// the queue by this run (`None`: a dry run).
pub fn campaign_line(
    id: &str,
    members: usize,
    parts: i64,
    cost: Option<Rials>,
    queued: Option<usize>,
    lang: Lang,
) -> String {
    let n = |v: i64| num(v, lang);
    let cost = match cost {
        Some(c) => crate::format::rials(c, lang),
        None => lang.pick("نامعلوم", "unknown").into(),
    };
    let head = match lang {
        Lang::Fa => format!(
            "کمپین «{id}»: {} عضو، {} بخش پیامک، هزینه: {cost}",
            n(members as i64),
            n(parts)
        ),
        Lang::En => format!(
            "campaign \"{id}\": {} members, {} SMS parts, cost: {cost}",
            n(members as i64),
            n(parts)
        ),
    };
    match (queued, lang) {
        (None, l) => format!(
            "{head}\n{}",
            l.pick("آزمایشی: چیزی در صف نرفت", "dry run: nothing was queued")
        ),
        (Some(q), Lang::Fa) => format!("{head}\nدر صف: {} پیامک", n(q as i64)),
        (Some(q), Lang::En) => format!("{head}\nqueued: {} messages", n(q as i64)),
    }
}

/// A campaign refused for its budget.
pub fn over_budget(cost: Option<Rials>, budget: Rials, lang: Lang) -> String {
    let b = crate::format::rials(budget, lang);
    match (cost, lang) {
        (Some(c), Lang::Fa) => format!(
            "هزینهٔ کمپین ({}) از بودجهٔ آن ({b}) بیشتر است؛ چیزی در صف نرفت.",
            crate::format::rials(c, lang)
        ),
        (Some(c), Lang::En) => format!(
            "The campaign would cost {}, over its budget of {b}; nothing was queued.",
            crate::format::rials(c, lang)
        ),
        (None, Lang::Fa) => format!(
            "بهای هر بخش پیامک تنظیم نشده، پس هزینهٔ کمپین با بودجهٔ آن ({b}) سنجیده نمی‌شود؛ چیزی در صف نرفت."
        ),
        (None, Lang::En) => format!(
            "The price of an SMS part is not set, so the campaign's cost cannot be held to its budget of {b}; nothing was queued."
        ),
    }
}
