//! What each error says, in the shop's language: what was wrong and what to do. The
//! `match`es are exhaustive: a new error without both translations does not compile.

use vafa_core::calendar::DateError;
use vafa_core::error::{Error, Field, OfflineWhy, RowError, Why};
use vafa_core::lang::Lang;
use vafa_core::money::AmountError;
use vafa_core::sale::{ItemError, SaleError};
use vafa_core::staff::PinError;

use crate::Say;
use crate::field::label;
use crate::format::{digits, num, plain};
use crate::hq::hq_code_fa;

impl Say for Error {
    /// What went wrong and what to do, in `lang`; a wrong input is named by its label in
    /// the till window (`field::label`).
    fn say(&self, lang: Lang) -> String {
        self.say_naming(lang, &|f| label(f, lang).to_string())
    }
}

/// What an error says with the wrong input named by the front that took it (the command
/// line names its flags).
pub trait SayNaming {
    fn say_naming(&self, lang: Lang, name: &dyn Fn(Field) -> String) -> String;
}

impl SayNaming for Error {
    fn say_naming(&self, lang: Lang, name: &dyn Fn(Field) -> String) -> String {
        let fa = lang == Lang::Fa;
        let money = |v: i64| num(v, lang);
        match self {
            Error::NotInitialised { dir } => {
                if fa {
                    format!(
                        "هنوز فروشگاهی در «{dir}» تعریف نشده است. ابتدا «vafa init --shop نام --branch کد» را اجرا کنید."
                    )
                } else {
                    format!(
                        "There is no shop in \"{dir}\" yet. Run \"vafa init --shop NAME --branch CODE\" first."
                    )
                }
            }
            Error::AlreadyInitialised { dir } => {
                if fa {
                    format!("در «{dir}» از قبل فروشگاهی هست؛ چیزی تغییر نکرد.")
                } else {
                    format!("\"{dir}\" already holds a shop; nothing was changed.")
                }
            }
            Error::DatabaseUnreadable { path, detail } => {
                if fa {
                    format!(
                        "پایگاه داده «{path}» باز نمی‌شود ({detail}). پرونده دست نخورده باقی ماند. آخرین پشتیبان را با «vafa restore پرونده» برگردانید یا با پشتیبانی تماس بگیرید."
                    )
                } else {
                    format!(
                        "The database \"{path}\" cannot be opened ({detail}). It has been left untouched. Restore your latest backup with \"vafa restore FILE\", or call support."
                    )
                }
            }
            Error::NotVafaDatabase { path } => {
                if fa {
                    format!("«{path}» پایگاه دادهٔ وفا نیست؛ چیزی تغییر نکرد.")
                } else {
                    format!("\"{path}\" is not a vafa database; nothing was changed.")
                }
            }
            Error::DatabaseTooNew { found, supported } => {
                if fa {
                    format!(
                        "این پایگاه داده را نسخهٔ جدیدتری از وفا نوشته است (نسخهٔ طرح {}؛ این برنامه تا {} را می‌شناسد). وفا را به‌روز کنید؛ پرونده دست نخورده باقی ماند.",
                        plain(found, lang),
                        plain(supported, lang)
                    )
                } else {
                    format!(
                        "This database was written by a newer vafa (schema {found}; this program knows up to {supported}). Update vafa; the file was left untouched."
                    )
                }
            }
            Error::Storage { detail } => {
                if fa {
                    format!(
                        "ذخیره نشد: خطای پایگاه داده ({detail}). هیچ چیز نیمه‌کاره ثبت نشد؛ دوباره تلاش کنید و اگر تکرار شد فضای دیسک را بررسی کنید."
                    )
                } else {
                    format!(
                        "Not saved: a database error ({detail}). Nothing was half-written; try again, and if it repeats check the disk space."
                    )
                }
            }
            Error::Io { path, detail } => {
                if fa {
                    format!("پروندهٔ «{path}» خوانده یا نوشته نشد: {detail}")
                } else {
                    format!("Could not read or write \"{path}\": {detail}")
                }
            }
            Error::Invalid { field, value, why } => {
                let field = name(*field);
                // What was refused may be what would act on the terminal.
                let value = crate::printable(value);
                let (w_fa, w_en) = match why {
                    Why::Empty => ("خالی است", "is empty"),
                    Why::TooLong => ("بیش از حد طولانی است", "is too long"),
                    Why::BadChars => (
                        "نویسه‌های نامجاز دارد",
                        "has characters that are not allowed",
                    ),
                    Why::UnknownChoice => {
                        ("از گزینه‌های مجاز نیست", "is not one of the allowed choices")
                    }
                    Why::BadId => ("شناسهٔ معتبری نیست", "is not a valid id"),
                };
                if fa {
                    format!("«{field}» {w_fa}: «{value}»")
                } else {
                    format!("{field} {w_en}: \"{value}\"")
                }
            }
            Error::InvalidMobile { value } => {
                if fa {
                    format!("«{value}» شمارهٔ همراه معتبری نیست؛ مانند ۰۹۱۲۱۲۳۴۵۶۷ وارد کنید.")
                } else {
                    format!("\"{value}\" is not a valid mobile number; type it like 09121234567.")
                }
            }
            Error::InvalidDate {
                field,
                value,
                error,
            } => {
                let field = name(*field);
                match (error, fa) {
                (DateError::Format, true) => format!(
                    "«{field}»: «{value}» تاریخ نیست؛ مانند ۱۴۰۵/۰۹/۰۱ یا ۲۰۲۶-۱۱-۲۲ وارد کنید."
                ),
                (DateError::Format, false) => format!(
                    "{field}: \"{value}\" is not a date; type it like 1405/09/01 or 2026-11-22."
                ),
                (DateError::NoSuchDay, true) => {
                    format!("«{field}»: روز «{value}» در تقویم وجود ندارد.")
                }
                (DateError::NoSuchDay, false) => {
                    format!("{field}: there is no such day as \"{value}\".")
                }
                (DateError::NotLeapYear, true) => format!(
                    "«{field}»: «{value}» نیست؛ آن سال کبیسه نیست (اسفند ۲۹ روز و فوریه ۲۸ روز دارد)."
                ),
                (DateError::NotLeapYear, false) => format!(
                    "{field}: there is no \"{value}\"; that year is not a leap year (Esfand has 29 days, February 28)."
                ),
                (DateError::InFuture, true) => {
                    format!("«{field}»: «{value}» هنوز نیامده است.")
                }
                (DateError::InFuture, false) => {
                    format!("{field}: \"{value}\" is in the future.")
                }
                (DateError::TooYoung, true) => format!(
                    "«{field}»: «{value}»؛ عضو باشگاه دست‌کم {} سال دارد. سال را وارسی کنید.",
                    crate::format::num(vafa_core::calendar::MIN_MEMBER_AGE.into(), Lang::Fa)
                ),
                (DateError::TooYoung, false) => format!(
                    "{field}: \"{value}\"; a club member is at least {} years old. Check the year.",
                    vafa_core::calendar::MIN_MEMBER_AGE
                ),
                }
            }
            Error::InvalidAmount {
                field,
                value,
                error,
            } => {
                let field = name(*field);
                match (error, fa) {
                (AmountError::Empty, true) => {
                    format!("«{field}» خالی است؛ مبلغ را به ریال وارد کنید.")
                }
                (AmountError::Empty, false) => {
                    format!("{field} is empty; enter an amount in rials.")
                }
                (AmountError::NotANumber, true) => format!(
                    "«{field}»: «{value}» عدد نیست؛ مبلغ را به ریال و بدون اعشار وارد کنید."
                ),
                (AmountError::NotANumber, false) => {
                    format!("{field}: \"{value}\" is not a number; enter whole rials.")
                }
                (AmountError::NotPositive, true) => {
                    format!("«{field}» باید بیشتر از صفر باشد (وارد شده: «{value}»).")
                }
                (AmountError::NotPositive, false) => {
                    format!("{field} must be more than zero (got \"{value}\").")
                }
                (AmountError::TooLarge, true) => {
                    format!("«{field}»: مبلغ «{value}» بیش از حد بزرگ است.")
                }
                (AmountError::TooLarge, false) => {
                    format!("{field}: \"{value}\" is far too large an amount.")
                }
                }
            }
            Error::InvalidItem { value, error } => {
                let (f, e) = match error {
                    ItemError::Shape => (
                        "باید به شکل کالا:تعداد:قیمت واحد[:گروه] باشد",
                        "must be SKU:QTY:UNIT_PRICE[:CATEGORY]",
                    ),
                    ItemError::EmptySku => ("کد کالا خالی است", "the SKU is empty"),
                    ItemError::BadQuantity => (
                        "تعداد باید عددی بیشتر از صفر باشد",
                        "the quantity must be a number above zero",
                    ),
                    ItemError::BadPrice => (
                        "قیمت واحد باید مبلغی بیشتر از صفر به ریال باشد",
                        "the unit price must be a whole number of rials above zero",
                    ),
                    ItemError::NotWholeRials => (
                        "تعداد × قیمت واحد به ریال درست نمی‌رسد",
                        "quantity × unit price is not a whole number of rials",
                    ),
                    ItemError::TooLarge => (
                        "مبلغ ردیف بیش از حد بزرگ است",
                        "the line total is far too large",
                    ),
                };
                if fa {
                    format!("ردیف کالا «{value}»: {f}.")
                } else {
                    format!("Item \"{value}\": {e}.")
                }
            }
            Error::DuplicateMobile { mobile, member } => {
                if fa {
                    format!(
                        "شمارهٔ {mobile} از قبل به نام «{member}» ثبت شده است؛ عضو تکراری ثبت نشد."
                    )
                } else {
                    format!(
                        "{mobile} already belongs to member \"{member}\"; no duplicate was enrolled."
                    )
                }
            }
            Error::UnknownMember { key } => {
                if fa {
                    format!("عضوی با «{key}» پیدا نشد.")
                } else {
                    format!("No member found for \"{key}\".")
                }
            }
            Error::UnknownCard { card } => {
                if fa {
                    format!("کارت «{card}» شناخته نیست؛ می‌توانید آن را به عضوی اختصاص دهید.")
                } else {
                    format!("Card \"{card}\" is not known; it can be assigned to a member.")
                }
            }
            Error::BlockedCard { card, reason } => {
                if fa {
                    format!(
                        "کارت «{card}» مسدود است ({reason}). از عضو بخواهید کارت جدیدش را نشان دهد یا با شمارهٔ همراه پیدایش کنید."
                    )
                } else {
                    format!(
                        "Card \"{card}\" is blocked ({reason}). Ask for the member's new card, or find them by mobile."
                    )
                }
            }
            Error::CardTaken { card, member } => {
                if fa {
                    format!("کارت «{card}» از قبل متعلق به «{member}» است.")
                } else {
                    format!("Card \"{card}\" already belongs to \"{member}\".")
                }
            }
            Error::UnknownSale { id } => {
                if fa {
                    format!("فروشی با شناسهٔ «{id}» پیدا نشد.")
                } else {
                    format!("No sale with id \"{id}\".")
                }
            }
            Error::NotAttachable { id, why } => {
                use vafa_core::error::Attach;
                let (fa_why, en_why) = match why {
                    Attach::NotGuest => (
                        "فروش یک عضو است، نه مهمان".to_string(),
                        "it is a member's sale, not a guest's".to_string(),
                    ),
                    Attach::Voided => (
                        "ابطال شده یا پیش‌تر به حساب عضو دیگری رفته است".to_string(),
                        "it was voided, or already counted for another member".to_string(),
                    ),
                    Attach::Elsewhere => (
                        "در شعبهٔ دیگری ثبت شده است".to_string(),
                        "it was made at another branch".to_string(),
                    ),
                    Attach::BelowMinimum { min: 0 } => (
                        "عضویت در این فروشگاه اختیاری است و خرید پیش از عضویت حساب نمی‌شود"
                            .to_string(),
                        "membership here is voluntary: a purchase before joining is not counted"
                            .to_string(),
                    ),
                    Attach::BelowMinimum { min } => (
                        format!("کمتر از حداقل خرید عضویت ({} ریال) است", money(*min)),
                        format!("it is under the purchase needed to join ({} rials)", money(*min)),
                    ),
                    Attach::Discounted => (
                        "تخفیف داشته است و مبلغ پرداخت‌شده با فروش عضو یکی نمی‌شود".to_string(),
                        "it had a discount, so what was paid would not match a member's sale"
                            .to_string(),
                    ),
                };
                if fa {
                    format!("فروش «{id}» به حساب عضو نمی‌رود: {fa_why}.")
                } else {
                    format!("Sale \"{id}\" cannot be counted for the member: {en_why}.")
                }
            }
            Error::AlreadyVoided { id } => {
                if fa {
                    format!("فروش «{id}» قبلاً ابطال شده است.")
                } else {
                    format!("Sale \"{id}\" has already been voided.")
                }
            }
            Error::OtherBranchMember { id, branch } => {
                if fa {
                    format!("عضو «{id}» در شعبه‌ی {branch} ثبت شده است: اصلاح موجودی یا موبایل او فقط با همان شعبه یا دفتر مرکزی است.")
                } else {
                    format!("Member \"{id}\" is enrolled at branch {branch}: only that branch or head office can adjust their balance or change their mobile.")
                }
            }
            Error::VoidElsewhere { id, branch } => {
                if fa {
                    format!("فروش «{id}» در شعبه‌ی {branch} ثبت شده است و فقط همان شعبه می‌تواند آن را ابطال کند.")
                } else {
                    format!("Sale \"{id}\" was made at branch {branch}: only that branch can void it.")
                }
            }
            Error::VoidSpent { id, account, spent } => {
                let what_fa = if *account == "points" {
                    "امتیاز"
                } else {
                    "اعتبار"
                };
                if fa {
                    format!(
                        "ابطال فروش «{id}» ممکن نیست: عضو {} از {what_fa} این فروش را خرج کرده است. ابتدا فروش بعدی را ابطال کنید یا اصلاح دستی ثبت کنید.",
                        money(*spent)
                    )
                } else {
                    format!(
                        "Sale \"{id}\" cannot be voided: the member has already spent {} of the {account} it earned. Void the later sale first, or record a manual adjustment.",
                        money(*spent)
                    )
                }
            }
            Error::Sale(SaleError::ItemsMismatch { items_total, gross }) => {
                if fa {
                    format!(
                        "جمع ردیف‌های کالا {} ریال است اما مبلغ {} ریال وارد شده است.",
                        money(*items_total),
                        money(*gross)
                    )
                } else {
                    format!(
                        "The items add up to {} rials but the amount is {} rials.",
                        money(*items_total),
                        money(*gross)
                    )
                }
            }
            Error::Sale(SaleError::GuestCannotRedeem) => lang
                .pick(
                    "مهمان اعتباری برای خرج کردن ندارد؛ ابتدا عضو را پیدا یا ثبت‌نام کنید.",
                    "A guest has no credit to spend; find or enrol the member first.",
                )
                .to_string(),
            Error::Sale(SaleError::RedeemOverBalance {
                requested,
                available,
            }) => {
                if fa {
                    format!(
                        "اعتبار عضو {} ریال است؛ نمی‌توان {} ریال از آن خرج کرد.",
                        money(*available),
                        money(*requested)
                    )
                } else {
                    format!(
                        "The member has {} rials of credit; {} rials cannot be spent.",
                        money(*available),
                        money(*requested)
                    )
                }
            }
            Error::Sale(SaleError::RedeemOverLimit { requested, limit }) => {
                if fa {
                    format!(
                        "در این خرید حداکثر {} ریال را می‌توان با اعتبار پرداخت ({} درخواست شد).",
                        money(*limit),
                        money(*requested)
                    )
                } else {
                    format!(
                        "At most {} rials of this basket may be paid with credit ({} asked).",
                        money(*limit),
                        money(*requested)
                    )
                }
            }
            Error::Sale(SaleError::Item(error)) => Error::InvalidItem {
                value: String::new(),
                error: error.clone(),
            }
            .say(lang),
            Error::Config { line, key, reason } => {
                let reason = crate::config::fault(reason, lang);
                let at = match (line, fa) {
                    (Some(l), true) => format!("سطر {}", plain(l, lang)),
                    (Some(l), false) => format!("line {l}"),
                    (None, true) => "پرونده".to_string(),
                    (None, false) => "the file".to_string(),
                };
                let key = if key.is_empty() {
                    String::new()
                } else {
                    format!(" ({key})")
                };
                if fa {
                    format!(
                        "پروندهٔ تنظیمات پذیرفته نشد، {at}{key}: {reason}. هیچ تنظیمی تغییر نکرد."
                    )
                } else {
                    format!(
                        "The configuration file was refused at {at}{key}: {reason}. No setting was changed."
                    )
                }
            }
            Error::OfferFile {
                offer,
                line,
                field,
                reason,
            } => {
                let at = match (line, fa) {
                    (Some(l), true) => format!("سطر {}", plain(l, lang)),
                    (Some(l), false) => format!("line {l}"),
                    (None, _) => String::new(),
                };
                let field = match (field.is_empty(), fa) {
                    (true, _) => String::new(),
                    (false, true) => format!(" («{field}»)"),
                    (false, false) => format!(" ({field})"),
                };
                let reason = crate::offer::fault(reason, lang);
                if fa {
                    format!(
                        "پروندهٔ پیشنهادها پذیرفته نشد؛ پیشنهاد «{offer}»، {at}{field}: {reason}. هیچ پیشنهادی وارد نشد."
                    )
                } else {
                    format!(
                        "The offers file was refused: offer \"{offer}\", {at}{field}: {reason}. No offer was imported."
                    )
                }
            }
            Error::Reader { en, fa: f, .. } => {
                if fa {
                    f.clone()
                } else {
                    en.clone()
                }
            }
            Error::ImportRows { imported, bad } => {
                let mut s = if fa {
                    format!(
                        "{} ردیف وارد شد؛ {} ردیف پذیرفته نشد:",
                        num(*imported as i64, lang),
                        num(bad.len() as i64, lang)
                    )
                } else {
                    format!("{imported} rows imported; {} rows refused:", bad.len())
                };
                for (line, why) in bad {
                    let msg = match why {
                        RowError::Unreadable(m) => m.clone(),
                        RowError::Refused(e) => e.say_naming(lang, name),
                    };
                    s.push_str(&if fa {
                        format!("\n  سطر {}: {msg}", plain(line, lang))
                    } else {
                        format!("\n  line {line}: {msg}")
                    });
                }
                s
            }
            Error::Forbidden {
                who,
                role,
                action,
                needed,
            } => {
                if fa {
                    format!(
                        "{who} ({}) اجازه ندارد {}. این کار از {} به بالا ساخته است.",
                        crate::staff::role(*role, lang),
                        crate::staff::action(*action, lang),
                        crate::staff::role(*needed, lang)
                    )
                } else {
                    format!(
                        "{who} ({}) may not {}. A {} or above may.",
                        crate::staff::role(*role, lang),
                        crate::staff::action(*action, lang),
                        crate::staff::role(*needed, lang)
                    )
                }
            }
            Error::WrongPin { left } => match (left, fa) {
                (Some(n), true) => format!(
                    "نام یا رمز نادرست است. {} بار دیگر اشتباه، حساب را موقتاً قفل می‌کند.",
                    plain(n, lang)
                ),
                (Some(n), false) => format!(
                    "Wrong name or PIN. {n} more wrong tries will lock the account for a while."
                ),
                (None, true) => "نام یا رمز نادرست است.".into(),
                (None, false) => "Wrong name or PIN.".into(),
            },
            Error::AccountLocked { name, until } => {
                if fa {
                    format!(
                        "حساب «{name}» پس از چند رمز نادرست تا ساعت {} قفل است. تا آن موقع صبر کنید یا از مدیر بخواهید آن را باز کند («vafa user enable»).",
                        digits(until, lang)
                    )
                } else {
                    format!(
                        "Account \"{name}\" is locked after repeated wrong PINs until {until}. Wait, or ask an admin to unlock it (\"vafa user enable\")."
                    )
                }
            }
            Error::AccountDisabled { name } => {
                if fa {
                    format!("حساب «{name}» غیرفعال است. از مدیر بپرسید.")
                } else {
                    format!("Account \"{name}\" is disabled. Ask an admin.")
                }
            }
            Error::UnknownStaff { name } => {
                if fa {
                    format!("کارمندی با نام «{name}» نیست. فهرست: «vafa user list».")
                } else {
                    format!("There is no staff member \"{name}\". See \"vafa user list\".")
                }
            }
            Error::StaffExists { name } => {
                if fa {
                    format!("کارمندی با نام «{name}» از قبل هست؛ نام دیگری بدهید.")
                } else {
                    format!("A staff member named \"{name}\" already exists; choose another name.")
                }
            }
            Error::InvalidPin { error } => match (error, fa) {
                (PinError::Format, true) => "رمز باید ۴ تا ۱۲ رقم باشد.".into(),
                (PinError::Format, false) => "A PIN must be 4 to 12 digits.".into(),
                (PinError::Guessable, true) => {
                    "این رمز را هر کسی حدس می‌زند (رقم‌های تکراری یا پشت سر هم). رمز دیگری بگذارید.".into()
                }
                (PinError::Guessable, false) => {
                    "Anyone would guess this PIN (one digit repeated, or a run like 1234). Choose another.".into()
                }
            },
            Error::LastAdmin { name } => {
                if fa {
                    format!("«{name}» تنها مدیر کل فعال است؛ ابتدا مدیر کل دیگری بسازید.")
                } else {
                    format!("\"{name}\" is the only active admin; add another admin first.")
                }
            }
            Error::RoleAboveOwn { role } => {
                if fa {
                    format!("نمی‌توانید نقشی بالاتر از نقش خودتان ({}) بدهید.", crate::staff::role(*role, lang))
                } else {
                    format!("You cannot give a role above your own ({}).", crate::staff::role(*role, lang))
                }
            }
            Error::AdjustOverBalance {
                account,
                requested,
                available,
            } => {
                let what_fa = if *account == "points" { "امتیاز" } else { "اعتبار" };
                if fa {
                    format!(
                        "کسر {} {what_fa} ممکن نیست: عضو فقط {} دارد. چیزی ثبت نشد.",
                        money(*requested),
                        money(*available)
                    )
                } else {
                    format!(
                        "Cannot take {} of {account}: the member has only {}. Nothing was recorded.",
                        money(*requested),
                        money(*available)
                    )
                }
            }
            Error::BackupFolderMissing { folder } => {
                if fa {
                    format!(
                        "پوشهٔ پشتیبان «{folder}» پیدا نشد (دیسک وصل نیست؟). فروش ادامه دارد؛ دیسک را وصل کنید یا «[backup] folder» را در تنظیمات عوض کنید."
                    )
                } else {
                    format!(
                        "The backup folder \"{folder}\" is not there (is the drive plugged in?). Trading goes on; plug the drive in or change [backup] folder in the configuration."
                    )
                }
            }
            Error::AuditBroken { at } => {
                if fa {
                    format!(
                        "دفتر رویدادها دست‌کاری شده است: {} به مالک فروشگاه خبر دهید و نسخهٔ پشتیبان را نگه دارید.",
                        crate::staff::chain_break(at, lang)
                    )
                } else {
                    format!(
                        "The audit trail has been tampered with: {} Tell the shop's owner and keep the backups.",
                        crate::staff::chain_break(at, lang)
                    )
                }
            }
            Error::ReversedWindow { from, to } => crate::report::reversed_window(*from, *to, lang),
            Error::SmsOff => {
                if fa {
                    "این فروشگاه پیامک کمپین نمی‌فرستد: سامانهٔ پیامک تنظیم نشده یا «campaign» در رویدادهای «[sms]» نیست.".into()
                } else {
                    "This shop sends no campaign SMS: no SMS provider is set, or \"campaign\" is not among the [sms] events.".into()
                }
            }
            Error::CampaignOverBudget { cost, budget } => crate::sms::over_budget(*cost, *budget, lang),
            Error::Club(e) => crate::club::club_error(e, lang, name),
            Error::Gift(e) => crate::gift::gift_error(e, lang),
            Error::Busy => {
                if fa {
                    "پایگاه داده در دست برنامهٔ دیگری است (پشتیبان‌گیری یا بازگردانی)؛ چیزی ثبت نشد. چند ثانیه دیگر دوباره بفرستید.".into()
                } else {
                    "The database is held by another program (a backup or a restore); nothing was recorded. Send it again in a few seconds.".into()
                }
            }
            Error::SaleIdReused { id } => {
                if fa {
                    format!("فروش «{id}» پیش‌تر با اقلام یا مبلغ دیگری ثبت شده است؛ برای فروش تازه شناسهٔ تازه بدهید.")
                } else {
                    format!("Sale \"{id}\" was already recorded with other contents; give a new sale a new id.")
                }
            }
            Error::Unauthorized => {
                if fa {
                    "توکن صندوق نامعتبر یا باطل‌شده است. با «vafa pos token» توکن تازه بسازید و در برنامهٔ صندوق بگذارید.".into()
                } else {
                    "The POS token is missing, unknown or revoked. Make a new one with \"vafa pos token\" and set it in the cash-register program.".into()
                }
            }
            Error::PeerRefused { peer } => {
                if fa {
                    format!("درخواست از «{peer}» پذیرفته نیست: فقط همین رایانه، یا نشانی‌های «[pos] allow».")
                } else {
                    format!("Requests from {peer} are refused: only this computer, or the addresses in [pos] allow.")
                }
            }
            Error::MalformedRequest { detail } => {
                if fa {
                    format!("بدنهٔ درخواست آن چیزی نیست که این نشانی می‌پذیرد: «{detail}»")
                } else {
                    format!("The request is not the JSON expected: {detail}")
                }
            }
            Error::InvoiceUnreadable {
                invoice,
                field,
                value,
            } => {
                if fa {
                    format!(
                        "فاکتور «{invoice}» برنامهٔ صندوق خوانده نشد: «{field}» آن «{value}» است."
                    )
                } else {
                    format!(
                        "Invoice {invoice} from the cash-register program cannot be read: its {field} is {value}."
                    )
                }
            }
            Error::RequestTooLarge { limit } => {
                if fa {
                    format!("درخواست بزرگ‌تر از {} بایت است.", plain(limit, lang))
                } else {
                    format!("The request is larger than {limit} bytes.")
                }
            }
            Error::NoSuchEndpoint { path } => {
                if fa {
                    format!("نشانی «{path}» در رابط صندوق نیست («docs/pos-api.yaml»).")
                } else {
                    format!("There is no \"{path}\" in the POS API (docs/pos-api.yaml).")
                }
            }
            Error::UnknownPosToken { name } => {
                if fa {
                    format!("توکن صندوقی به نام «{name}» نیست («vafa pos tokens» فهرست را نشان می‌دهد).")
                } else {
                    format!("No POS token named \"{name}\" (\"vafa pos tokens\" lists them).")
                }
            }
            Error::PosTokenExists { name } => {
                if fa {
                    format!("توکن صندوقی به نام «{name}» هست؛ نام دیگری بدهید یا اول آن را باطل کنید.")
                } else {
                    format!("A POS token named \"{name}\" exists; give another name or revoke it first.")
                }
            }
            Error::NoPrinter => {
                if fa {
                    "چاپگر رسید تعیین نشده است: «--printer» را بدهید یا «[printer] target» را در پیکربندی فروشگاه بنویسید.".into()
                } else {
                    "No receipt printer is set: give --printer or set [printer] target in the shop configuration.".into()
                }
            }
            Error::Printer { target, detail } => {
                if fa {
                    format!("چاپگر «{target}» در دسترس نیست: {detail}. کاغذ، کابل و روشن بودن آن را ببینید؛ رسید را بعداً دوباره چاپ کنید.")
                } else {
                    format!("The printer {target} cannot be used: {detail}. Check its paper, cable and power; reprint the receipt later.")
                }
            }
            Error::NotConnected => {
                if fa {
                    "این صندوق هنوز به دفتر مرکزی وصل نشده است: «vafa hq connect --url … --token …» را اجرا کنید.".into()
                } else {
                    "This till is not connected to head office yet: run `vafa hq connect --url … --token …`.".into()
                }
            }
            Error::HqUnreachable { url, detail } => {
                if fa {
                    format!(
                        "دفتر مرکزی ({url}) در دسترس نیست: {detail}. فروش ادامه دارد و همه‌چیز بعداً فرستاده می‌شود."
                    )
                } else {
                    format!(
                        "Head office ({url}) cannot be reached: {detail}. Keep selling; everything is sent when it is back."
                    )
                }
            }
            Error::HqRefused {
                status,
                code,
                message,
            } => {
                if *status == 401 {
                    if fa {
                        "دفتر مرکزی رمز این صندوق را نمی‌پذیرد (اشتباه یا باطل شده): رمز تازه بگیرید و «vafa hq connect» را دوباره اجرا کنید.".into()
                    } else {
                        "Head office does not accept this till's token (wrong or revoked): get a new one and run `vafa hq connect` again.".into()
                    }
                } else if fa {
                    match hq_code_fa(code) {
                        Some(why) => format!("دفتر مرکزی درخواست را نپذیرفت: {why} ({code})"),
                        None => format!(
                            "دفتر مرکزی درخواست را نپذیرفت ({}، {code}): {message}",
                            plain(status, lang)
                        ),
                    }
                } else {
                    format!("Head office refused the request ({status}, {code}): {message}")
                }
            }
            Error::OfflineLimit { why, allowed } => {
                let a = money(*allowed);
                match (why, fa) {
                    (OfflineWhy::TooLong { hours }, true) => format!(
                        "این صندوق بیش از {} ساعت است که با دفتر مرکزی همگام نشده؛ تا همگام شود خرج کردن اعتبار ممکن نیست (کسب اعتبار ادامه دارد).",
                        num(i64::from(*hours), lang)
                    ),
                    (OfflineWhy::TooLong { hours }, false) => format!(
                        "This till has not synced with head office for over {hours} hours: credit cannot be spent until it syncs (earning goes on)."
                    ),
                    (OfflineWhy::PerMember, true) => format!(
                        "تا خرج‌های این صندوق به تأیید دفتر مرکزی نرسیده، این عضو امروز فقط {a} ریال دیگر اعتبار می‌تواند خرج کند (سقف خرج پیش از همگام‌سازی)."
                    ),
                    (OfflineWhy::PerMember, false) => format!(
                        "Until head office has acknowledged this till's spending, this member may spend only {a} rials more credit today (the limit on credit spent before a sync)."
                    ),
                    (OfflineWhy::Total, true) => format!(
                        "تا همگام شدن با دفتر مرکزی، این صندوق فقط {a} ریال دیگر اعتبار می‌تواند بپردازد."
                    ),
                    (OfflineWhy::Total, false) => format!(
                        "Until it syncs with head office, this till may pay out only {a} rials more in credit."
                    ),
                    (OfflineWhy::GiftPerCard, true) => format!(
                        "تا همگام شدن با دفتر مرکزی، از این کارت هدیه در این صندوق فقط {a} ریال دیگر می‌توان خرج کرد."
                    ),
                    (OfflineWhy::GiftPerCard, false) => format!(
                        "Until this till syncs with head office, only {a} rials more may be spent from this gift card here."
                    ),
                    (OfflineWhy::GiftTotal, true) => format!(
                        "تا همگام شدن با دفتر مرکزی، این صندوق فقط {a} ریال دیگر از کارت‌های هدیه می‌تواند بپردازد."
                    ),
                    (OfflineWhy::GiftTotal, false) => format!(
                        "Until it syncs with head office, this till may pay out only {a} rials more from gift cards."
                    ),
                }
            }
        }
    }
}
