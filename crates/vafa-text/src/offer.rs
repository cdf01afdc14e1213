//! Why an offer was applied or not ([`Why`], the engine's data), as a sentence a cashier
//! can read: in the reader's language, money in the unit they read, offers, tiers,
//! categories and occasions by their names. The `match`es are exhaustive: a new condition
//! without both sentences does not compile.

use vafa_core::lang::Lang;
use vafa_core::offer::model::Period;
use vafa_core::offer::{Met, OfferFault, Unmet, Why, Yearly};

use crate::format::{Unit, digits, hour_minute, jalali, list, money, num, rials};
use crate::names::{self, OfferNames};

/// What the reader needs besides the data: the offers' names and the money unit.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    pub names: &'a OfferNames,
    pub unit: Unit,
    pub lang: Lang,
}

/// The sentence for `why`.
pub fn reason(why: &Why, r: Reader<'_>) -> String {
    let l = r.lang;
    let name = |id: &str| r.names.get(id, l).to_string();
    match (why, l) {
        (Why::Met(met), _) => {
            let parts: Vec<String> = met.iter().map(|m| met_text(m, r)).collect();
            list(&parts, l)
        }
        (Why::Unmet(u), _) => unmet_text(u, r),
        (Why::Lost { to }, Lang::Fa) => format!("ارزش کمتر از «{}»", name(to)),
        (Why::Lost { to }, Lang::En) => format!("worth less than {}", name(to)),
        (Why::NotCombined { to }, Lang::Fa) => {
            format!("با «{}» ترکیب نمی‌شود و ارزش کمتری دارد", name(to))
        }
        (Why::NotCombined { to }, Lang::En) => {
            format!("not combined with {}, which is worth more", name(to))
        }
        (Why::LessThanTogether, Lang::Fa) => "ترکیب پیشنهادهای دیگر بیشتر می‌ارزد".into(),
        (Why::LessThanTogether, Lang::En) => "worth less than the other offers together".into(),
        (Why::Text(s), _) => s.to_string(),
    }
}

fn yearly(day: Yearly, lang: Lang) -> &'static str {
    match (day, lang) {
        (Yearly::Birthday, Lang::Fa) => "تولد",
        (Yearly::Birthday, Lang::En) => "birthday",
        (Yearly::Anniversary, Lang::Fa) => "سالگرد ازدواج",
        (Yearly::Anniversary, Lang::En) => "anniversary",
    }
}

fn period(p: Period, lang: Lang) -> &'static str {
    match (p, lang) {
        (Period::Day, Lang::Fa) => "روز",
        (Period::Week, Lang::Fa) => "هفته",
        (Period::Month, Lang::Fa) => "ماه",
        (Period::Year, Lang::Fa) => "سال",
        (Period::Ever, Lang::Fa) => "همیشه",
        (Period::Day, Lang::En) => "day",
        (Period::Week, Lang::En) => "week",
        (Period::Month, Lang::En) => "month",
        (Period::Year, Lang::En) => "year",
        (Period::Ever, Lang::En) => "ever",
    }
}

/// `n` as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st.
fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A list of ids shown through `show` and joined in the language's way.
fn names_of(ids: &[String], lang: Lang, show: fn(&str, Lang) -> String) -> String {
    let shown: Vec<String> = ids.iter().map(|i| show(i, lang)).collect();
    list(&shown, lang)
}

fn as_is(id: &str, _: Lang) -> String {
    id.to_string()
}

fn hours(from: u32, to: u32, lang: Lang) -> String {
    format!("{}-{}", hour_minute(from, lang), hour_minute(to, lang))
}

fn met_text(m: &Met, r: Reader<'_>) -> String {
    let l = r.lang;
    match (m, l) {
        (Met::EarlierVisits { visits }, Lang::Fa) => format!("{} مراجعهٔ قبلی", num(*visits, l)),
        (Met::EarlierVisits { visits }, Lang::En) => format!("{} earlier visits", num(*visits, l)),
        (Met::FirstVisits { visit }, Lang::Fa) => format!("مراجعهٔ {}", num(*visit, l)),
        (Met::FirstVisits { visit } | Met::NthVisit { visit }, Lang::En) => {
            format!("visit {}", num(*visit, l))
        }
        (Met::NthVisit { visit }, Lang::Fa) => format!("مراجعهٔ {}ام", num(*visit, l)),
        (Met::BackAfter { days }, Lang::Fa) => format!("بازگشت پس از {} روز", num(*days, l)),
        (Met::BackAfter { days }, Lang::En) => format!("back after {} days", num(*days, l)),
        (Met::BasketAtLeast { min }, Lang::Fa) => format!("خرید دست‌کم {}", money(*min, r.unit, l)),
        (Met::BasketAtLeast { min }, Lang::En) => {
            format!("basket of at least {}", money(*min, r.unit, l))
        }
        (Met::Near { day, days: 0 }, Lang::Fa) => format!("{} امروز", yearly(*day, l)),
        (Met::Near { day, days: 0 }, Lang::En) => format!("{} today", yearly(*day, l)),
        (Met::Near { day, days }, Lang::Fa) => {
            format!("{} روز تا {}", num(*days, l), yearly(*day, l))
        }
        (Met::Near { day, days }, Lang::En) => {
            format!("{} within {} days", yearly(*day, l), num(*days, l))
        }
        (Met::Tier { tier }, Lang::Fa) => format!("عضو سطح {}", names::tier(tier, l)),
        (Met::Tier { tier }, Lang::En) => format!("{} member", names::tier(tier, l)),
        (Met::Groups { groups }, Lang::Fa) => format!("گروه {}", names_of(groups, l, as_is)),
        (Met::Groups { groups }, Lang::En) => format!("group {}", names_of(groups, l, as_is)),
        (Met::CardKind { kind }, l) => crate::gift::holds_card(kind, l),
        (Met::Categories { categories }, Lang::Fa) => {
            format!("{} در سبد", names_of(categories, l, names::category))
        }
        (Met::Categories { categories }, Lang::En) => {
            format!("{} in the basket", names_of(categories, l, names::category))
        }
        (Met::Skus { skus }, Lang::Fa) => format!("کالای {} در سبد", names_of(skus, l, as_is)),
        (Met::Skus { skus }, Lang::En) => {
            format!("item {} in the basket", names_of(skus, l, as_is))
        }
        (Met::Hours { from, to }, Lang::Fa) => format!("ساعت {}", hours(*from, *to, l)),
        (Met::Hours { from, to }, Lang::En) => format!("within {}", hours(*from, *to, l)),
        (Met::Occasion { name }, _) => names::occasion(name, l),
        (Met::Referred, Lang::Fa) => "معرفی‌شده".into(),
        (Met::Referred, Lang::En) => "referred by a member".into(),
        (Met::EverySale, Lang::Fa) => "برای هر خرید".into(),
        (Met::EverySale, Lang::En) => "applies to every sale".into(),
    }
}

fn unmet_text(u: &Unmet, r: Reader<'_>) -> String {
    let l = r.lang;
    let m = |v: i64| money(v, r.unit, l);
    let n = |v: i64| num(v, l);
    match (u, l) {
        (Unmet::Guest, Lang::Fa) => "مهمان؛ پیشنهادها برای اعضاست".into(),
        (Unmet::Guest, Lang::En) => "guest; offers are for members".into(),
        (Unmet::NotYet { from }, Lang::Fa) => format!("از {} شروع می‌شود", jalali(*from, l)),
        (Unmet::NotYet { from }, Lang::En) => format!("starts on {}", jalali(*from, l)),
        (Unmet::Ended { on }, Lang::Fa) => format!("در {} تمام شد", jalali(*on, l)),
        (Unmet::Ended { on }, Lang::En) => format!("ended on {}", jalali(*on, l)),
        (Unmet::Branch, Lang::Fa) => "برای این شعبه نیست".into(),
        (Unmet::Branch, Lang::En) => "not at this branch".into(),
        (Unmet::FewVisits { min, visits }, Lang::Fa) => format!(
            "{} مراجعهٔ قبلی لازم است ({} دارد)",
            n(i64::from(*min)),
            n(*visits)
        ),
        (Unmet::FewVisits { min, visits }, Lang::En) => format!(
            "needs {} earlier visits (has {})",
            n(i64::from(*min)),
            n(*visits)
        ),
        (Unmet::ManyVisits { max }, Lang::Fa) => {
            format!("فقط تا {} مراجعهٔ قبلی", n(i64::from(*max)))
        }
        (Unmet::ManyVisits { max }, Lang::En) => {
            format!("only up to {} earlier visits", n(i64::from(*max)))
        }
        (Unmet::PastFirstVisits { first }, Lang::Fa) => {
            format!("فقط در {} مراجعهٔ اول", n(i64::from(*first)))
        }
        (Unmet::PastFirstVisits { first }, Lang::En) => {
            format!("only on the first {} visits", n(i64::from(*first)))
        }
        (Unmet::NotNthVisit { visit, every }, Lang::Fa) => format!(
            "این مراجعهٔ {} است؛ هر {} مراجعه یک بار",
            n(*visit),
            n(i64::from(*every))
        ),
        (Unmet::NotNthVisit { visit, every }, Lang::En) => {
            format!(
                "this is visit {}; every {} visit",
                n(*visit),
                ordinal(*every)
            )
        }
        (Unmet::SameVisit, Lang::Fa) => {
            "امروز پیش‌تر خرید کرده است: این خرید همان مراجعه است".into()
        }
        (Unmet::SameVisit, Lang::En) => {
            "bought earlier today: this sale is part of the same visit".into()
        }
        (Unmet::NoEarlierVisit, Lang::Fa) => "مراجعهٔ قبلی ندارد".into(),
        (Unmet::NoEarlierVisit, Lang::En) => "no earlier visit".into(),
        (Unmet::DaysSinceLastVisit { days, max }, Lang::Fa) => format!(
            "پس از {} روز برگشته (حداکثر {})",
            n(*days),
            n(i64::from(*max))
        ),
        (Unmet::DaysSinceLastVisit { days, max }, Lang::En) => format!(
            "back after {} days (within {} needed)",
            n(*days),
            n(i64::from(*max))
        ),
        (Unmet::BasketUnder { min }, Lang::Fa) => format!("خرید کمتر از {}", m(*min)),
        (Unmet::BasketUnder { min }, Lang::En) => format!("basket under {}", m(*min)),
        (Unmet::BasketOver { max }, Lang::Fa) => format!("خرید بیشتر از {}", m(*max)),
        (Unmet::BasketOver { max }, Lang::En) => format!("basket over {}", m(*max)),
        (Unmet::NoDate { day }, Lang::Fa) => format!("تاریخ {} ثبت نشده", yearly(*day, l)),
        (Unmet::NoDate { day }, Lang::En) => format!("no {} date on file", yearly(*day, l)),
        (Unmet::NotNear { day, within: 0 }, Lang::Fa) => format!("امروز {} نیست", yearly(*day, l)),
        (Unmet::NotNear { day, within: 0 }, Lang::En) => {
            format!("not the {} today", yearly(*day, l))
        }
        (Unmet::NotNear { day, within }, Lang::Fa) => {
            format!(
                "بیش از {} روز تا {}",
                n(i64::from(*within)),
                yearly(*day, l)
            )
        }
        (Unmet::NotNear { day, within }, Lang::En) => format!(
            "not within {} days of the {}",
            n(i64::from(*within)),
            yearly(*day, l)
        ),
        (Unmet::Tiers { tiers }, Lang::Fa) => {
            format!("فقط برای سطح {}", names_of(tiers, l, names::tier))
        }
        (Unmet::Tiers { tiers }, Lang::En) => {
            format!("only for tier {}", names_of(tiers, l, names::tier))
        }
        (Unmet::Groups { groups }, Lang::Fa) => {
            format!("فقط برای گروه {}", names_of(groups, l, as_is))
        }
        (Unmet::Groups { groups }, Lang::En) => {
            format!("only for group {}", names_of(groups, l, as_is))
        }
        (Unmet::CardKinds { kinds }, l) => crate::gift::only_for_cards(kinds, l),
        (Unmet::Categories { categories }, Lang::Fa) => {
            format!("{} در سبد نیست", names_of(categories, l, names::category))
        }
        (Unmet::Categories { categories }, Lang::En) => {
            format!(
                "no {} in the basket",
                names_of(categories, l, names::category)
            )
        }
        (Unmet::Skus { skus }, Lang::Fa) => {
            format!("کالای {} در سبد نیست", names_of(skus, l, as_is))
        }
        (Unmet::Skus { skus }, Lang::En) => {
            format!("no item {} in the basket", names_of(skus, l, as_is))
        }
        (Unmet::Weekdays { days }, Lang::Fa) => {
            format!("فقط در روزهای {}", names_of(days, l, names::weekday))
        }
        (Unmet::Weekdays { days }, Lang::En) => {
            format!("only on {}", names_of(days, l, names::weekday))
        }
        (Unmet::OutsideHours { from, to }, Lang::Fa) => {
            format!("خارج از ساعت {}", hours(*from, *to, l))
        }
        (Unmet::OutsideHours { from, to }, Lang::En) => {
            format!("outside {}", hours(*from, *to, l))
        }
        (Unmet::Occasions { occasions }, Lang::Fa) => {
            format!("امروز {} نیست", names_of(occasions, l, names::occasion))
        }
        (Unmet::Occasions { occasions }, Lang::En) => {
            format!("not {} today", names_of(occasions, l, names::occasion))
        }
        (Unmet::NotReferred, Lang::Fa) => "معرفی‌شده نیست".into(),
        (Unmet::NotReferred, Lang::En) => "not referred by a member".into(),
        (Unmet::Referred, Lang::Fa) => "فقط برای اعضای معرفی‌نشده".into(),
        (Unmet::Referred, Lang::En) => "only for members nobody referred".into(),
        (Unmet::LimitUsed { per, period: p, on }, Lang::Fa) => format!(
            "سقف {} بار در {} در {} استفاده شد",
            n(i64::from(*per)),
            period(*p, l),
            on.map(|d| jalali(d, l)).unwrap_or_default()
        ),
        (Unmet::LimitUsed { per, period: p, on }, Lang::En) => format!(
            "limit of {} per {} used on {}",
            n(i64::from(*per)),
            period(*p, l),
            on.map(|d| jalali(d, l)).unwrap_or_default()
        ),
        (Unmet::AllUsesTaken { total }, Lang::Fa) => {
            format!("همهٔ {} بار استفاده شده", num_u(*total, l))
        }
        (Unmet::AllUsesTaken { total }, Lang::En) => {
            format!("all {} uses taken", num_u(*total, l))
        }
        (Unmet::BudgetShort { left }, Lang::Fa) => format!("بودجه کافی نیست ({} مانده)", m(*left)),
        (Unmet::BudgetShort { left }, Lang::En) => format!("budget left {}, not enough", m(*left)),
    }
}

/// Why an offers file was refused (the file's figures in rials, as the file writes them).
/// English as the command line has always said it; what the file or its parser wrote is
/// quoted.
pub fn fault(f: &OfferFault, lang: Lang) -> String {
    use OfferFault as F;
    let weekdays = vafa_core::offer::model::WEEKDAYS;
    match (f, lang) {
        (F::Syntax(m), Lang::Fa) => format!("نوشتار پرونده درست نیست («{m}»)"),
        (F::Syntax(m), Lang::En) => m.clone(),
        (F::BadId, Lang::Fa) => "شناسه ۱ تا ۶۴ حرف لاتین، رقم، «-» یا «_» است".into(),
        (F::BadId, Lang::En) => "an id is 1–64 letters, digits, '-' or '_'".into(),
        (F::DuplicateId, Lang::Fa) => "این شناسه را پیشنهاد دیگری در همین پرونده دارد".into(),
        (F::DuplicateId, Lang::En) => "this id is used by an earlier offer in the file".into(),
        (F::NotPercent(p), Lang::Fa) => {
            format!("{} درصدی از ۰ تا ۱۰۰ نیست", digits(&p.to_string(), lang))
        }
        (F::NotPercent(p), Lang::En) => format!("{p} is not a percentage from 0 to 100"),
        (F::NotAmount(a), Lang::Fa) => format!("{} مبلغی از صفر به بالا نیست", rials(*a, lang)),
        (F::NotAmount(a), Lang::En) => format!("{a} is not an amount of rials from 0 up"),
        (F::NotDate(s), Lang::Fa) => {
            format!("«{s}» تاریخ نیست؛ مانند ۱۴۰۵-۰۹-۰۱ یا ۲۰۲۶-۱۱-۲۲ بنویسید")
        }
        (F::NotDate(s), Lang::En) => {
            format!("\"{s}\" is not a date like 1405-09-01 or 2026-11-22")
        }
        (F::NoSuchDay(s), Lang::Fa) => format!("روز «{s}» در تقویم نیست"),
        (F::NoSuchDay(s), Lang::En) => format!("there is no such day as \"{s}\""),
        (F::ToBeforeFrom, Lang::Fa) => "تاریخ پایان پیش از تاریخ شروع است".into(),
        (F::ToBeforeFrom, Lang::En) => "valid_to is before valid_from".into(),
        (F::MaxAmountBelowMin, Lang::Fa) => "سقف مبلغ کمتر از کف آن است".into(),
        (F::MaxAmountBelowMin, Lang::En) => "max_amount is below min_amount".into(),
        (F::MaxVisitsBelowMin, Lang::Fa) => "سقف مراجعه‌ها کمتر از کف آن است".into(),
        (F::MaxVisitsBelowMin, Lang::En) => "max_visits is below min_visits".into(),
        (F::AtLeastOne, Lang::Fa) => "باید ۱ یا بیشتر باشد".into(),
        (F::AtLeastOne, Lang::En) => "must be 1 or more".into(),
        (F::BadWeekday(d), Lang::Fa) => {
            format!("«{d}» روز هفته نیست؛ یکی از «{}»", weekdays.join(", "))
        }
        (F::BadWeekday(d), Lang::En) => {
            format!("\"{d}\" is not one of {}", weekdays.join(", "))
        }
        (F::BadCardKind(k), l) => crate::gift::bad_card_kind(k, l),
        (F::BadHours(h), Lang::Fa) => {
            format!("«{h}» بازهٔ ساعت نیست؛ مانند ۱۴:۰۰-۱۷:۰۰ بنویسید")
        }
        (F::BadHours(h), Lang::En) => {
            format!("\"{h}\" is not an hour range like 14:00-17:00")
        }
        (F::Over180Days, Lang::Fa) => "حداکثر ۱۸۰ روز است".into(),
        (F::Over180Days, Lang::En) => "must be at most 180 days".into(),
        (F::NegativePoints, Lang::Fa) => "امتیاز باید صفر یا بیشتر باشد".into(),
        (F::NegativePoints, Lang::En) => "must be 0 or more".into(),
        (F::MultiplierRange, Lang::Fa) => "ضریب امتیاز باید از ۰ تا ۱۰۰ باشد".into(),
        (F::MultiplierRange, Lang::En) => "must be from 0 to 100".into(),
        (F::GivesNothing, Lang::Fa) => "پیشنهاد باید چیزی بدهد".into(),
        (F::GivesNothing, Lang::En) => "an offer must give something".into(),
        (F::NeedsItems, Lang::Fa) => {
            "باید با «when.categories» یا «when.skus» بگوید کدام کالاها".into()
        }
        (F::NeedsItems, Lang::En) => "needs when.categories or when.skus to say which items".into(),
        (F::NeedsReferred, Lang::Fa) => "«when.referred = true» لازم است".into(),
        (F::NeedsReferred, Lang::En) => "needs when.referred = true".into(),
        (F::ZeroLimit, Lang::Fa) => {
            "سقف صفر هرگز نمی‌گذارد پیشنهاد اعمال شود؛ به‌جای آن پیشنهاد را بردارید".into()
        }
        (F::ZeroLimit, Lang::En) => {
            "a limit of 0 would never let the offer apply; remove the offer instead".into()
        }
    }
}

/// A use count (u64) grouped like any number.
fn num_u(v: u64, lang: Lang) -> String {
    num(i64::try_from(v).unwrap_or(i64::MAX), lang)
}

#[cfg(test)]
#[path = "offer_tests.rs"]
mod tests;
