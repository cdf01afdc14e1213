//! What is wrong with a shop's configuration, occasions or members file
//! (`vafa_core::config::Fault`), in the reader's language. The file's keys and column names
//! are the file's own words and stay as written.

use vafa_core::config::Fault;
use vafa_core::lang::Lang;

use crate::format::{digits, num};

/// The fault as a clause, to follow "the file was refused at line N (key): ".
pub fn fault(f: &Fault, lang: Lang) -> String {
    let fa = lang == Lang::Fa;
    // The file's own words: quoted in a Persian sentence, as they are in an English one.
    let list = |names: &[&str]| {
        if fa {
            let quoted: Vec<String> = names.iter().map(|n| format!("«{n}»")).collect();
            quoted.join("، ")
        } else {
            names.join(", ")
        }
    };
    match (f, fa) {
        (Fault::Syntax(s), true) => format!("«{s}»"),
        (Fault::Syntax(s), false) => s.clone(),
        (Fault::NotPercent(v), true) => {
            format!("{} درصدی از ۰ تا ۱۰۰ نیست", digits(&v.to_string(), lang))
        }
        (Fault::NotPercent(v), false) => format!("{v} is not a percentage from 0 to 100"),
        (Fault::NotAmount(v), true) => format!("{} مبلغی از صفر به بالا نیست", num(*v, lang)),
        (Fault::NotAmount(v), false) => format!("{v} is not an amount of rials from 0 up"),
        (Fault::RoundTo, true) => "باید دست‌کم ۱ ریال باشد".into(),
        (Fault::RoundTo, false) => "must be 1 rial or more".into(),
        (Fault::LockMinutes, true) => {
            "وقتی «lock_after» گذاشته شده، دست‌کم ۱ دقیقه باید باشد".into()
        }
        (Fault::LockMinutes, false) => "must be at least 1 minute when lock_after is set".into(),
        (Fault::NoSuchAction(known), true) => {
            format!("چنین کاری نیست؛ کارها اینها هستند: {}", list(known))
        }
        (Fault::NoSuchAction(known), false) => {
            format!("no such action; the actions are {}", list(known))
        }
        (Fault::KeepBackup, true) => "دست‌کم ۱ پشتیبان باید نگه داشته شود".into(),
        (Fault::KeepBackup, false) => "keep at least 1 backup".into(),
        (Fault::BackupHours, true) => "دست‌کم ۱ ساعت باید باشد".into(),
        (Fault::BackupHours, false) => "must be at least 1 hour".into(),
        (Fault::WindowDays, true) => "دست‌کم ۱ روز باید باشد".into(),
        (Fault::WindowDays, false) => "must be at least 1 day".into(),
        (Fault::TierName, true) => "هر سطح نامی می‌خواهد".into(),
        (Fault::TierName, false) => "a tier needs a name".into(),
        (Fault::TierTwice(name), true) => format!("سطح «{name}» دو بار تعریف شده است"),
        (Fault::TierTwice(name), false) => format!("tier \"{name}\" is defined twice"),
        (Fault::MinPoints, true) => "باید صفر یا بیشتر باشد".into(),
        (Fault::MinPoints, false) => "must be 0 or more".into(),
        (Fault::UnknownColumn(known), true) => format!(
            "این ستون شناخته نیست؛ ستون‌ها اینها هستند: {} و «field:KEY»",
            list(known)
        ),
        (Fault::UnknownColumn(known), false) => format!(
            "unknown column; known columns are {} and field:KEY",
            list(known)
        ),
        (Fault::RequiredColumn, true) => "این ستون لازم است".into(),
        (Fault::RequiredColumn, false) => "this column is required".into(),
        (Fault::OccasionName, true) => "هر مناسبت نامی می‌خواهد".into(),
        (Fault::OccasionName, false) => "an occasion needs a name".into(),
        (Fault::OccasionDate { name, value }, true) => {
            format!("«{name}»: «{value}» تاریخ درستی نیست")
        }
        (Fault::OccasionDate { name, value }, false) => {
            format!("{name}: \"{value}\" is not a valid date")
        }
        (Fault::OccasionJalali { name, value }, true) => {
            format!("«{name}»: «{value}» ماه و روز شمسی (مانند ۰۱-۲۰) نیست")
        }
        (Fault::OccasionJalali { name, value }, false) => {
            format!("{name}: \"{value}\" is not a Jalali MM-DD")
        }
        (Fault::OccasionDateOrJalali(name), true) => {
            format!("«{name}»: یکی از «date» یا «jalali» را بنویسید")
        }
        (Fault::OccasionDateOrJalali(name), false) => {
            format!("{name}: give either `date` or `jalali`")
        }
        (Fault::OccasionDays(name), true) => format!("«{name}»: روزها باید از ۱ تا ۳۱ باشد"),
        (Fault::OccasionDays(name), false) => format!("{name}: days must be 1 to 31"),
        (Fault::Paper(mm), true) => {
            format!(
                "کاغذ {} میلی‌متری نیست؛ ۵۸ یا ۸۰ باشد",
                num(i64::from(*mm), lang)
            )
        }
        (Fault::Paper(mm), false) => format!("{mm} mm paper is not 58 or 80"),
        (Fault::ListenAddress(a), true) => {
            format!("«{a}» نشانی و درگاه نیست (مثلاً «127.0.0.1:8471»)")
        }
        (Fault::ListenAddress(a), false) => {
            format!("\"{a}\" is not an address and port (such as 127.0.0.1:8471)")
        }
        (Fault::IpAddress(a), true) => format!("«{a}» نشانی آی‌پی نیست (مثلاً «192.168.1.20»)"),
        (Fault::IpAddress(a), false) => {
            format!("\"{a}\" is not an IP address (such as 192.168.1.20)")
        }
        (Fault::SmsProvider(p), true) => format!(
            "«{p}» از سامانه‌های پیامک شناخته‌شده نیست («kavenegar»، «smsir»، «ghasedak»، «melipayamak»)"
        ),
        (Fault::SmsProvider(p), false) => {
            format!("\"{p}\" is not a known SMS provider (kavenegar, smsir, ghasedak, melipayamak)")
        }
        (Fault::QuietHours(q), true) => {
            format!("«{q}» به شکل ساعت:دقیقه-ساعت:دقیقه نیست («22:00-08:00»)")
        }
        (Fault::QuietHours(q), false) => format!("\"{q}\" is not HH:MM-HH:MM (22:00-08:00)"),
        (Fault::SmsEvent(e), true) => {
            format!(
                "«{e}» رویداد پیامک نیست («enrol»، «sale»، «offer»، «birthday»، «gift»، «campaign»)"
            )
        }
        (Fault::SmsEvent(e), false) => {
            format!("\"{e}\" is not an SMS event (enrol, sale, offer, birthday, gift, campaign)")
        }
        (Fault::Blackout(d), true) => format!("«{d}» تاریخ («YYYY-MM-DD») نیست"),
        (Fault::Blackout(d), false) => format!("\"{d}\" is not a date (YYYY-MM-DD)"),
        (Fault::MaxAttempts, true) => "دست‌کم ۱ بار باید باشد".into(),
        (Fault::MaxAttempts, false) => "must be at least 1".into(),
        (Fault::SmsTemplate(e), true) => crate::sms::template_error(e, lang),
        (Fault::SmsTemplate(e), false) => crate::sms::template_error(e, lang),
        (Fault::ItemTwice(id), true) => format!("«{id}» دو بار آمده یا شناسه ندارد"),
        (Fault::ItemTwice(id), false) => format!("\"{id}\" is given twice or has no id"),
        (Fault::NoSuchCategory(id), true) => format!("دسته «{id}» در «[basket]» نیست"),
        (Fault::NoSuchCategory(id), false) => format!("category \"{id}\" is not in [basket]"),
        (Fault::PrinterTarget(t), true) => {
            format!("چاپگر «{t}» باید «tcp://…»، «serial:…» یا «file:…» باشد")
        }
        (Fault::PrinterTarget(t), false) => {
            format!("printer \"{t}\" must be tcp://…, serial:… or file:…")
        }
    }
}
