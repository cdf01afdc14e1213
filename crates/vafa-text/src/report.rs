//! The words of `vafa report …`: titles, column heads, segment names, suggested offers,
//! and how a decimal figure is written. Exhaustive: a label without both languages does
//! not compile.

use chrono::NaiveDate;

use vafa_core::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    // Titles.
    Summary,
    ReturnRate,
    Visits,
    Rfm,
    Segments,
    Offers,
    Referrals,
    Categories,
    Skus,
    Pairs,
    Liability,
    Member,
    /// Said when `vafa suggest` has nothing to suggest.
    NothingToSuggest,
    /// Before the window's two days.
    Window,
    /// Between them.
    To,
    /// Before the path `--out` wrote.
    Written,
    /// Said when nobody visited in the window: the figures are zeros.
    NoVisits,
    // Heads.
    Figure,
    Value,
    Members,
    NewMembers,
    ActiveMembers,
    VisitCount,
    Sales,
    Paid,
    CreditEarned,
    CreditRedeemed,
    CreditOutstanding,
    PointsOutstanding,
    GuestSales,
    WithinDays,
    Returned,
    Rate,
    Gaps,
    GapMedianDays,
    GapMeanDays,
    AmountPerVisit,
    AmountMedian,
    Id,
    RecencyDays,
    Frequency,
    Monetary,
    R,
    F,
    M,
    Segment,
    Count,
    Uses,
    RewardValue,
    SalesWith,
    Comparison,
    ComparisonMembers,
    UsersVisitsPerMember,
    UsersSpendPerMember,
    ComparisonVisitsPerMember,
    ComparisonSpendPerMember,
    UpliftPercent,
    TooSmall,
    EligibleNonUsers,
    UsersBefore,
    Referred,
    ReferredSpend,
    Category,
    Sku,
    Amount,
    A,
    B,
    Together,
    Support,
    Confidence,
    Lift,
    Uncategorised,
    Credit,
    Points,
    PointsValue,
    GiftCards,
    Expiring30,
    Expiring90,
    LastVisit,
    Spend,
    TotalSpend,
    Favourites,
    SuggestedOffer,
    Yes,
    No,
    // Segments.
    Champions,
    AtRisk,
    Loyal,
    Lost,
    New,
    Others,
    NotScored,
}

/// The text of `l` in `lang`.
pub fn label(lang: Lang, l: Label) -> &'static str {
    use Label::*;
    use Lang::{En, Fa};
    match (l, lang) {
        (Summary, Fa) => "خلاصه",
        (Summary, En) => "Summary",
        (ReturnRate, Fa) => "نرخ بازگشت",
        (ReturnRate, En) => "Return rate",
        (Visits, Fa) => "مراجعه‌ها",
        (Visits, En) => "Visits",
        (Rfm, Fa) => "تازگی، دفعات و مبلغ (RFM)",
        (Rfm, En) => "Recency, frequency, monetary (RFM)",
        (Segments, Fa) => "دسته‌ها",
        (Segments, En) => "Segments",
        (Offers, Fa) => "اثر پیشنهادها",
        (Offers, En) => "Offer effect",
        (Referrals, Fa) => "معرفی‌ها",
        (Referrals, En) => "Referrals",
        (Categories, Fa) => "گروه‌های کالا",
        (Categories, En) => "Categories",
        (Skus, Fa) => "کالاها",
        (Skus, En) => "SKUs",
        (Pairs, Fa) => "با هم خریده‌شده‌ها",
        (Pairs, En) => "Bought together",
        (Liability, Fa) => "تعهدات",
        (Liability, En) => "Liability",
        (NothingToSuggest, Fa) => "در این بازه پیشنهادی نیست.",
        (NothingToSuggest, En) => "Nothing to suggest in this window.",
        (Member, Fa) => "عضو",
        (Member, En) => "Member",
        (Window, Fa) => "از",
        (Window, En) => "From",
        (To, Fa) => "تا",
        (To, En) => "to",
        (Written, Fa) => "نوشته شد:",
        (Written, En) => "Written:",
        (NoVisits, Fa) => "در این بازه مراجعه‌ای ثبت نشده است؛ ارقام صفرند.",
        (NoVisits, En) => "No visits in this window; the figures are zeros.",
        (Figure, Fa) => "شاخص",
        (Figure, En) => "figure",
        (Value, Fa) => "مقدار",
        (Value, En) => "value",
        (Members, Fa) => "اعضا",
        (Members, En) => "members",
        (NewMembers, Fa) => "اعضای تازه",
        (NewMembers, En) => "new members",
        (ActiveMembers, Fa) => "اعضای فعال",
        (ActiveMembers, En) => "active members",
        (VisitCount, Fa) => "مراجعه",
        (VisitCount, En) => "visits",
        (Sales, Fa) => "فروش‌ها",
        (Sales, En) => "sales",
        (Paid, Fa) => "پرداختی",
        (Paid, En) => "paid",
        (CreditEarned, Fa) => "اعتبار داده‌شده",
        (CreditEarned, En) => "credit earned",
        (CreditRedeemed, Fa) => "اعتبار خرج‌شده",
        (CreditRedeemed, En) => "credit redeemed",
        (CreditOutstanding, Fa) => "اعتبار مانده",
        (CreditOutstanding, En) => "credit outstanding",
        (PointsOutstanding, Fa) => "امتیاز مانده",
        (PointsOutstanding, En) => "points outstanding",
        (GuestSales, Fa) => "فروش به مهمان",
        (GuestSales, En) => "guest sales",
        (WithinDays, Fa) => "در چند روز",
        (WithinDays, En) => "within days",
        (Returned, Fa) => "بازگشته",
        (Returned, En) => "returned",
        (Rate, Fa) => "نرخ",
        (Rate, En) => "rate",
        (Gaps, Fa) => "فاصله‌ها",
        (Gaps, En) => "gaps",
        (GapMedianDays, Fa) => "میانهٔ فاصله (روز)",
        (GapMedianDays, En) => "median gap (days)",
        (GapMeanDays, Fa) => "میانگین فاصله (روز)",
        (GapMeanDays, En) => "mean gap (days)",
        (AmountPerVisit, Fa) => "مبلغ هر مراجعه",
        (AmountPerVisit, En) => "amount per visit",
        (AmountMedian, Fa) => "میانهٔ مبلغ",
        (AmountMedian, En) => "median amount",
        (Id, Fa) => "شناسه",
        (Id, En) => "id",
        (RecencyDays, Fa) => "روز از آخرین مراجعه",
        (RecencyDays, En) => "days since",
        (Frequency, Fa) => "دفعات",
        (Frequency, En) => "frequency",
        (Monetary, Fa) => "مبلغ",
        (Monetary, En) => "monetary",
        (R, Fa) => "R",
        (R, En) => "R",
        (F, Fa) => "F",
        (F, En) => "F",
        (M, Fa) => "M",
        (M, En) => "M",
        (Segment, Fa) => "دسته",
        (Segment, En) => "segment",
        (Count, Fa) => "تعداد",
        (Count, En) => "count",
        (Uses, Fa) => "استفاده",
        (Uses, En) => "uses",
        (RewardValue, Fa) => "ارزش جایزه",
        (RewardValue, En) => "reward value",
        (SalesWith, Fa) => "فروش‌های با پیشنهاد",
        (SalesWith, En) => "sales with it",
        (Comparison, Fa) => "گروه مقایسه",
        (Comparison, En) => "comparison",
        (ComparisonMembers, Fa) => "اعضای گروه مقایسه",
        (ComparisonMembers, En) => "comparison members",
        (UsersVisitsPerMember, Fa) => "مراجعهٔ هر استفاده‌کننده",
        (UsersVisitsPerMember, En) => "users' visits each",
        (UsersSpendPerMember, Fa) => "خرید هر استفاده‌کننده",
        (UsersSpendPerMember, En) => "users' spend each",
        (ComparisonVisitsPerMember, Fa) => "مراجعهٔ هر عضو مقایسه",
        (ComparisonVisitsPerMember, En) => "comparison visits each",
        (ComparisonSpendPerMember, Fa) => "خرید هر عضو مقایسه",
        (ComparisonSpendPerMember, En) => "comparison spend each",
        (UpliftPercent, Fa) => "افزایش (درصد)",
        (UpliftPercent, En) => "uplift %",
        (TooSmall, Fa) => "گروه‌ها برای نتیجه‌گیری کوچک‌اند",
        (TooSmall, En) => "groups too small to conclude",
        (EligibleNonUsers, Fa) => "واجدانی که نگرفتند",
        (EligibleNonUsers, En) => "eligible who did not get it",
        (UsersBefore, Fa) => "همان اعضا پیش از آن",
        (UsersBefore, En) => "the same members before",
        (Referred, Fa) => "معرفی‌شده",
        (Referred, En) => "referred",
        (ReferredSpend, Fa) => "خرید معرفی‌شده‌ها",
        (ReferredSpend, En) => "their spend",
        (Category, Fa) => "گروه",
        (Category, En) => "category",
        (Sku, Fa) => "کالا",
        (Sku, En) => "SKU",
        (Amount, Fa) => "مبلغ",
        (Amount, En) => "amount",
        (A, Fa) => "الف",
        (A, En) => "a",
        (B, Fa) => "ب",
        (B, En) => "b",
        (Together, Fa) => "با هم",
        (Together, En) => "together",
        (Support, Fa) => "پشتیبانی",
        (Support, En) => "support",
        (Confidence, Fa) => "اطمینان",
        (Confidence, En) => "confidence",
        (Lift, Fa) => "ارتقا",
        (Lift, En) => "lift",
        (Uncategorised, Fa) => "بی‌گروه",
        (Uncategorised, En) => "uncategorised",
        (Credit, Fa) => "اعتبار",
        (Credit, En) => "credit",
        (Points, Fa) => "امتیاز",
        (Points, En) => "points",
        (PointsValue, Fa) => "ارزش امتیازها",
        (PointsValue, En) => "points value",
        (GiftCards, Fa) => "کارت‌های هدیه",
        (GiftCards, En) => "gift cards",
        (Expiring30, Fa) => "منقضی در ۳۰ روز",
        (Expiring30, En) => "expiring in 30 days",
        (Expiring90, Fa) => "منقضی در ۹۰ روز",
        (Expiring90, En) => "expiring in 90 days",
        (LastVisit, Fa) => "آخرین مراجعه",
        (LastVisit, En) => "last visit",
        (Spend, Fa) => "خرید در بازه",
        (Spend, En) => "spend in the window",
        (TotalSpend, Fa) => "کل خرید",
        (TotalSpend, En) => "total spend",
        (Favourites, Fa) => "گروه‌های محبوب",
        (Favourites, En) => "favourite categories",
        (SuggestedOffer, Fa) => "پیشنهاد",
        (SuggestedOffer, En) => "suggested offer",
        (Yes, Fa) => "بله",
        (Yes, En) => "yes",
        (No, Fa) => "خیر",
        (No, En) => "no",
        (Champions, Fa) => "قهرمانان",
        (Champions, En) => "champions",
        (AtRisk, Fa) => "در خطر رفتن",
        (AtRisk, En) => "at risk",
        (Loyal, Fa) => "وفادار",
        (Loyal, En) => "loyal",
        (Lost, Fa) => "ازدست‌رفته",
        (Lost, En) => "lost",
        (New, Fa) => "تازه",
        (New, En) => "new",
        (Others, Fa) => "دیگران",
        (Others, En) => "others",
        (NotScored, Fa) => "بی‌مراجعه در بازه",
        (NotScored, En) => "no visit in the window",
    }
}

/// What the till suggests offering one member, from their segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suggestion {
    /// Champions: thank them (a reward they did not ask for).
    Reward,
    /// Loyal: frequent but less recent than champions: a reason to come sooner.
    ComeSooner,
    /// At risk or lost, or no visit in the window: a win-back offer.
    WinBack,
    /// New: a reason for a second visit.
    SecondVisit,
    /// Others: more of what they already buy (their favourite category).
    MoreOfFavourite,
}

/// The suggestion's sentence; `category` is the member's favourite, if any.
pub fn suggestion(lang: Lang, s: Suggestion, category: Option<&str>) -> String {
    let fa = lang == Lang::Fa;
    match s {
        Suggestion::Reward if fa => "هدیهٔ قدردانی (امتیاز دوبرابر در مراجعهٔ بعدی)".into(),
        Suggestion::Reward => "a thank-you reward (double points on the next visit)".into(),
        Suggestion::ComeSooner if fa => "اعتبار اضافه اگر تا دو هفتهٔ دیگر بیاید".into(),
        Suggestion::ComeSooner => "extra credit for a visit within two weeks".into(),
        Suggestion::WinBack if fa => "پیشنهاد بازگشت (تخفیف در مراجعهٔ بعدی)".into(),
        Suggestion::WinBack => "a win-back offer (a discount on the next visit)".into(),
        Suggestion::SecondVisit if fa => "پیشنهاد مراجعهٔ دوم".into(),
        Suggestion::SecondVisit => "a second-visit offer".into(),
        Suggestion::MoreOfFavourite => match (category, fa) {
            (Some(c), true) => format!("تخفیف در گروه «{c}»"),
            (Some(c), false) => format!("a discount on \"{c}\""),
            (None, true) => "اعتبار اضافه در خرید بعدی".into(),
            (None, false) => "extra credit on the next purchase".into(),
        },
    }
}

/// `vafa suggest`'s win-back reasoning: `n` regulars stayed away too long.
pub fn win_back_reason(n: usize, lang: Lang) -> String {
    let n = crate::format::num(i64::try_from(n).unwrap_or(i64::MAX), lang);
    match lang {
        Lang::Fa => {
            format!("{n} مشتری همیشگی بیش از دو برابر فاصلهٔ معمول خود نیامده‌اند: پیشنهاد بازگشت.")
        }
        Lang::En => format!(
            "{n} regulars have stayed away more than twice their usual gap: a win-back offer."
        ),
    }
}

/// `vafa suggest`'s cross-sell reasoning: who buys `a` also buys `b`; `n` members buy only `a`.
pub fn cross_sell_reason(
    a: &str,
    b: &str,
    confidence: &str,
    lift: &str,
    n: usize,
    lang: Lang,
) -> String {
    let n = crate::format::num(i64::try_from(n).unwrap_or(i64::MAX), lang);
    let (c, l) = (decimal(confidence, lang), decimal(lift, lang));
    match lang {
        Lang::Fa => format!(
            "خریداران «{a}» «{b}» را هم می‌خرند (اطمینان {c}، ارتقا {l})؛ {n} عضو «{a}» می‌خرند و هرگز «{b}»: تخفیف در «{b}»."
        ),
        Lang::En => format!(
            "Who buys \"{a}\" also buys \"{b}\" (confidence {c}, lift {l}); {n} members buy \"{a}\" but never \"{b}\": a discount on \"{b}\"."
        ),
    }
}

/// A decimal figure (`"0.6000"`) in the language's digits (Persian digits and `٫`).
pub fn decimal(text: &str, lang: Lang) -> String {
    match lang {
        Lang::Fa => crate::format::digits(&text.replace('.', "٫"), lang),
        Lang::En => text.to_string(),
    }
}

/// A report's window, as its heading says it.
pub fn window(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    let day = |d: NaiveDate| crate::format::date(d, lang);
    format!(
        "{} {} {} {}",
        label(lang, Label::Window),
        day(from),
        label(lang, Label::To),
        day(to)
    )
}

/// `Error::ReversedWindow`.
pub fn reversed_window(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    let day = |d: NaiveDate| crate::format::date(d, lang);
    match lang {
        Lang::Fa => format!(
            "بازهٔ گزارش وارونه است: «--from» ({}) بعد از «--to» ({}) است.",
            day(from),
            day(to)
        ),
        Lang::En => format!(
            "The report's window is reversed: --from ({}) is after --to ({}).",
            day(from),
            day(to)
        ),
    }
}

/// A report as lines of "label: value" under its title (head office's readable output).
pub fn figures(title: Label, rows: &[(Label, String)], lang: Lang) -> String {
    let mut out = label(lang, title).to_string();
    for (l, v) in rows {
        out.push_str(&format!("\n  {}: {v}", label(lang, *l)));
    }
    out
}

/// An RFM segment by its stable name (`champions`, `at_risk`…) in `lang`; an unknown name
/// is shown as it is.
pub fn segment(name: &str, lang: Lang) -> String {
    let l = match name {
        "champions" => Label::Champions,
        "at_risk" => Label::AtRisk,
        "loyal" => Label::Loyal,
        "lost" => Label::Lost,
        "new" => Label::New,
        "others" => Label::Others,
        other => return other.to_string(),
    };
    label(lang, l).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_and_windows_in_both_languages() {
        assert_eq!(decimal("0.6000", Lang::En), "0.6000");
        assert_eq!(decimal("0.6000", Lang::Fa), "۰٫۶۰۰۰");
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("day");
        assert_eq!(
            window(d("2026-11-01"), d("2026-11-22"), Lang::En),
            "From 2026-11-01 to 2026-11-22"
        );
        assert!(window(d("2026-11-01"), d("2026-11-22"), Lang::Fa).contains("۱۴۰۵/۰۹/۰۱"));
        assert!(reversed_window(d("2026-11-22"), d("2026-11-01"), Lang::En).contains("reversed"));
        assert_eq!(label(Lang::Fa, Label::Champions), "قهرمانان");
        assert!(suggestion(Lang::En, Suggestion::MoreOfFavourite, Some("tea")).contains("tea"));
    }
}
