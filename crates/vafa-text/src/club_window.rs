//! The till window's Club screen (gift cards, lotteries, surveys): its labels, hints and
//! notices, and the printable result of a lottery's draw. The words the command line
//! shares are in `club` and `gift`; exhaustive matches: nothing without both languages
//! compiles.

use chrono::NaiveDate;
use vafa_core::lang::Lang;
use vafa_core::receipt::{Slip, SlipLine};

use crate::format::{date, digits, plain};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum W {
    /// The navigation item and the screen's title.
    Club,
    GiftTab,
    LotteryTab,
    SurveyTab,
    CardHint,
    GiftAmount,
    ExpiresHint,
    MemberHint,
    Sell,
    Load,
    CheckBalance,
    Block,
    Replace,
    NewCard,
    History,
    Sold,
    Loaded,
    Blocked,
    Replaced,
    SwipeToCheck,
    NewLottery,
    PerHint,
    TiersHint,
    Create,
    Cancel,
    NoLotteries,
    Open,
    Drawn,
    Draw,
    PrintResult,
    ResultTitle,
    EveryVisit,
    EveryMember,
    NoSurveys,
    CallList,
    Dial,
    Tries,
    KeysHint,
    Unreachable,
    Later,
    SaveAnswers,
    ShowResults,
    Calling,
}

pub fn w(lang: Lang, x: W) -> &'static str {
    let (fa, en) = match x {
        W::Club => ("باشگاه", "Club"),
        W::GiftTab => ("کارت هدیه", "Gift cards"),
        W::LotteryTab => ("قرعه‌کشی", "Lotteries"),
        W::SurveyTab => ("نظرسنجی", "Surveys"),
        W::CardHint => (
            "کارت را بکشید یا شماره‌اش را بنویسید",
            "Swipe the card or type its number",
        ),
        W::GiftAmount => ("مبلغ روی کارت", "Amount on the card"),
        W::ExpiresHint => (
            "تاریخ انقضا (دلخواه، مثلاً ۱۴۰۵/۱۲/۲۹)",
            "Expires (optional, e.g. 2027-03-20)",
        ),
        W::MemberHint => ("شناسهٔ عضو (دلخواه)", "Member id (optional)"),
        W::Sell => ("فروش کارت هدیه", "Sell gift card"),
        W::Load => ("شارژ", "Load"),
        W::CheckBalance => ("موجودی", "Check balance"),
        W::Block => ("مسدود کردن", "Block"),
        W::Replace => ("جایگزینی", "Replace"),
        W::NewCard => ("شمارهٔ کارت تازه", "New card number"),
        W::History => ("گردش کارت", "History"),
        W::Sold => ("کارت هدیه فروخته شد.", "Gift card sold."),
        W::Loaded => ("کارت شارژ شد.", "Card loaded."),
        W::Blocked => (
            "کارت مسدود شد؛ موجودی‌اش سر جایش است.",
            "Card blocked; its value stays on it.",
        ),
        W::Replaced => (
            "موجودی به کارت تازه رفت؛ کارت قبلی مسدود است.",
            "The balance moved to the new card; the old one is blocked.",
        ),
        W::SwipeToCheck => (
            "برای دیدن موجودی، کارت هدیه را بکشید.",
            "Swipe a gift card to see its balance.",
        ),
        W::NewLottery => ("قرعه‌کشی تازه", "New lottery"),
        W::PerHint => (
            "خالی: یک بلیت برای هر مراجعه",
            "Empty: one ticket per visit",
        ),
        W::TiersHint => ("خالی: همهٔ اعضا", "Empty: every member"),
        W::Create => ("ساختن", "Create"),
        W::Cancel => ("انصراف", "Cancel"),
        W::NoLotteries => ("هنوز قرعه‌کشی‌ای نیست.", "No lotteries yet."),
        W::Open => ("باز", "open"),
        W::Drawn => ("برگزار شده", "drawn"),
        W::Draw => ("برگزاری قرعه‌کشی", "Draw"),
        W::PrintResult => ("چاپ نتیجه", "Print result"),
        W::ResultTitle => ("نتیجهٔ قرعه‌کشی", "Lottery result"),
        W::EveryVisit => ("یک بلیت برای هر مراجعه", "one ticket per visit"),
        W::EveryMember => ("همهٔ اعضا", "every member"),
        W::NoSurveys => (
            "هنوز نظرسنجی‌ای وارد نشده است.",
            "No survey has been imported yet.",
        ),
        W::CallList => ("فهرست تماس", "Call list"),
        W::Dial => ("شماره", "Dial"),
        W::Tries => ("تماس‌های بی‌پاسخ", "unanswered calls"),
        W::KeysHint => (
            "پاسخ هر پرسش را با یک کلید بزنید: ۱ تا ۵ برای امتیاز، شمارهٔ گزینه برای گزینه‌ها؛ Enter ثبت می‌کند.",
            "Answer each question with one key: 1 to 5 for a scale, the choice's number for a choice; Enter records.",
        ),
        W::Unreachable => ("پاسخ نداد", "Unreachable"),
        W::Later => ("بعداً تماس بگیرید", "Call later"),
        W::SaveAnswers => ("ثبت پاسخ‌ها", "Record answers"),
        W::ShowResults => ("نتیجه", "Results"),
        W::Calling => ("در تماس با", "Calling"),
    };
    lang.pick(fa, en)
}

/// A lottery's window, `from – to`, in `lang`'s calendar.
pub fn window(from: NaiveDate, to: NaiveDate, lang: Lang) -> String {
    format!("{} – {}", date(from, lang), date(to, lang))
}

/// How tickets are earned: per visit, or one per `per` rials (said in the shop's unit).
pub fn tickets_rule(per: Option<i64>, unit: crate::format::Unit, lang: Lang) -> String {
    match per {
        None => w(lang, W::EveryVisit).to_string(),
        Some(r) => match lang {
            Lang::Fa => format!("یک بلیت برای هر {}", crate::format::money(r, unit, lang)),
            Lang::En => format!("one ticket per {}", crate::format::money(r, unit, lang)),
        },
    }
}

/// One winner on the result: the prize's place, who (name and id), their tickets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WinnerLine {
    pub prize: u32,
    pub who: String,
    pub tickets: u64,
}

/// What a draw published, for the result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawResult<'a> {
    pub shop: &'a str,
    pub name: &'a str,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub entries: usize,
    pub total: u64,
    pub commitment: &'a str,
    pub seed: &'a str,
    pub list_hash: &'a str,
    pub winners: Vec<WinnerLine>,
}

/// A winner's line: "Prize 1: NAME — 12 tickets".
pub fn winner_line(x: &WinnerLine, lang: Lang) -> String {
    use crate::club::{Word, word};
    format!(
        "{} {}: {} — {} {}",
        word(lang, Word::Prize),
        plain(x.prize, lang),
        x.who,
        plain(x.tickets, lang),
        word(lang, Word::Tickets)
    )
}

/// A 64-digit hash in lines of 32 (a receipt's width).
fn hash_lines(h: &str, lines: &mut Vec<SlipLine>) {
    let chars: Vec<char> = h.chars().collect();
    for c in chars.chunks(32) {
        lines.push(SlipLine::Center(c.iter().collect()));
    }
}

/// The printable result of a draw: the lottery, the winners, and what anyone needs to
/// repeat it (the commitment published at creation, the seed, the entry list's hash).
pub fn draw_slip(r: &DrawResult<'_>, lang: Lang) -> Slip {
    use crate::club::{Word, word};
    let mut lines = vec![
        SlipLine::Title(r.shop.to_string()),
        SlipLine::Center(w(lang, W::ResultTitle).to_string()),
        SlipLine::Center(r.name.to_string()),
        SlipLine::Center(window(r.from, r.to, lang)),
        SlipLine::Rule,
        SlipLine::Pair(
            word(lang, Word::Entries).to_string(),
            plain(r.entries, lang),
        ),
        SlipLine::Pair(word(lang, Word::Tickets).to_string(), plain(r.total, lang)),
        SlipLine::Rule,
        SlipLine::Center(word(lang, Word::Winners).to_string()),
    ];
    for x in &r.winners {
        lines.push(SlipLine::Text(winner_line(x, lang)));
    }
    lines.push(SlipLine::Rule);
    for (label, h) in [
        (Word::Commitment, r.commitment),
        (Word::Seed, r.seed),
        (Word::ListHash, r.list_hash),
    ] {
        lines.push(SlipLine::Text(word(lang, label).to_string()));
        hash_lines(h, &mut lines);
    }
    lines.push(SlipLine::Gap);
    Slip {
        rtl: lang == Lang::Fa,
        lines,
    }
}

/// A scale's or a choice's key as the window shows it (Persian digits in Persian).
pub fn key(n: usize, lang: Lang) -> String {
    digits(&n.to_string(), lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receipt::plain as slip_text;

    #[test]
    fn the_result_slip_has_the_winners_and_the_published_values_in_both_languages() {
        let seed = "ab".repeat(32);
        let r = DrawResult {
            shop: "Golestan",
            name: "Yalda",
            from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            to: NaiveDate::from_ymd_opt(2026, 12, 20).unwrap_or_default(),
            entries: 3,
            total: 12,
            commitment: &"cd".repeat(32),
            seed: &seed,
            list_hash: &"ef".repeat(32),
            winners: vec![WinnerLine {
                prize: 1,
                who: "Sara (M1)".into(),
                tickets: 7,
            }],
        };
        let en = slip_text(&draw_slip(&r, Lang::En));
        assert!(en.contains("Prize 1: Sara (M1) — 7 Tickets"), "{en}");
        assert!(
            en.contains(&"ab".repeat(16)),
            "the seed in lines of 32: {en}"
        );
        assert!(en.contains("Entries: 3"), "{en}");
        let fa = slip_text(&draw_slip(&r, Lang::Fa));
        assert!(fa.contains("جایزه ۱: Sara (M1) — ۷ بلیت"), "{fa}");
        assert!(fa.contains("۱۴۰۵"), "a Jalali window: {fa}");
        assert!(draw_slip(&r, Lang::Fa).rtl);
    }
}
