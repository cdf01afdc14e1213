//! The words of a receipt and of an end-of-day close, as the slip's lines, in the shop's
//! language: Persian with Persian digits and «٬», right to left; English with ",".
//! Exhaustive: a word without both languages does not compile.

use vafa_core::lang::Lang;
use vafa_core::receipt::{CloseFigures, CloseReport, Receipt, Slip, SlipLine};

use crate::format::{self, Unit};
use crate::names::{self, OfferNames};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    ReceiptNo,
    Cashier,
    Member,
    Guest,
    Gross,
    Discount,
    CreditUsed,
    Paid,
    CreditEarned,
    PointsEarned,
    CreditBalance,
    PointsBalance,
    Tier,
    Offer,
    ThankYou,
    Reprint,
    Voided,
    DayClose,
    ShiftClose,
    Sales,
    GuestSales,
    Discounts,
    CreditRedeemed,
    CreditIssued,
    PointsIssued,
    Voids,
    /// A sale's part paid by a gift card (its card's end in brackets).
    GiftCardPaid,
    /// What the gift card holds after the sale.
    GiftCardLeft,
    /// The close: what gift cards paid of the sales (not in the drawer).
    GiftRedeemed,
    /// The close: money taken for gift cards (issues and loads).
    GiftSold,
    ByCashier,
    From,
    To,
    Printed,
    Written,
    CloseRecorded,
    NoSales,
    /// The window: the result panel's button (F7).
    PrintReceipt,
    /// The window: the idle screen's button for the last sale (F7).
    ReprintLast,
    /// The window: above the basket's lines.
    Basket,
    /// The window: under the category buttons.
    CategoryHint,
    /// The window: a scanned item that has no price in the configuration.
    SkuNeedsPrice,
    /// The window: the idle screen's button to the close (F6).
    EndOfDay,
    /// The window: the close panel's buttons.
    ShowDay,
    ShowShift,
    CloseShift,
    PrintClose,
    Back,
    /// The window: a slip sent off, the printer not answered yet.
    Printing,
    /// The window: the printer took the slip.
    PrintDone,
}

pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match w {
        ReceiptNo => lang.pick("شماره رسید", "Receipt no."),
        Cashier => lang.pick("صندوق‌دار", "Cashier"),
        Member => lang.pick("عضو", "Member"),
        Guest => lang.pick("مهمان", "Guest"),
        Gross => lang.pick("جمع خرید", "Total"),
        Discount => lang.pick("تخفیف", "Discount"),
        CreditUsed => lang.pick("پرداخت با اعتبار", "Paid with credit"),
        Paid => lang.pick("پرداختی", "Paid"),
        CreditEarned => lang.pick("اعتبار این خرید", "Credit earned"),
        PointsEarned => lang.pick("امتیاز این خرید", "Points earned"),
        CreditBalance => lang.pick("موجودی اعتبار", "Credit balance"),
        PointsBalance => lang.pick("موجودی امتیاز", "Points balance"),
        Tier => lang.pick("سطح", "Tier"),
        Offer => lang.pick("پیشنهاد", "Offer"),
        ThankYou => lang.pick("از خرید شما سپاسگزاریم", "Thank you"),
        Reprint => lang.pick("چاپ دوباره", "Reprint"),
        Voided => lang.pick("این خرید باطل شده است", "This sale has been voided"),
        DayClose => lang.pick("بستن روز", "End of day"),
        ShiftClose => lang.pick("بستن شیفت", "End of shift"),
        Sales => lang.pick("فروش‌ها", "Sales"),
        GuestSales => lang.pick("فروش به مهمان", "Guest sales"),
        Discounts => lang.pick("تخفیف‌ها", "Discounts"),
        CreditRedeemed => lang.pick("اعتبار خرج‌شده", "Credit redeemed"),
        CreditIssued => lang.pick("اعتبار داده‌شده", "Credit issued"),
        PointsIssued => lang.pick("امتیاز داده‌شده", "Points issued"),
        Voids => lang.pick("ابطال‌ها", "Voids"),
        GiftCardPaid => lang.pick("پرداخت با کارت هدیه", "Paid by gift card"),
        GiftCardLeft => lang.pick("ماندهٔ کارت هدیه", "Left on the gift card"),
        GiftRedeemed => lang.pick("خرج‌شده از کارت‌های هدیه", "Paid by gift cards"),
        GiftSold => lang.pick(
            "دریافتی برای کارت هدیه (فروش و شارژ)",
            "Taken for gift cards (sold and loaded)",
        ),
        ByCashier => lang.pick("به تفکیک صندوق‌دار", "By cashier"),
        From => lang.pick("از", "From"),
        To => lang.pick("تا", "To"),
        Printed => lang.pick("برای چاپگر فرستاده شد:", "Sent to the printer:"),
        Written => lang.pick("نوشته شد:", "Written:"),
        CloseRecorded => lang.pick(
            "بستن ثبت شد؛ شیفت بعد از اکنون شروع می‌شود.",
            "The close is recorded; the next shift starts now.",
        ),
        NoSales => lang.pick("فروشی در این بازه نیست.", "No sales in this span."),
        PrintReceipt => lang.pick("چاپ رسید (F7)", "Print receipt (F7)"),
        ReprintLast => lang.pick("چاپ دوبارهٔ رسید آخر (F7)", "Reprint the last receipt (F7)"),
        Basket => lang.pick("سبد", "Basket"),
        EndOfDay => lang.pick("پایان روز (F6)", "End of day (F6)"),
        ShowDay => lang.pick("امروز", "Today"),
        ShowShift => lang.pick("این شیفت", "This shift"),
        CloseShift => lang.pick("بستن شیفت و ثبت آن", "Close the shift and record it"),
        PrintClose => lang.pick("چاپ", "Print"),
        Back => lang.pick("بازگشت", "Back"),
        Printing => lang.pick("در حال چاپ…", "Printing…"),
        PrintDone => lang.pick("چاپ شد.", "Printed."),
        SkuNeedsPrice => lang.pick(
            "این کالا قیمت ثابت ندارد: مبلغش را بنویسید و دوباره بخوانید.",
            "This item has no set price: type its amount, then scan it again.",
        ),
        CategoryHint => lang.pick(
            "مبلغ را بنویسید و دستهٔ آن را بزنید؛ باقی مبلغ بی‌دسته حساب می‌شود.",
            "Type an amount and press its category; what is left is counted without one.",
        ),
    }
}

/// How money is written on a slip.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub unit: Unit,
    pub lang: Lang,
}

impl Style {
    fn money(self, v: i64) -> String {
        format::money(v, self.unit, self.lang)
    }
    fn num(self, v: i64) -> String {
        format::num(v, self.lang)
    }
    fn w(self, w: Word) -> String {
        word(self.lang, w).to_string()
    }
}

/// A gift card's number as a slip shows it: its last four characters (the number is what
/// spends the card, so the paper does not carry it whole).
fn card_end(card: &str) -> String {
    let n = card.chars().count();
    let end: String = card.chars().skip(n.saturating_sub(4)).collect();
    if n > 4 { format!("…{end}") } else { end }
}

/// The slip of one sale.
pub fn receipt(r: &Receipt, offers: &OfferNames, s: Style) -> Slip {
    let l = s.lang;
    let mut lines = vec![
        SlipLine::Title(r.shop.clone()),
        SlipLine::Center(if r.branch_name == r.branch_code {
            r.branch_code.clone()
        } else {
            format!("{} ({})", r.branch_name, r.branch_code)
        }),
        SlipLine::Center(format::show_time(&r.at, l)),
    ];
    if r.reprint {
        lines.push(SlipLine::Center(s.w(Word::Reprint)));
    }
    if r.voided {
        lines.push(SlipLine::Center(s.w(Word::Voided)));
    }
    lines.push(SlipLine::Text(s.w(Word::ReceiptNo)));
    lines.push(SlipLine::Center(r.sale_id.clone()));
    lines.push(SlipLine::Pair(s.w(Word::Cashier), r.cashier.clone()));
    lines.push(SlipLine::Pair(
        s.w(Word::Member),
        r.member.clone().unwrap_or_else(|| s.w(Word::Guest)),
    ));
    lines.push(SlipLine::Rule);
    if !r.items.is_empty() {
        for it in &r.items {
            let name = match (&it.name, &it.category) {
                (Some(n), _) => n.clone(),
                (None, Some(c)) => names::category(c, l),
                (None, None) => format::digits(&it.sku, l),
            };
            let label = if it.qty == "1" {
                name
            } else {
                format!("{name} × {}", format::digits(&it.qty, l))
            };
            lines.push(SlipLine::Pair(label, s.money(it.total)));
        }
        lines.push(SlipLine::Rule);
    }
    lines.push(SlipLine::Pair(s.w(Word::Gross), s.money(r.amounts.gross)));
    if r.amounts.discount > 0 {
        lines.push(SlipLine::Pair(
            s.w(Word::Discount),
            s.money(r.amounts.discount),
        ));
    }
    if r.amounts.credit_redeemed > 0 {
        lines.push(SlipLine::Pair(
            s.w(Word::CreditUsed),
            s.money(r.amounts.credit_redeemed),
        ));
    }
    // What a gift card paid is its own line; `Paid` is then the money taken.
    let gift = r.gift.as_ref().map_or(0, |g| g.amount);
    if let Some(g) = &r.gift {
        lines.push(SlipLine::Pair(
            format!("{} ({})", s.w(Word::GiftCardPaid), card_end(&g.card)),
            s.money(g.amount),
        ));
    }
    lines.push(SlipLine::Strong(
        s.w(Word::Paid),
        s.money(r.amounts.paid - gift),
    ));
    if let Some(g) = &r.gift {
        lines.push(SlipLine::Pair(
            s.w(Word::GiftCardLeft),
            s.money(g.balance_after),
        ));
    }
    if r.member.is_some() {
        lines.push(SlipLine::Rule);
        lines.push(SlipLine::Pair(
            s.w(Word::CreditEarned),
            s.money(r.amounts.credit_earned),
        ));
        for (label, credit) in crate::display::credit_parts(&r.credit_from, offers, l) {
            lines.push(SlipLine::Pair(format!("· {label}"), s.money(credit)));
        }
        lines.push(SlipLine::Pair(
            s.w(Word::PointsEarned),
            s.num(r.amounts.points_earned),
        ));
        if let Some(c) = r.credit_after {
            lines.push(SlipLine::Pair(s.w(Word::CreditBalance), s.money(c)));
        }
        if let Some(p) = r.points_after {
            lines.push(SlipLine::Pair(s.w(Word::PointsBalance), s.num(p)));
        }
        if let Some(t) = &r.tier {
            lines.push(SlipLine::Pair(s.w(Word::Tier), names::tier(t, l)));
        }
    }
    for o in &r.offers {
        let why = crate::offer::reason(
            &o.why,
            crate::offer::Reader {
                names: offers,
                unit: s.unit,
                lang: l,
            },
        );
        lines.push(SlipLine::Rule);
        lines.push(SlipLine::Pair(
            offers.get(&o.id, l).to_string(),
            s.money(o.value),
        ));
        lines.push(SlipLine::Text(why));
    }
    lines.push(SlipLine::Gap);
    lines.push(SlipLine::Center(s.w(Word::ThankYou)));
    Slip {
        rtl: l == Lang::Fa,
        lines,
    }
}

fn figures(f: &CloseFigures, s: Style, lines: &mut Vec<SlipLine>) {
    lines.push(SlipLine::Pair(s.w(Word::Sales), s.num(f.sales)));
    lines.push(SlipLine::Pair(s.w(Word::GuestSales), s.num(f.guest_sales)));
    lines.push(SlipLine::Pair(s.w(Word::Gross), s.money(f.gross)));
    lines.push(SlipLine::Pair(s.w(Word::Discounts), s.money(f.discount)));
    lines.push(SlipLine::Pair(
        s.w(Word::CreditRedeemed),
        s.money(f.credit_redeemed),
    ));
    if f.gift_redeemed != 0 {
        lines.push(SlipLine::Pair(
            s.w(Word::GiftRedeemed),
            s.money(f.gift_redeemed),
        ));
    }
    lines.push(SlipLine::Strong(s.w(Word::Paid), s.money(f.paid)));
    if f.gift_sold != 0 {
        lines.push(SlipLine::Strong(s.w(Word::GiftSold), s.money(f.gift_sold)));
    }
    lines.push(SlipLine::Pair(
        s.w(Word::CreditIssued),
        s.money(f.credit_earned),
    ));
    lines.push(SlipLine::Pair(
        s.w(Word::PointsIssued),
        s.num(f.points_earned),
    ));
    lines.push(SlipLine::Pair(
        s.w(Word::Voids),
        format!("{} ({})", s.num(f.voids), s.money(f.voided_gross)),
    ));
}

/// The slip (and the screen) of a close.
pub fn close(c: &CloseReport, shop: &str, s: Style) -> Slip {
    let l = s.lang;
    let mut lines = vec![
        SlipLine::Title(shop.to_string()),
        SlipLine::Center(s.w(if c.kind == "shift" {
            Word::ShiftClose
        } else {
            Word::DayClose
        })),
        SlipLine::Pair(s.w(Word::From), format::show_time(&c.from, l)),
        SlipLine::Pair(s.w(Word::To), format::show_time(&c.to, l)),
        SlipLine::Rule,
    ];
    if c.totals.sales == 0 && c.totals.voids == 0 {
        lines.push(SlipLine::Text(s.w(Word::NoSales)));
    }
    figures(&c.totals, s, &mut lines);
    if !c.cashiers.is_empty() {
        lines.push(SlipLine::Rule);
        lines.push(SlipLine::Center(s.w(Word::ByCashier)));
        for k in &c.cashiers {
            lines.push(SlipLine::Rule);
            lines.push(SlipLine::Text(k.cashier.clone()));
            figures(&k.figures, s, &mut lines);
        }
    }
    Slip {
        rtl: l == Lang::Fa,
        lines,
    }
}

/// A slip as plain text for a terminal: one line each, a pair as "label: value".
pub fn plain(slip: &Slip) -> String {
    let mut out = String::new();
    for line in &slip.lines {
        match line {
            SlipLine::Title(t) | SlipLine::Center(t) | SlipLine::Text(t) => out.push_str(t),
            SlipLine::Pair(a, b) | SlipLine::Strong(a, b) => {
                out.push_str(a);
                out.push_str(": ");
                out.push_str(b);
            }
            SlipLine::Rule => out.push_str("--------------------------------"),
            SlipLine::Gap => {}
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word (keep in step with `Word`: a new one belongs here too).
    const ALL: [Word; 50] = {
        use Word::*;
        [
            ReceiptNo,
            Cashier,
            Member,
            Guest,
            Gross,
            Discount,
            CreditUsed,
            Paid,
            CreditEarned,
            PointsEarned,
            CreditBalance,
            PointsBalance,
            Tier,
            Offer,
            ThankYou,
            Reprint,
            Voided,
            DayClose,
            ShiftClose,
            Sales,
            GuestSales,
            Discounts,
            CreditRedeemed,
            CreditIssued,
            PointsIssued,
            Voids,
            GiftCardPaid,
            GiftCardLeft,
            GiftRedeemed,
            GiftSold,
            ByCashier,
            From,
            To,
            Printed,
            Written,
            CloseRecorded,
            NoSales,
            PrintReceipt,
            ReprintLast,
            Basket,
            CategoryHint,
            SkuNeedsPrice,
            EndOfDay,
            ShowDay,
            ShowShift,
            CloseShift,
            PrintClose,
            Back,
            Printing,
            PrintDone,
        ]
    };

    fn index(w: Word) -> usize {
        ALL.iter().position(|x| *x == w).unwrap_or(usize::MAX)
    }

    #[test]
    fn every_word_in_both_languages() {
        for w in ALL {
            assert!(index(w) < ALL.len());
            let fa = word(Lang::Fa, w).replace("F7", "").replace("F6", "");
            let en = word(Lang::En, w);
            assert!(!fa.is_empty() && !en.is_empty(), "{w:?}");
            assert!(!fa.chars().any(|c| c.is_ascii_alphabetic()), "{w:?}: {fa}");
            assert!(en.is_ascii() || en.contains('…'), "{w:?}: {en}");
            assert_ne!(fa, en, "{w:?}");
        }
    }

    fn sale(gift: Option<vafa_core::receipt::ReceiptGift>) -> Receipt {
        Receipt {
            sale_id: "S1".into(),
            shop: "Shop".into(),
            branch_code: "B1".into(),
            branch_name: "B1".into(),
            cashier: "sara".into(),
            at: "2026-11-22T10:00:00+03:30".into(),
            member: None,
            items: Vec::new(),
            amounts: vafa_core::sale::SaleAmounts {
                gross: 1_000_000,
                discount: 0,
                credit_redeemed: 0,
                paid: 1_000_000,
                credit_earned: 0,
                points_earned: 0,
            },
            credit_from: Default::default(),
            credit_after: None,
            points_after: None,
            tier: None,
            offers: Vec::new(),
            gift,
            voided: false,
            reprint: false,
        }
    }

    #[test]
    fn a_gift_card_payment_is_its_own_line_and_paid_is_the_money() {
        let s = Style {
            unit: Unit::Rial,
            lang: Lang::En,
        };
        let g = vafa_core::receipt::ReceiptGift {
            card: "GIFT-123456".into(),
            amount: 300_000,
            balance_after: 50_000,
        };
        let text = plain(&receipt(&sale(Some(g)), &OfferNames::default(), s));
        assert!(
            text.contains("Paid by gift card (…3456): 300,000"),
            "{text}"
        );
        assert!(text.contains("Paid: 700,000"), "{text}");
        assert!(text.contains("Left on the gift card: 50,000"), "{text}");
        assert!(
            !text.contains("123456"),
            "the whole number is printed: {text}"
        );
        let text = plain(&receipt(&sale(None), &OfferNames::default(), s));
        assert!(text.contains("Paid: 1,000,000"), "{text}");
        assert!(!text.contains("gift"), "{text}");
        assert_eq!(card_end("G1"), "G1");
        assert_eq!(card_end("G123"), "G123");
        assert_eq!(card_end("G1234"), "…1234");
    }

    #[test]
    fn the_close_shows_money_taken_for_gift_cards() {
        let s = Style {
            unit: Unit::Rial,
            lang: Lang::En,
        };
        let f = CloseFigures {
            sales: 1,
            paid: 700_000,
            gift_redeemed: 300_000,
            gift_sold: 500_000,
            ..CloseFigures::default()
        };
        let mut lines = Vec::new();
        figures(&f, s, &mut lines);
        let text = plain(&Slip { rtl: false, lines });
        assert!(text.contains("Paid by gift cards: 300,000"), "{text}");
        assert!(
            text.contains("Taken for gift cards (sold and loaded): 500,000"),
            "{text}"
        );
        let mut lines = Vec::new();
        figures(&CloseFigures::default(), s, &mut lines);
        let text = plain(&Slip { rtl: false, lines });
        assert!(!text.contains("gift"), "{text}");
    }
}
