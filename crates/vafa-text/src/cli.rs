//! The command line's sentences (the till's `vafa`), as an exhaustive `match`: a line
//! without both translations does not compile. Field labels are still beside the output
//! code (`Lang::pick` in `src/cli/output.rs`).

use vafa_core::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    MemberEnrolled,
    OwesSpentTwice,
    NoMemberFound,
    Preview,
    SaleRecorded,
    NoOffers,
    NoReaders,
    SaleVoided,
    NotConnected,
    HeadOffice,
    WaitingToSend,
    LastSuccessfulSync,
    LastError,
    Refused,
    ReceivedNotApplied,
    OwedSpentTwice,
    RestoredFrom,
    PreviousKeptIn,
    LedgerSound,
    ChainIntact,
    ChainBroken,
    AdjustmentRecorded,
    BackupWrittenVerified,
    NoBackupDue,
    OldBackupRemoved,
    LastGoodBackup,
    NoBackupYet,
    BackupOld,
    LastBackupError,
    NoShopMakingDemo,
    ToStart,
    OccasionsImported,
    BackupWritten,
    MembersImported,
    NewPinSet,
    PosTokenOnce,
    PosTokenRevoked,
    PosListening,
    PosNoTokens,
}

/// The text of `s` in `lang`.
pub fn line(lang: Lang, s: Line) -> &'static str {
    use Lang::{En, Fa};
    match (s, lang) {
        (Line::MemberEnrolled, Fa) => "عضو ثبت شد.",
        (Line::MemberEnrolled, En) => "Member enrolled.",
        (Line::OwesSpentTwice, Fa) => "بدهی (خرج دوباره در دو شعبه، از اعتبار بعدی کم می‌شود)",
        (Line::OwesSpentTwice, En) => {
            "owes (spent twice at two branches; taken from future credit)"
        }
        (Line::NoMemberFound, Fa) => "عضوی پیدا نشد.",
        (Line::NoMemberFound, En) => "No member found.",
        (Line::Preview, Fa) => "پیش‌نمایش (ثبت نشد):",
        (Line::Preview, En) => "Preview (not recorded):",
        (Line::SaleRecorded, Fa) => "فروش ثبت شد:",
        (Line::SaleRecorded, En) => "Sale recorded:",
        (Line::NoOffers, Fa) => "پیشنهادی تعریف نشده است.",
        (Line::NoOffers, En) => "No offers defined.",
        (Line::NoReaders, Fa) => "هیچ کارت‌خوانی ذخیره نشده است.",
        (Line::NoReaders, En) => "No reader is saved.",
        (Line::SaleVoided, Fa) => "فروش ابطال شد:",
        (Line::SaleVoided, En) => "Sale voided:",
        (Line::NotConnected, Fa) => "به دفتر مرکزی وصل نیست.",
        (Line::NotConnected, En) => "Not connected to head office.",
        (Line::HeadOffice, Fa) => "دفتر مرکزی:",
        (Line::HeadOffice, En) => "Head office:",
        (Line::WaitingToSend, Fa) => "در انتظار ارسال:",
        (Line::WaitingToSend, En) => "Waiting to send:",
        (Line::LastSuccessfulSync, Fa) => "آخرین همگام‌سازی موفق:",
        (Line::LastSuccessfulSync, En) => "Last successful sync:",
        (Line::LastError, Fa) => "آخرین خطا:",
        (Line::LastError, En) => "Last error:",
        (Line::Refused, Fa) => "نپذیرفته:",
        (Line::Refused, En) => "Refused:",
        (Line::ReceivedNotApplied, Fa) => "رکوردهای دریافتی که اعمال نشد:",
        (Line::ReceivedNotApplied, En) => "Received records not applied here:",
        (Line::OwedSpentTwice, Fa) => "بدهی اعضا از خرج دوباره در دو شعبه:",
        (Line::OwedSpentTwice, En) => "Owed by members who spent twice at two branches:",
        (Line::RestoredFrom, Fa) => "بازگردانی شد از",
        (Line::RestoredFrom, En) => "Restored from",
        (Line::PreviousKeptIn, Fa) => "دادهٔ قبلی نگه داشته شد در",
        (Line::PreviousKeptIn, En) => "The previous data was kept in",
        (Line::LedgerSound, Fa) => "دفتر حساب سالم است: هر مانده برابر جمع ردیف‌هایش است.",
        (Line::LedgerSound, En) => {
            "The ledger is sound: every balance equals the sum of its entries."
        }
        (Line::ChainIntact, Fa) => "رویداد؛ زنجیرهٔ هش سالم است.",
        (Line::ChainIntact, En) => "records; the hash chain is intact.",
        (Line::ChainBroken, Fa) => "زنجیره شکسته است:",
        (Line::ChainBroken, En) => "The chain is broken:",
        (Line::AdjustmentRecorded, Fa) => "اصلاح دستی ثبت شد:",
        (Line::AdjustmentRecorded, En) => "Adjustment recorded:",
        (Line::BackupWrittenVerified, Fa) => "پشتیبان نوشته و بررسی شد:",
        (Line::BackupWrittenVerified, En) => "Backup written and verified:",
        (Line::NoBackupDue, Fa) => "پشتیبان تازه لازم نبود.",
        (Line::NoBackupDue, En) => "No backup was due.",
        (Line::OldBackupRemoved, Fa) => "پشتیبان قدیمی پاک شد:",
        (Line::OldBackupRemoved, En) => "Old backup removed:",
        (Line::LastGoodBackup, Fa) => "آخرین پشتیبان سالم:",
        (Line::LastGoodBackup, En) => "Last good backup:",
        (Line::NoBackupYet, Fa) => "هنوز پشتیبانی گرفته نشده است.",
        (Line::NoBackupYet, En) => "No backup has been taken yet.",
        (Line::BackupOld, Fa) => " ⚠ پشتیبان قدیمی است: «vafa backup --auto» را اجرا کنید.",
        (Line::BackupOld, En) => " ⚠ The backup is old: run \"vafa backup --auto\".",
        (Line::LastBackupError, Fa) => "آخرین خطای پشتیبان:",
        (Line::LastBackupError, En) => "Last backup error:",
        (Line::NoShopMakingDemo, Fa) => "دادهٔ فروشگاهی نیست؛ فروشگاه نمونه ساخته می‌شود در",
        (Line::NoShopMakingDemo, En) => "No shop yet; creating the demo shop in",
        (Line::ToStart, Fa) => "برای شروع:",
        (Line::ToStart, En) => "To start:",
        (Line::OccasionsImported, Fa) => "مناسبت ثبت شد",
        (Line::OccasionsImported, En) => "occasions imported",
        (Line::BackupWritten, Fa) => "پشتیبان نوشته و بررسی شد",
        (Line::BackupWritten, En) => "Backup written and verified",
        (Line::MembersImported, Fa) => "عضو وارد شد",
        (Line::MembersImported, En) => "members imported",
        (Line::NewPinSet, Fa) => "رمز تازه ثبت شد",
        (Line::NewPinSet, En) => "New PIN set",
        (Line::PosTokenOnce, Fa) => {
            "این توکن را در برنامهٔ صندوق بگذارید؛ فقط همین یک بار نشان داده می‌شود:"
        }
        (Line::PosTokenOnce, En) => {
            "Set this token in the cash-register program; it is shown only this once:"
        }
        (Line::PosTokenRevoked, Fa) => "توکن صندوق باطل شد:",
        (Line::PosTokenRevoked, En) => "POS token revoked:",
        (Line::PosListening, Fa) => "رابط صندوق آماده است روی",
        (Line::PosListening, En) => "The POS API is listening on",
        (Line::PosNoTokens, Fa) => "هنوز توکن صندوقی ساخته نشده است («vafa pos token»).",
        (Line::PosNoTokens, En) => "No POS token yet (\"vafa pos token\").",
    }
}

/// What a connector's poll or a dropped file did (`vafa pos holoo`, `vafa pos watch`).
pub fn pos_import(
    lang: Lang,
    recorded: usize,
    again: usize,
    no_customer: usize,
    refused: usize,
) -> String {
    let n = |v: usize| crate::format::num(v as i64, lang);
    match lang {
        Lang::Fa => format!(
            "{} فروش ثبت شد، {} پیش‌تر ثبت شده بود، {} بی‌مشتری، {} پذیرفته نشد",
            n(recorded),
            n(again),
            n(no_customer),
            n(refused)
        ),
        Lang::En => format!(
            "{} sales recorded, {} recorded before, {} without a member, {} refused",
            n(recorded),
            n(again),
            n(no_customer),
            n(refused)
        ),
    }
}
