//! Every error a person can meet, said in each language: a Persian shop's in Persian with
//! Persian digits, an English shop's in English. The samples hold one of every variant
//! (and of every inner reason); `variant` is an exhaustive `match`, so a new variant does
//! not compile until it has a number here, and the test fails until it has a sample.
//!
//! What is checked is vafa's own words: the values an error carries from outside (what a
//! person typed, a path, the operating system's or head office's message, a command to
//! type, which the Persian texts quote in «») are given here in Persian or quoted, and are
//! taken out before the check.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use vafa_core::calendar::DateError;
use vafa_core::config::Fault;
use vafa_core::error::{Error, Field, OfflineWhy, RowError, Why};
use vafa_core::lang::Lang;
use vafa_core::money::AmountError;
use vafa_core::offer::OfferFault;
use vafa_core::sale::{ItemError, SaleError};
use vafa_core::sms_template::TemplateError;
use vafa_core::staff::{Action, Break, PinError, Role};
use vafa_text::Say;

/// Each variant's number (exhaustive: a new variant needs one).
fn variant(e: &Error) -> usize {
    match e {
        Error::NotInitialised { .. } => 0,
        Error::AlreadyInitialised { .. } => 1,
        Error::DatabaseUnreadable { .. } => 2,
        Error::NotVafaDatabase { .. } => 3,
        Error::DatabaseTooNew { .. } => 4,
        Error::Storage { .. } => 5,
        Error::Io { .. } => 6,
        Error::Invalid { .. } => 7,
        Error::InvalidMobile { .. } => 8,
        Error::InvalidDate { .. } => 9,
        Error::InvalidAmount { .. } => 10,
        Error::InvalidItem { .. } => 11,
        Error::DuplicateMobile { .. } => 12,
        Error::UnknownMember { .. } => 13,
        Error::UnknownCard { .. } => 14,
        Error::BlockedCard { .. } => 15,
        Error::CardTaken { .. } => 16,
        Error::UnknownSale { .. } => 17,
        Error::AlreadyVoided { .. } => 18,
        Error::VoidSpent { .. } => 19,
        Error::Sale(_) => 20,
        Error::Config { .. } => 21,
        Error::OfferFile { .. } => 22,
        Error::Reader { .. } => 23,
        Error::NotConnected => 24,
        Error::HqUnreachable { .. } => 25,
        Error::HqRefused { .. } => 26,
        Error::OfflineLimit { .. } => 27,
        Error::ImportRows { .. } => 28,
        Error::Forbidden { .. } => 29,
        Error::WrongPin { .. } => 30,
        Error::AccountLocked { .. } => 31,
        Error::AccountDisabled { .. } => 32,
        Error::UnknownStaff { .. } => 33,
        Error::StaffExists { .. } => 34,
        Error::InvalidPin { .. } => 35,
        Error::LastAdmin { .. } => 36,
        Error::RoleAboveOwn { .. } => 37,
        Error::AdjustOverBalance { .. } => 38,
        Error::BackupFolderMissing { .. } => 39,
        Error::AuditBroken { .. } => 40,
        Error::ReversedWindow { .. } => 41,
        Error::VoidElsewhere { .. } => 42,
        Error::OtherBranchMember { .. } => 43,
        Error::NoPrinter => 44,
        Error::Printer { .. } => 45,
        Error::Club(_) => 46,
        Error::Busy => 47,
        Error::SaleIdReused { .. } => 48,
        Error::Unauthorized => 49,
        Error::PeerRefused { .. } => 50,
        Error::MalformedRequest { .. } => 51,
        Error::RequestTooLarge { .. } => 52,
        Error::NoSuchEndpoint { .. } => 53,
        Error::UnknownPosToken { .. } => 54,
        Error::PosTokenExists { .. } => 55,
        Error::NotAttachable { .. } => 56,
        Error::Gift(_) => 57,
        Error::InvoiceUnreadable { .. } => 58,
        Error::SmsOff => 59,
        Error::CampaignOverBudget { .. } => 60,
    }
}

const VARIANTS: usize = 61;

/// `OfferFault`'s variants (exhaustive: a new one needs a file in `OFFER_FILES`).
fn offer_fault(f: &OfferFault) -> usize {
    match f {
        OfferFault::Syntax(_) => 0,
        OfferFault::BadId => 1,
        OfferFault::DuplicateId => 2,
        OfferFault::NotPercent(_) => 3,
        OfferFault::NotAmount(_) => 4,
        OfferFault::NotDate(_) => 5,
        OfferFault::NoSuchDay(_) => 6,
        OfferFault::ToBeforeFrom => 7,
        OfferFault::MaxAmountBelowMin => 8,
        OfferFault::MaxVisitsBelowMin => 9,
        OfferFault::AtLeastOne => 10,
        OfferFault::BadWeekday(_) => 11,
        OfferFault::BadHours(_) => 12,
        OfferFault::Over180Days => 13,
        OfferFault::NegativePoints => 14,
        OfferFault::MultiplierRange => 15,
        OfferFault::GivesNothing => 16,
        OfferFault::NeedsItems => 17,
        OfferFault::NeedsReferred => 18,
        OfferFault::ZeroLimit => 19,
        OfferFault::BadCardKind(_) => 20,
    }
}

const OFFER_FAULTS: usize = 21;

/// `config::Fault`'s variants (exhaustive: a new one needs a sample in `config_faults`).
fn config_fault(f: &Fault) -> usize {
    match f {
        Fault::Syntax(_) => 0,
        Fault::NotPercent(_) => 1,
        Fault::NotAmount(_) => 2,
        Fault::RoundTo => 3,
        Fault::LockMinutes => 4,
        Fault::NoSuchAction(_) => 5,
        Fault::KeepBackup => 6,
        Fault::BackupHours => 7,
        Fault::WindowDays => 8,
        Fault::TierName => 9,
        Fault::TierTwice(_) => 10,
        Fault::MinPoints => 11,
        Fault::UnknownColumn(_) => 12,
        Fault::RequiredColumn => 13,
        Fault::OccasionName => 14,
        Fault::OccasionDate { .. } => 15,
        Fault::OccasionJalali { .. } => 16,
        Fault::OccasionDateOrJalali(_) => 17,
        Fault::OccasionDays(_) => 18,
        Fault::Paper(_) => 19,
        Fault::ItemTwice(_) => 20,
        Fault::NoSuchCategory(_) => 21,
        Fault::PrinterTarget(_) => 22,
        Fault::ListenAddress(_) => 23,
        Fault::IpAddress(_) => 24,
        Fault::SmsProvider(_) => 25,
        Fault::QuietHours(_) => 26,
        Fault::SmsEvent(_) => 27,
        Fault::Blackout(_) => 28,
        Fault::MaxAttempts => 29,
        Fault::SmsTemplate(_) => 30,
    }
}

const CONFIG_FAULTS: usize = 31;

/// One of every way a configuration, occasions or members file is refused; the file's own
/// keys and names (which the Persian texts quote in «») are given as a person would write them.
fn config_faults() -> Vec<Fault> {
    let percent = rust_decimal::Decimal::new(1_255, 1);
    vec![
        Fault::Syntax(v()),
        Fault::NotPercent(percent),
        Fault::NotAmount(-1_250_000),
        Fault::RoundTo,
        Fault::LockMinutes,
        Fault::NoSuchAction(vec!["sell", "void"]),
        Fault::KeepBackup,
        Fault::BackupHours,
        Fault::WindowDays,
        Fault::TierName,
        Fault::TierTwice(v()),
        Fault::MinPoints,
        Fault::UnknownColumn(vec!["mobile", "first_name"]),
        Fault::RequiredColumn,
        Fault::OccasionName,
        Fault::OccasionDate {
            name: v(),
            value: v(),
        },
        Fault::OccasionJalali {
            name: v(),
            value: v(),
        },
        Fault::OccasionDateOrJalali(v()),
        Fault::OccasionDays(v()),
        Fault::Paper(60),
        Fault::ItemTwice(v()),
        Fault::NoSuchCategory(v()),
        Fault::PrinterTarget(v()),
        Fault::ListenAddress(v()),
        Fault::IpAddress(v()),
        Fault::SmsProvider(v()),
        Fault::QuietHours(v()),
        Fault::SmsEvent(v()),
        Fault::Blackout(v()),
        Fault::MaxAttempts,
        Fault::SmsTemplate(TemplateError::UnknownField {
            name: "bonus".into(),
            at: 12,
        }),
        Fault::SmsTemplate(TemplateError::Unclosed { at: 3 }),
        Fault::SmsTemplate(TemplateError::Unopened { at: 3 }),
        Fault::SmsTemplate(TemplateError::BadName {
            name: "Bonus".into(),
            at: 3,
        }),
        Fault::SmsTemplate(TemplateError::MissingValue {
            name: "date".into(),
        }),
    ]
}

/// One offer: `head` lines after its id, then `when` and `reward`.
fn offer(id: &str, head: &str, when: &str, reward: &str) -> String {
    format!("[[offer]]\nid = \"{id}\"\n{head}\n[offer.when]\n{when}\n[offer.reward]\n{reward}\n")
}

/// An offers file for each `OfferFault`.
static OFFER_FILES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let ok = "points = 10";
    vec![
        "[[offer]\nid = 1".to_string(),
        offer("a b", "", "", ok),
        format!("{}{}", offer("a", "", "", ok), offer("a", "", "", ok)),
        offer("a", "", "", "discount_percent = 150"),
        offer("a", "", "min_amount = -5", ok),
        offer("a", "valid_from = \"tomorrow\"", "", ok),
        offer("a", "valid_from = \"1404-12-30\"", "", ok),
        offer(
            "a",
            "valid_from = \"2026-11-22\"\nvalid_to = \"2026-11-01\"",
            "",
            ok,
        ),
        offer("a", "", "min_amount = 5000000\nmax_amount = 1000000", ok),
        offer("a", "", "min_visits = 5\nmax_visits = 2", ok),
        offer("a", "", "every_nth_visit = 0", ok),
        offer("a", "", "weekdays = [\"funday\"]", ok),
        offer("a", "", "card_kinds = [\"v ip\"]", ok),
        offer("a", "", "hours = \"lunch\"", ok),
        offer("a", "", "birthday_within_days = 365", ok),
        offer("a", "", "", "points = -3"),
        offer("a", "", "", "points_multiplier = 500"),
        offer("a", "", "", "scope = \"basket\""),
        offer("a", "", "", "free_item = true"),
        offer("a", "", "", "referrer_credit = 50000"),
        format!("{}[offer.limit]\nper_member = 0\n", offer("a", "", "", ok)),
    ]
});

/// A value from outside the error's text (typed, a path, a name, a code head office sent).
fn v() -> String {
    "«مقدار»".into()
}

/// One of every variant, every inner reason, with figures large enough to be grouped.
fn samples() -> Vec<Error> {
    let mut all = vec![
        Error::NotInitialised { dir: v() },
        Error::AlreadyInitialised { dir: v() },
        Error::DatabaseUnreadable {
            path: v(),
            detail: v(),
        },
        Error::NotVafaDatabase { path: v() },
        Error::DatabaseTooNew {
            found: 12,
            supported: 9,
        },
        Error::Storage { detail: v() },
        Error::Io {
            path: v(),
            detail: v(),
        },
        Error::InvalidMobile { value: v() },
        Error::DuplicateMobile {
            mobile: v(),
            member: v(),
        },
        Error::UnknownMember { key: v() },
        Error::UnknownCard { card: v() },
        Error::BlockedCard {
            card: v(),
            reason: v(),
        },
        Error::CardTaken {
            card: v(),
            member: v(),
        },
        Error::UnknownSale { id: v() },
        Error::AlreadyVoided { id: v() },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::NotGuest,
        },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::Voided,
        },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::Elsewhere,
        },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::BelowMinimum { min: 0 },
        },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::BelowMinimum { min: 5_000_000 },
        },
        Error::NotAttachable {
            id: v(),
            why: vafa_core::error::Attach::Discounted,
        },
        Error::VoidElsewhere {
            id: v(),
            branch: v(),
        },
        Error::OtherBranchMember {
            id: v(),
            branch: v(),
        },
        Error::VoidSpent {
            id: v(),
            account: "credit",
            spent: 1_250_000,
        },
        Error::VoidSpent {
            id: v(),
            account: "points",
            spent: 1_250,
        },
        Error::Reader {
            code: "reader_gone",
            en: "The reader is gone.".into(),
            fa: "کارت‌خوان در دسترس نیست.".into(),
            shown: false,
        },
        Error::NotConnected,
        Error::NoPrinter,
        Error::Printer {
            target: v(),
            detail: v(),
        },
        Error::HqUnreachable {
            url: v(),
            detail: v(),
        },
        Error::HqRefused {
            status: 401,
            code: "bad_token".into(),
            message: v(),
        },
        Error::HqRefused {
            status: 500,
            code: v(),
            message: v(),
        },
        Error::ImportRows {
            imported: 1_200,
            bad: vec![
                (1_234, RowError::Unreadable(v())),
                (17, RowError::Refused(Error::InvalidMobile { value: v() })),
            ],
        },
        Error::WrongPin { left: Some(3) },
        Error::WrongPin { left: None },
        Error::AccountLocked {
            name: v(),
            until: "14:05".into(),
        },
        Error::AccountDisabled { name: v() },
        Error::UnknownStaff { name: v() },
        Error::StaffExists { name: v() },
        Error::LastAdmin { name: v() },
        Error::AdjustOverBalance {
            account: "credit",
            requested: 2_000_000,
            available: 1_500_000,
        },
        Error::AdjustOverBalance {
            account: "points",
            requested: 2_000,
            available: 1_500,
        },
        Error::BackupFolderMissing { folder: v() },
        Error::Busy,
        Error::SmsOff,
        Error::CampaignOverBudget {
            cost: Some(2_500_000),
            budget: 1_000_000,
        },
        Error::CampaignOverBudget {
            cost: None,
            budget: 1_000_000,
        },
        Error::SaleIdReused { id: v() },
        Error::Unauthorized,
        Error::PeerRefused { peer: v() },
        Error::MalformedRequest { detail: v() },
        Error::InvoiceUnreadable {
            invoice: v(),
            field: v(),
            value: v(),
        },
        Error::RequestTooLarge { limit: 65_536 },
        Error::NoSuchEndpoint { path: v() },
        Error::UnknownPosToken { name: v() },
        Error::PosTokenExists { name: v() },
    ];
    // Every way a configuration file is refused, at a line and for the whole file.
    for (i, reason) in config_faults().into_iter().enumerate() {
        let line = (i % 2 == 0).then_some(1_200 + i);
        all.push(Error::Config {
            line,
            key: v(),
            reason,
        });
    }
    // Every way an offers file is refused, from the parser itself.
    for (i, bad) in OFFER_FILES.iter().enumerate() {
        let e = vafa_core::offer::parse_offers(bad).expect_err(bad);
        all.push(Error::OfferFile {
            offer: e.offer,
            line: e.line.map(|l| l + 1_000 * i),
            field: e.field,
            reason: e.reason,
        });
    }
    for why in [
        Why::Empty,
        Why::TooLong,
        Why::BadChars,
        Why::UnknownChoice,
        Why::BadId,
    ] {
        all.push(Error::Invalid {
            field: Field::FirstName,
            value: v(),
            why,
        });
    }
    for error in [
        DateError::Format,
        DateError::NoSuchDay,
        DateError::NotLeapYear,
        DateError::InFuture,
        DateError::TooYoung,
    ] {
        all.push(Error::InvalidDate {
            field: Field::BirthDate,
            value: v(),
            error,
        });
    }
    for error in [
        AmountError::Empty,
        AmountError::NotANumber,
        AmountError::NotPositive,
        AmountError::TooLarge,
    ] {
        all.push(Error::InvalidAmount {
            field: Field::Amount,
            value: v(),
            error,
        });
    }
    let items = [
        ItemError::Shape,
        ItemError::EmptySku,
        ItemError::BadQuantity,
        ItemError::BadPrice,
        ItemError::NotWholeRials,
        ItemError::TooLarge,
    ];
    for error in items.clone() {
        all.push(Error::InvalidItem { value: v(), error });
    }
    all.extend(
        [
            SaleError::ItemsMismatch {
                items_total: 1_500_000,
                gross: 2_000_000,
            },
            SaleError::GuestCannotRedeem,
            SaleError::RedeemOverBalance {
                requested: 2_000_000,
                available: 1_500_000,
            },
            SaleError::RedeemOverLimit {
                requested: 2_000_000,
                limit: 1_500_000,
            },
        ]
        .into_iter()
        .chain(items.into_iter().map(SaleError::Item))
        .map(Error::Sale),
    );
    for why in [
        OfflineWhy::TooLong { hours: 72 },
        OfflineWhy::PerMember,
        OfflineWhy::Total,
        OfflineWhy::GiftPerCard,
        OfflineWhy::GiftTotal,
    ] {
        all.push(Error::OfflineLimit {
            why,
            allowed: 1_500_000,
        });
    }
    for action in Action::ALL {
        for role in Role::ALL {
            all.push(Error::Forbidden {
                who: v(),
                role,
                action,
                needed: Role::Admin,
            });
        }
    }
    for role in Role::ALL {
        all.push(Error::RoleAboveOwn { role });
    }
    for error in [PinError::Format, PinError::Guessable] {
        all.push(Error::InvalidPin { error });
    }
    for at in [
        Break::Edited { seq: 1_234 },
        Break::Missing {
            after: 1_234,
            next: 1_240,
        },
        Break::Relinked { seq: 1_234 },
        Break::Truncated {
            last: 1_234,
            head: 1_300,
        },
    ] {
        all.push(Error::AuditBroken { at });
    }
    let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    all.push(Error::ReversedWindow {
        from: day("2026-11-22"),
        to: day("2026-11-01"),
    });
    all.extend(club_samples());
    all.extend(gift_samples());
    all
}

/// One of each gift-card refusal (exhaustive by `GiftError`'s match below).
fn gift_samples() -> Vec<Error> {
    use vafa_core::gift::GiftError as G;
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let all = vec![
        G::UnknownGift { card: v() },
        G::CardInUse { card: v() },
        G::Blocked {
            card: v(),
            reason: v(),
        },
        G::Expired { card: v(), on },
        G::Empty { card: v() },
        G::OverBalance {
            card: v(),
            balance: 1_500_000,
        },
        G::OverDue {
            card: v(),
            due: 250_000,
        },
        G::BadAmount { amount: 0 },
        G::ExpiryInPast { on },
    ];
    for g in &all {
        match g {
            G::UnknownGift { .. }
            | G::CardInUse { .. }
            | G::Blocked { .. }
            | G::Expired { .. }
            | G::Empty { .. }
            | G::OverBalance { .. }
            | G::OverDue { .. }
            | G::BadAmount { .. }
            | G::ExpiryInPast { .. } => {}
        }
    }
    all.into_iter().map(Error::Gift).collect()
}

/// One of each lottery and survey refusal (exhaustive over `ClubError`'s inner reasons by
/// `ClubError::code` and the faults listed).
fn club_samples() -> Vec<Error> {
    use vafa_core::club::{AnswerFault as A, ClubError as C, SurveyFault as S};
    fn day(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }
    let id = || "«نوروز»".to_string();
    let q = || "«قیمت»".to_string();
    let mut all = vec![
        C::LotteryExists { id: id() },
        C::UnknownLottery { id: id() },
        C::ReversedWindow {
            from: day("2026-12-10"),
            to: day("2026-12-01"),
        },
        C::WindowInPast {
            to: day("2026-11-01"),
            today: day("2026-12-01"),
        },
        C::AlreadyDrawn { id: id() },
        C::NotDrawn { id: id() },
        C::WindowOpen {
            id: id(),
            to: day("2026-12-30"),
        },
        C::NoEntries { id: id() },
        C::UnknownTier {
            tier: "«طلایی»".into(),
        },
        C::UnknownSurvey { id: id() },
        C::AlreadyAnswered {
            survey: id(),
            member: "«م۱»".into(),
        },
    ];
    for what in ["commitment", "list_hash", "winners"] {
        all.push(C::DrawMismatch { id: id(), what });
    }
    for fault in [
        S::Unreadable {
            detail: "«خط ۳»".into(),
        },
        S::EmptyId,
        S::NoQuestions,
        S::EmptyQuestionId,
        S::DuplicateQuestion { question: q() },
        S::NoChoices { question: q() },
        S::DuplicateChoice {
            question: q(),
            choice: "«ارزان»".into(),
        },
        S::UnknownKind {
            question: q(),
            kind: "«متن»".into(),
        },
    ] {
        all.push(C::SurveyFile { fault });
    }
    for fault in [
        A::NotAPair {
            text: "«قیمت»".into(),
        },
        A::UnknownQuestion { question: q() },
        A::OutsideScale {
            question: q(),
            value: "«۹»".into(),
        },
        A::UnknownChoice {
            question: q(),
            value: "«ارزان»".into(),
        },
        A::Repeated { question: q() },
        A::NoAnswers,
    ] {
        all.push(C::Answer { fault });
    }
    all.into_iter().map(Error::Club).collect()
}

#[test]
fn the_samples_hold_every_variant() {
    let mut seen = [false; VARIANTS];
    for e in samples() {
        seen[variant(&e)] = true;
    }
    // And every way an offers file is refused.
    let mut faults = [false; OFFER_FAULTS];
    for f in OFFER_FILES.iter() {
        faults[offer_fault(&vafa_core::offer::parse_offers(f).expect_err(f).reason)] = true;
    }
    let missing: Vec<usize> = (0..OFFER_FAULTS).filter(|&i| !faults[i]).collect();
    assert!(
        missing.is_empty(),
        "offer faults without a file: {missing:?}"
    );
    let mut config = [false; CONFIG_FAULTS];
    for f in config_faults() {
        config[config_fault(&f)] = true;
    }
    let missing: Vec<usize> = (0..CONFIG_FAULTS).filter(|&i| !config[i]).collect();
    assert!(
        missing.is_empty(),
        "configuration faults without a sample: {missing:?}"
    );
    let missing: Vec<usize> = (0..VARIANTS).filter(|&i| !seen[i]).collect();
    assert!(missing.is_empty(), "variants without a sample: {missing:?}");
}

/// `text` without what «» quotes (values from outside, commands to type).
fn own_words(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '«' => depth += 1,
            '»' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_persian_shops_every_error_is_persian_with_persian_digits() {
    let mut bad = Vec::new();
    for e in samples() {
        let text = e.say(Lang::Fa);
        let own = own_words(&text);
        let latin_digit = own.chars().any(|c| c.is_ascii_digit());
        let latin_word = own
            .split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 2);
        let persian = own.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
        if latin_digit || latin_word || !persian {
            bad.push(format!("{}: {text}", e.code()));
        }
    }
    assert!(bad.is_empty(), "not all Persian:\n{}", bad.join("\n"));
}

#[test]
fn an_english_shops_every_error_is_english() {
    let mut bad = Vec::new();
    for e in samples() {
        let text = e.say(Lang::En);
        let own = own_words(&text);
        if own.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
            || !own.chars().any(|c| c.is_ascii_alphabetic())
        {
            bad.push(format!("{}: {text}", e.code()));
        }
    }
    assert!(bad.is_empty(), "not all English:\n{}", bad.join("\n"));
}
