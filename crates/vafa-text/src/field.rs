//! What the till window calls each input: the label a person sees beside it. An error
//! that names a wrong input names it so (the command line names its flag instead).

use vafa_core::field::Field;
use vafa_core::lang::Lang;

/// The label of `field` in the till window, in `lang`.
pub fn label(field: Field, lang: Lang) -> &'static str {
    let (fa, en) = match field {
        Field::Amount => ("مبلغ خرید", "Amount"),
        Field::Redeem => ("مبلغ اعتبار", "Credit to use"),
        Field::At => ("زمان فروش", "Time of sale"),
        Field::SaleId => ("شناسهٔ فروش", "Sale id"),
        Field::Customer => ("مشتری", "Customer"),
        Field::Card => ("کارت", "Card"),
        Field::Mobile => ("موبایل", "Mobile"),
        Field::FirstName => ("نام", "First name"),
        Field::LastName => ("نام خانوادگی", "Last name"),
        Field::BirthDate => ("تاریخ تولد", "Birth date"),
        Field::Anniversary => ("سالگرد ازدواج", "Wedding anniversary"),
        Field::Gender => ("جنسیت", "Gender"),
        Field::Referrer => ("موبایل معرف", "Referrer's mobile"),
        Field::CustomField => ("ویژگی عضو", "Member field"),
        Field::Search => ("جستجو", "Search"),
        Field::ShopName => ("نام فروشگاه", "Shop name"),
        Field::BranchCode => ("کد شعبه", "Branch code"),
        Field::BranchName => ("نام شعبه", "Branch name"),
        Field::Unit => ("واحد پول", "Money unit"),
        Field::Lang => ("زبان", "Language"),
        Field::HqUrl => ("نشانی دفتر مرکزی", "Head office address"),
        Field::HqCa => ("گواهی دفتر مرکزی", "Head office certificate"),
        Field::StaffName => ("نام کارمند", "Staff name"),
        Field::Role => ("نقش", "Role"),
        Field::Reason => ("دلیل", "Reason"),
        Field::Credit => ("اعتبار", "Credit"),
        Field::Points => ("امتیاز", "Points"),
        Field::Adjustment => ("اعتبار یا امتیاز", "Credit or points"),
        Field::Since => ("از تاریخ", "From"),
        Field::Export => ("خروجی", "Export"),
        Field::Reader => ("کارت‌خوان", "Card reader"),
        Field::Offer => ("پیشنهاد", "Offer"),
        Field::WindowFrom => ("از روز", "From"),
        Field::WindowTo => ("تا روز", "To"),
        Field::Within => ("بازگشت در چند روز", "Came back within (days)"),
        Field::OutFile => ("پرونده", "File"),
        Field::Day => ("روز", "Day"),
        Field::Paper => ("پهنای کاغذ", "Paper width"),
        Field::ClubId => ("شناسه", "Id"),
        Field::LotteryName => ("نام قرعه‌کشی", "Lottery name"),
        Field::Per => ("ریال برای هر بلیت", "Rials per ticket"),
        Field::MinVisits => ("کمترین شمار مراجعه", "Minimum visits"),
        Field::Tiers => ("سطح‌ها", "Tiers"),
        Field::Winners => ("شمار برندگان", "Winners"),
        Field::Limit => ("شمار", "How many"),
        Field::Note => ("یادداشت", "Note"),
        Field::Sms => ("پیامک", "SMS"),
        Field::Gift => ("کارت هدیه", "Gift card"),
        Field::Expires => ("تاریخ انقضا", "Expires"),
        Field::CardKind => ("نوع کارت", "Card kind"),
        Field::Segment => ("گروه اعضا", "Segment"),
        Field::Template => ("قالب پیامک", "SMS template"),
        Field::Budget => ("بودجه", "Budget"),
    };
    lang.pick(fa, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_is_never_a_flag() {
        for lang in [Lang::Fa, Lang::En] {
            for f in [
                Field::Amount,
                Field::Redeem,
                Field::BirthDate,
                Field::Customer,
            ] {
                let l = label(f, lang);
                assert!(!l.is_empty() && !l.starts_with('-'), "{f:?}: {l}");
            }
        }
        assert_eq!(label(Field::Amount, Lang::En), "Amount");
        assert_eq!(label(Field::Amount, Lang::Fa), "مبلغ خرید");
    }
}
