//! The words for staff roles, protected acts and breaks in the audit chain. The core keeps
//! them as data (`vafa_core::staff`); a person reads them through here.

use vafa_core::lang::Lang;
use vafa_core::staff::{Action, Break, Role};

use crate::format::plain;

/// A role's name.
pub fn role(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Cashier, Lang::Fa) => "صندوق‌دار",
        (Role::Supervisor, Lang::Fa) => "سرپرست",
        (Role::Manager, Lang::Fa) => "مدیر",
        (Role::Admin, Lang::Fa) => "مدیر کل",
        (Role::Cashier, Lang::En) => "cashier",
        (Role::Supervisor, Lang::En) => "supervisor",
        (Role::Manager, Lang::En) => "manager",
        (Role::Admin, Lang::En) => "admin",
    }
}

/// A role typed by a person: its English id (`supervisor`, any case) or its Persian name.
pub fn parse_role(s: &str) -> Option<Role> {
    Role::parse(s).or_else(|| {
        Role::ALL
            .into_iter()
            .find(|&r| role(r, Lang::Fa) == s.trim())
    })
}

/// What the act is, for "X may not ...".
pub fn action(action: Action, lang: Lang) -> &'static str {
    match (action, lang) {
        (Action::Sell, Lang::Fa) => "فروش ثبت کند",
        (Action::Redeem, Lang::Fa) => "با اعتبار عضو پرداخت کند",
        (Action::Enrol, Lang::Fa) => "عضو ثبت یا ویرایش کند",
        (Action::Void, Lang::Fa) => "فروش را باطل کند",
        (Action::AdjustSmall, Lang::Fa) => "مانده را دستی اصلاح کند",
        (Action::Adjust, Lang::Fa) => "مانده را به این اندازه دستی اصلاح کند",
        (Action::ManageOffers, Lang::Fa) => "پیشنهادها را تغییر دهد",
        (Action::ManageCards, Lang::Fa) => "کارت را مسدود یا تعویض کند",
        (Action::Import, Lang::Fa) => "عضو وارد کند",
        (Action::Export, Lang::Fa) => "داده‌ها را خروجی بگیرد",
        (Action::Reports, Lang::Fa) => "گزارش‌ها و دفتر رویدادها را ببیند",
        (Action::ManageStaff, Lang::Fa) => "کارکنان را مدیریت کند",
        (Action::Configure, Lang::Fa) => "تنظیمات فروشگاه را تغییر دهد",
        (Action::Backup, Lang::Fa) => "پشتیبان بگیرد",
        (Action::Restore, Lang::Fa) => "پشتیبان را بازگرداند",
        (Action::Lottery, Lang::Fa) => "قرعه‌کشی بسازد یا برگزار کند",
        (Action::Survey, Lang::Fa) => "نظرسنجی را مدیریت کند",
        (Action::Sell, Lang::En) => "record a sale",
        (Action::Redeem, Lang::En) => "pay with a member's credit",
        (Action::Enrol, Lang::En) => "enrol or edit a member",
        (Action::Void, Lang::En) => "void a sale",
        (Action::AdjustSmall, Lang::En) => "adjust a balance by hand",
        (Action::Adjust, Lang::En) => "adjust a balance by this much",
        (Action::ManageOffers, Lang::En) => "change offers",
        (Action::ManageCards, Lang::En) => "block or replace a card",
        (Action::Import, Lang::En) => "import members",
        (Action::Export, Lang::En) => "export data",
        (Action::Reports, Lang::En) => "see reports and the audit trail",
        (Action::ManageStaff, Lang::En) => "manage staff",
        (Action::Configure, Lang::En) => "change the shop's configuration",
        (Action::Backup, Lang::En) => "take a backup",
        (Action::Restore, Lang::En) => "restore a backup",
        (Action::Lottery, Lang::En) => "create or draw a lottery",
        (Action::Survey, Lang::En) => "run surveys",
    }
}

/// Where the audit chain is broken, as a sentence.
pub fn chain_break(b: &Break, lang: Lang) -> String {
    let n = |x: &i64| plain(x, lang);
    match (b, lang) {
        (Break::Edited { seq }, Lang::Fa) => {
            format!(
                "رویداد {} پس از ثبت تغییر داده شده است (هش آن نمی‌خواند).",
                n(seq)
            )
        }
        (Break::Edited { seq }, Lang::En) => {
            format!("Record {seq} was changed after it was written (its hash does not match).")
        }
        (Break::Missing { after, next }, Lang::Fa) => format!(
            "رویدادهای پس از {} تا پیش از {} حذف شده‌اند.",
            n(after),
            n(next)
        ),
        (Break::Missing { after, next }, Lang::En) => {
            format!("Records after {after} and before {next} were removed.")
        }
        (Break::Relinked { seq }, Lang::Fa) => format!(
            "رویداد {} به رویداد پیش از خود نمی‌خورد (جابه‌جا یا دوباره ساخته شده).",
            n(seq)
        ),
        (Break::Relinked { seq }, Lang::En) => {
            format!("Record {seq} does not follow the record before it (moved or rebuilt).")
        }
        (Break::Truncated { last, head }, Lang::Fa) => format!(
            "دفتر در رویداد {} تمام می‌شود ولی {} رویداد ثبت شده بود: رویدادهای آخر حذف شده‌اند.",
            n(last),
            n(head)
        ),
        (Break::Truncated { last, head }, Lang::En) => format!(
            "The trail ends at record {last}, but {head} were written: the last ones were removed."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_role_names_are_understood() {
        assert_eq!(parse_role("سرپرست"), Some(Role::Supervisor));
        assert_eq!(parse_role("manager"), Some(Role::Manager));
        for r in Role::ALL {
            assert_eq!(parse_role(role(r, Lang::Fa)), Some(r));
        }
        assert_eq!(parse_role("boss"), None);
    }

    #[test]
    fn a_break_is_said_with_persian_digits() {
        let s = chain_break(&Break::Edited { seq: 12 }, Lang::Fa);
        assert!(s.contains("۱۲") && !s.contains("12"), "{s}");
        assert!(chain_break(&Break::Edited { seq: 12 }, Lang::En).contains("12"));
    }
}
