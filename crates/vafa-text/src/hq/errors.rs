//! What head office's errors and refusals say. Exhaustive: a new cause without both
//! sentences does not compile.

use vafa_core::digits::to_persian_digits;
use vafa_core::hq::{HeadOfficeOnly, HqError, Refusal};
use vafa_core::lang::Lang;
use vafa_core::protocol::PROTOCOL;

use crate::Say;

/// A small whole number (a version, a count) in the language's digits, ungrouped.
fn n(v: impl std::fmt::Display, l: Lang) -> String {
    match l {
        Lang::Fa => to_persian_digits(&v.to_string()),
        Lang::En => v.to_string(),
    }
}

impl Say for HqError {
    /// The whole account, detail included: for `vafa-hq` on the command line and for
    /// head office's log. A till is told [`to_client`].
    fn say(&self, l: Lang) -> String {
        let fa = l == Lang::Fa;
        match self {
            HqError::InvalidBranch { branch } => {
                if fa {
                    format!(
                        "کد شعبه «{branch}» درست نیست: فقط حروف و رقم‌های لاتین، - یا _ (حداکثر ۳۲)"
                    )
                } else {
                    format!("branch code {branch:?}: use letters, digits, - or _ (at most 32)")
                }
            }
            HqError::InvalidTerminalName => l
                .pick(
                    "نام صندوق باید ۱ تا ۱۰۰ نویسه باشد",
                    "the terminal name must be 1 to 100 characters",
                )
                .into(),
            HqError::UnknownBranch { code } => {
                if fa {
                    format!("شعبه‌ی «{code}» در دفتر مرکزی نیست")
                } else {
                    format!("head office has no branch {code:?}")
                }
            }
            HqError::InvalidOwner => l
                .pick(
                    "کد شعبه و نام مالک را بدهید",
                    "give a branch code and an owner name",
                )
                .into(),
            HqError::UnknownTerminal { id } => {
                if fa {
                    format!("صندوق فعالی با شناسه‌ی {id} نیست")
                } else {
                    format!("no active terminal {id}")
                }
            }
            HqError::Unauthorised => l
                .pick(
                    "رمز این صندوق ناشناخته است یا باطل شده: از دفتر مرکزی رمز تازه بگیرید",
                    "unknown or revoked terminal token: ask head office for a new one",
                )
                .into(),
            HqError::ProtocolVersion { theirs, pulling } => {
                let (ours, theirs) = (n(PROTOCOL, l), n(theirs, l));
                match (fa, pulling) {
                    (true, _) => format!(
                        "دفتر مرکزی پروتکل نسخه‌ی {ours} را می‌فهمد و صندوق نسخه‌ی {theirs} را به کار می‌برد: صندوق یا دفتر مرکزی را به‌روز کنید"
                    ),
                    (false, false) => format!(
                        "this head office speaks protocol {ours}, the till sent {theirs}: update the till or head office"
                    ),
                    (false, true) => format!(
                        "this head office speaks protocol {ours}, the till asked for {theirs}"
                    ),
                }
            }
            HqError::BatchTooLarge { max } => {
                if fa {
                    format!("هر بار حداکثر {} رکورد فرستاده می‌شود", n(max, l))
                } else {
                    format!("at most {max} records per push")
                }
            }
            HqError::TooLarge { detail, max } => {
                if fa {
                    format!(
                        "بسته‌ی فرستاده‌شده بیش از اندازه بزرگ است (حداکثر {} بایت): {detail}",
                        n(max, l)
                    )
                } else {
                    format!("{detail} (at most {max} bytes per request)")
                }
            }
            HqError::UnreadableBody { detail, max } => {
                if fa {
                    format!("درخواست خوانده نشد (حداکثر {} بایت): {detail}", n(max, l))
                } else {
                    format!("{detail} (at most {max} bytes per request)")
                }
            }
            HqError::Malformed { detail } => {
                if fa {
                    format!(
                        "داده‌ی فرستاده‌شده JSON درست پروتکل {} نیست: {detail}",
                        n(PROTOCOL, l)
                    )
                } else {
                    format!("the push is not valid protocol-{PROTOCOL} JSON: {detail}")
                }
            }
            HqError::BadQuery { detail } => {
                if fa {
                    format!("پرسش درخواست درست نیست: {detail}")
                } else {
                    detail.clone()
                }
            }
            HqError::BadLimit { limit, max } => {
                if fa {
                    format!("limit باید ۱ تا {} باشد، نه {}", n(max, l), n(limit, l))
                } else {
                    format!("limit must be 1 to {max}, not {limit}")
                }
            }
            HqError::BadSequence => l
                .pick(
                    "رکوردها باید به ترتیب شماره‌ی صعودی، از ۱، بیایند",
                    "records must come in increasing sequence order, from 1",
                )
                .into(),
            HqError::UnknownMember { id } => {
                if fa {
                    format!("عضوی با شناسه‌ی {id} در دفتر مرکزی نیست")
                } else {
                    format!("no member {id} at head office")
                }
            }
            HqError::NoSuchMember => l
                .pick(
                    "عضوی با این موبایل یا کارت در دفتر مرکزی نیست",
                    "no member with that mobile or card at head office",
                )
                .into(),
            HqError::MergeUnknown => l
                .pick(
                    "هر دو عضو باید در دفتر مرکزی باشند و پیش‌تر ادغام نشده باشند",
                    "both members must exist at head office and not be merged already",
                )
                .into(),
            HqError::MergeSelf => l
                .pick(
                    "‎--keep و ‎--from باید دو عضو متفاوت باشند",
                    "--keep and --from must be two members",
                )
                .into(),
            HqError::MobileOrCard => l
                .pick("‎--mobile یا ‎--card را بدهید", "give --mobile or --card")
                .into(),
            HqError::UnknownConflict { id } => {
                if fa {
                    format!(
                        "تغییر موبایلی با شماره‌ی {} در انتظار تصمیم نیست (vafa-hq conflicts)",
                        n(id, l)
                    )
                } else {
                    format!("no held mobile change {id} is waiting (vafa-hq conflicts)")
                }
            }
            HqError::UnknownCard { number } => {
                if fa {
                    format!("کارت {number} در دفتر مرکزی نیست")
                } else {
                    format!("no card {number} at head office")
                }
            }
            HqError::InvalidMobile { text } => {
                if fa {
                    format!("«{text}» شماره‌ی موبایل نیست")
                } else {
                    format!("{text} is not a mobile number")
                }
            }
            HqError::InvalidDate { field, text } => {
                if fa {
                    format!("{field}: «{text}» تاریخ نیست (مانند 1405-09-01 یا 2026-11-22)")
                } else {
                    format!("{field}: {text} is not a date (2026-11-22 or 1405-09-01)")
                }
            }
            HqError::DatesReversed => l
                .pick("تاریخ ‎--to پیش از ‎--from است", "--to is before --from")
                .into(),
            HqError::OfferFile(e) | HqError::ConfigFile(e) => e.say(l),
            HqError::Io { path, detail } => {
                if fa {
                    format!("پرونده‌ی {path} خوانده نشد: {detail}")
                } else {
                    format!("cannot read {path}: {detail}")
                }
            }
            HqError::Tls { what, detail } => {
                if fa {
                    format!("گواهی یا کلید TLS خوانده نشد ({what}): {detail}")
                } else {
                    format!("{what}: {detail}")
                }
            }
            HqError::AuditBroken { breaks } => {
                if fa {
                    format!(
                        "دفتر رویدادهای صندوق بازنویسی شده است: {} ناپیوستگی با آنچه صندوق پیش‌تر گزارش داده بود",
                        n(breaks, l)
                    )
                } else {
                    format!(
                        "a till's audit trail was rewritten: {breaks} break(s) with what it reported before"
                    )
                }
            }
            HqError::SchemaTooNew { found, known } => {
                if fa {
                    format!(
                        "پایگاه داده‌ی دفتر مرکزی با نسخه‌ی تازه‌تری از vafa-hq نوشته شده است (طرح {}؛ این نسخه تا {} را می‌شناسد)",
                        n(found, l),
                        n(known, l)
                    )
                } else {
                    format!(
                        "head office storage: the database is at head-office schema {found}; this vafa-hq knows up to {known}"
                    )
                }
            }
            HqError::Storage { detail } => {
                if fa {
                    format!("پایگاه داده‌ی دفتر مرکزی در دسترس نیست یا خطا داد: {detail}")
                } else {
                    format!("head office storage: {detail}")
                }
            }
            HqError::Internal { detail } => {
                if fa {
                    format!("خطای داخلی در دفتر مرکزی: {detail}")
                } else {
                    format!("head office failed inside: {detail}")
                }
            }
            HqError::Listen { addr, detail } => {
                if fa {
                    format!("دفتر مرکزی نتوانست روی {addr} راه بیفتد: {detail}")
                } else {
                    format!("cannot listen on {addr}: {detail}")
                }
            }
            HqError::Runtime { detail } => {
                if fa {
                    format!("دفتر مرکزی نتوانست راه بیفتد: {detail}")
                } else {
                    format!("head office's server could not start: {detail}")
                }
            }
            HqError::Serve { detail } => {
                if fa {
                    format!("دفتر مرکزی با خطا ایستاد: {detail}")
                } else {
                    format!("head office's server stopped: {detail}")
                }
            }
            HqError::Busy { retry_after } => {
                if fa {
                    format!(
                        "دفتر مرکزی اکنون سرش شلوغ است و چیزی از این درخواست ذخیره نشد؛ {} ثانیه‌ی دیگر دوباره تلاش کنید",
                        n(retry_after, l)
                    )
                } else {
                    format!(
                        "head office is busy and stored nothing of this request; try again in {retry_after} seconds"
                    )
                }
            }
        }
    }
}

/// What a till is told (`error.message` on the wire): what [`Say`] says, except for a
/// fault inside head office, whose detail (a database's own words, paths, queries) stays
/// in head office's log.
pub fn to_client(e: &HqError, l: Lang) -> String {
    if !e.is_internal() {
        return e.say(l);
    }
    l.pick(
        "دفتر مرکزی اکنون نمی‌تواند درخواست را انجام دهد و چیزی ذخیره نشد؛ بعداً دوباره تلاش کنید",
        "head office cannot complete the request now and stored nothing of it; try again later",
    )
    .into()
}

impl Say for Refusal {
    fn say(&self, l: Lang) -> String {
        let fa = l == Lang::Fa;
        match self {
            Refusal::UnknownKind { kind } => {
                if fa {
                    format!("دفتر مرکزی رکورد از نوع «{kind}» را از صندوق نمی‌پذیرد")
                } else {
                    format!("unknown record kind {kind:?}")
                }
            }
            Refusal::BadRecordId => l
                .pick(
                    "شناسه‌ی رکورد باید ۱ تا ۲۰۰ نویسه باشد",
                    "record_id must be 1 to 200 characters",
                )
                .into(),
            Refusal::BadCreatedAt { text } => {
                if fa {
                    format!("زمان ساخت رکورد ({text:?}) زمان RFC 3339 نیست")
                } else {
                    format!("created_at {text:?} is not an RFC 3339 time")
                }
            }
            Refusal::OutOfSequence { seq, after } => {
                if fa {
                    format!(
                        "شماره‌ی رکورد {} باید بیش از {} باشد (شماره‌ها در هر بسته صعودی و از ۱ اند)",
                        n(seq, l),
                        n(after, l)
                    )
                } else {
                    format!("seq {seq} must be above {after} (numbers rise within a push, from 1)")
                }
            }
            Refusal::Unreadable { kind, detail } => {
                if fa {
                    format!("رکورد {kind} خوانده نشد: {detail}")
                } else {
                    format!("{kind}: {detail}")
                }
            }
            Refusal::SaleIdMismatch => l
                .pick(
                    "شناسه‌ی فروش با شناسه‌ی رکورد یکی نیست",
                    "the sale's id differs from record_id",
                )
                .into(),
            Refusal::WrongBranch { terminal, record } => {
                if fa {
                    format!(
                        "این صندوق از شعبه‌ی {terminal} است و نمی‌تواند رکوردهای شعبه‌ی {record} را بنویسد"
                    )
                } else {
                    format!(
                        "this terminal belongs to branch {terminal} and may not write branch {record}'s records"
                    )
                }
            }
            Refusal::HeadOfficeOnly { what } => {
                let (fa_what, en_what) = match what {
                    HeadOfficeOnly::CardDecision => ("تصمیم درباره‌ی صاحب کارت", "a card decision"),
                    HeadOfficeOnly::Merge => ("یکی کردن دو عضو", "a merge of members"),
                    HeadOfficeOnly::Recovery => ("برداشت بدهی اعتبار", "an overdraft recovery"),
                };
                if fa {
                    format!("{fa_what} فقط کار دفتر مرکزی است، نه صندوق")
                } else {
                    format!("{en_what} is head office's alone to write, not a terminal's")
                }
            }
            Refusal::EntryOutOfPlace {
                entry,
                kind,
                record,
            } => {
                let kind = kind.as_str();
                if fa {
                    format!("ردیف دفتر {entry} از نوع {kind} در رکورد {record} جایی ندارد")
                } else {
                    format!("ledger entry {entry} of kind {kind} has no place in a {record} record")
                }
            }
            Refusal::BadAmount { amount } => {
                if fa {
                    format!(
                        "مبلغ {} برای این ردیف ممکن نیست (صفر، با علامت نادرست، یا بیش از اندازه)",
                        n(amount, l)
                    )
                } else {
                    format!(
                        "amount {amount} is not possible here (zero, of the wrong sign, or too large)"
                    )
                }
            }
            Refusal::UnknownMember { id } => {
                if fa {
                    format!("عضو {id} در دفتر مرکزی نیست")
                } else {
                    format!("member {id} is not known at head office")
                }
            }
            Refusal::UnknownLot { lot } => {
                if fa {
                    format!("بسته‌ی اعتبار {lot} در دفتر مرکزی نیست")
                } else {
                    format!("lot {lot} is not known at head office")
                }
            }
            Refusal::UnknownSale { id } => {
                if fa {
                    format!("فروش {id} در دفتر مرکزی نیست")
                } else {
                    format!("sale {id} is not known at head office")
                }
            }
            Refusal::LotMismatch { lot } => {
                if fa {
                    format!(
                        "بسته‌ی اعتبار {lot} از آن این عضو و این حساب نیست یا هرگز این‌قدر نداشته است"
                    )
                } else {
                    format!("lot {lot} is another member's or account's, or never held that much")
                }
            }
            Refusal::NotYourMember { id, branch } => {
                if fa {
                    format!("عضو {id} عضو شعبه‌ی {branch} است و این کار فقط با آن شعبه است")
                } else {
                    format!(
                        "member {id} is enrolled at branch {branch}: only that branch may do this"
                    )
                }
            }
            Refusal::SaleMismatch { id } => {
                if fa {
                    format!("ردیف‌های دفتر فروش {id} با خود فروش نمی‌خواند")
                } else {
                    format!("the ledger entries of sale {id} do not match the sale")
                }
            }
            Refusal::AlreadyVoided { id } => {
                if fa {
                    format!("فروش {id} پیش‌تر باطل شده است")
                } else {
                    format!("sale {id} is voided already")
                }
            }
            Refusal::FutureTime { at } => {
                if fa {
                    format!("زمان {at} از ساعت دفتر مرکزی جلوتر است؛ ساعت صندوق را درست کنید")
                } else {
                    format!("time {at} is ahead of head office's clock: set the till's clock")
                }
            }
            Refusal::NotExpired { lot } => {
                if fa {
                    format!("بسته‌ی اعتبار {lot} هنوز منقضی نشده است")
                } else {
                    format!("lot {lot} has not expired")
                }
            }
            Refusal::MissingReason => l
                .pick(
                    "اصلاح موجودی بدون دلیل پذیرفته نمی‌شود",
                    "an adjustment needs its reason",
                )
                .into(),
            Refusal::MobileChangeHeld { id } => {
                if fa {
                    format!(
                        "عضو {id} در شعبه‌ی دیگری ثبت شده است: تغییر موبایلش تا تصمیم دفتر مرکزی نگه داشته شد"
                    )
                } else {
                    format!(
                        "member {id} is enrolled at another branch: the mobile change is held for head office to decide"
                    )
                }
            }
            Refusal::BadText { field, max } => {
                if fa {
                    format!(
                        "{field} نویسه‌ی کنترلی یا تغییر جهت متن دارد یا بیش از {} نویسه است",
                        n(max, l)
                    )
                } else {
                    format!(
                        "{field} has a control or text-direction override character, or is over {max} characters"
                    )
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_till_is_not_told_what_the_database_said() {
        let e = HqError::storage("disk I/O error at /var/lib/vafa-hq/hq.db");
        assert!(e.say(Lang::En).contains("disk I/O error"));
        for l in [Lang::En, Lang::Fa] {
            assert!(!to_client(&e, l).contains("disk"), "{}", to_client(&e, l));
        }
        assert_eq!(
            to_client(&HqError::NoSuchMember, Lang::En),
            HqError::NoSuchMember.say(Lang::En)
        );
    }

    #[test]
    fn persian_figures_are_persian() {
        let e = HqError::BatchTooLarge { max: 1000 };
        assert!(e.say(Lang::Fa).contains("۱۰۰۰"), "{}", e.say(Lang::Fa));
        assert_eq!(e.say(Lang::En), "at most 1000 records per push");
    }
}
