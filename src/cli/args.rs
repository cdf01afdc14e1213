//! How the command line reads what was typed after its flags, with the core's parsers, and
//! how it names an input in an error: by its flag.

use vafa_core::calendar::{DateError, GivenDate, parse_date};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::money::{AmountError, Rials, parse_rials};
use vafa_core::phone::{Mobile, parse_mobile};

/// The flag (or argument) an input is given with.
pub(crate) fn flag(field: Field) -> String {
    match field {
        Field::Amount => "--amount",
        Field::Redeem => "--redeem",
        Field::At => "--at",
        Field::SaleId => "--id",
        Field::Customer => "--card | --mobile | --member | --guest",
        Field::Card => "--card",
        Field::Mobile => "--mobile",
        Field::FirstName => "--first",
        Field::LastName => "--last",
        Field::BirthDate => "--birth",
        Field::Anniversary => "--anniversary",
        Field::Gender => "--gender",
        Field::Referrer => "--referrer",
        Field::CustomField => "--field",
        Field::Search => "TEXT",
        Field::ShopName => "--shop",
        Field::BranchCode => "--branch",
        Field::BranchName => "--branch-name",
        Field::Unit => "--unit",
        Field::Lang => "--lang",
        Field::HqUrl => "--url",
        Field::HqCa => "--ca",
        Field::StaffName => "NAME",
        Field::Role => "--role",
        Field::Reason => "--reason",
        Field::Credit => "--credit",
        Field::Points => "--points",
        Field::Adjustment => "--credit | --points",
        Field::Since => "--since",
        Field::Export => "export",
        Field::Reader => "reader",
        Field::Offer => "offer",
        Field::WindowFrom => "--from",
        Field::WindowTo => "--to",
        Field::Within => "--within",
        Field::OutFile => "--out",
        Field::Day => "--date",
        Field::Paper => "--width",
        Field::ClubId => "ID",
        Field::LotteryName => "--name",
        Field::Per => "--per",
        Field::MinVisits => "--min-visits",
        Field::Tiers => "--tiers",
        Field::Winners => "--winners",
        Field::Limit => "--limit",
        Field::Note => "--note",
        Field::Sms => "--sms",
        Field::Gift => "--gift",
        Field::Expires => "--expires",
        Field::CardKind => "--kind",
        Field::Segment => "--segment",
        Field::Template => "--template",
        Field::Budget => "--budget",
    }
    .to_string()
}

/// An amount of rials as typed (`۵۰٬۰۰۰`, `50,000`): above zero.
pub(crate) fn rials(field: Field, text: &str) -> Result<Rials> {
    parse_rials(text).map_err(|error| Error::InvalidAmount {
        field,
        value: text.into(),
        error,
    })
}

/// An amount that must be given.
pub(crate) fn required_rials(field: Field, text: Option<&str>) -> Result<Rials> {
    match text {
        Some(t) => rials(field, t),
        None => Err(Error::InvalidAmount {
            field,
            value: String::new(),
            error: AmountError::Empty,
        }),
    }
}

/// A signed amount as typed (`-50000`, `۵۰٬۰۰۰`, `+1000`).
pub(crate) fn signed_rials(field: Field, text: &str) -> Result<i64> {
    let t = text.trim();
    let (neg, rest) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = parse_rials(rest).map_err(|error| Error::InvalidAmount {
        field,
        value: text.into(),
        error,
    })?;
    Ok(if neg { -v } else { v })
}

pub(crate) fn mobile(text: &str) -> Result<Mobile> {
    parse_mobile(text).ok_or_else(|| Error::InvalidMobile { value: text.into() })
}

/// A day, ISO or Jalali.
pub(crate) fn date(field: Field, text: &str) -> Result<GivenDate> {
    parse_date(text).map_err(|error| Error::InvalidDate {
        field,
        value: text.into(),
        error,
    })
}

/// A time, RFC 3339.
pub(crate) fn time(field: Field, text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>> {
    vafa_core::calendar::parse_time(text).ok_or_else(|| Error::InvalidDate {
        field,
        value: text.into(),
        error: DateError::Format,
    })
}

/// One of a few words.
pub(crate) fn choice<T>(field: Field, text: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(text).ok_or_else(|| Error::Invalid {
        field,
        value: text.into(),
        why: Why::UnknownChoice,
    })
}

/// An input that must be given and was not.
pub(crate) fn missing(field: Field) -> Error {
    Error::Invalid {
        field,
        value: String::new(),
        why: Why::Empty,
    }
}
