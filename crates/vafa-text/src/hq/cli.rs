//! What `vafa-hq`'s commands print for a person (with `--json` they print the data).

use vafa_core::hq::{
    AuditBreak, AuditBreakKind, ConflictKind, ConflictLine, MemberShow, MemberView, MobileDecision,
    OverdraftLine, Settlement,
};
use vafa_core::lang::Lang;

use crate::format::{num, rials, show_day};
use crate::printable;

pub fn terminal_added(l: Lang, id: &str, branch: &str, token: &str) -> String {
    match l {
        Lang::Fa => format!(
            "صندوق {id}\nشعبه  {branch}\nرمز   {token}\n(رمز فقط همین بار نشان داده می‌شود: آن را با «vafa hq connect» به صندوق بدهید)"
        ),
        Lang::En => format!(
            "terminal {id}\nbranch   {branch}\ntoken    {token}\n(the token is shown only now: give it to the till with `vafa hq connect`)"
        ),
    }
}

pub fn terminal_revoked(l: Lang, id: &str) -> String {
    match l {
        Lang::Fa => format!("صندوق {id} باطل شد"),
        Lang::En => format!("terminal {id} revoked"),
    }
}

pub fn branch_owner(l: Lang, code: &str, owner: &str) -> String {
    match l {
        Lang::Fa => format!("شعبه‌ی {code}: مالک {owner}"),
        Lang::En => format!("branch {code}: owner {owner}"),
    }
}

pub fn offers_published(l: Lang, n: usize) -> String {
    match l {
        Lang::Fa => format!("{} پیشنهاد برای همه‌ی صندوق‌ها منتشر شد", num(n as i64, l)),
        Lang::En => format!("{n} offers published to every till"),
    }
}

pub fn config_published(l: Lang) -> String {
    l.pick(
        "پیکربندی برای همه‌ی صندوق‌ها منتشر شد",
        "configuration published to every till",
    )
    .into()
}

pub fn member_merged(l: Lang, from: &str, keep: &str) -> String {
    match l {
        Lang::Fa => {
            format!("عضو {from} در {keep} ادغام شد؛ هر صندوق هنگام همگام‌سازی همین کار را می‌کند")
        }
        Lang::En => {
            format!("member {from} merged into {keep}; every till will do the same when it syncs")
        }
    }
}

pub fn card_resolved(l: Lang, number: &str, member: &str) -> String {
    match l {
        Lang::Fa => format!("کارت {number} اکنون در همه‌ی صندوق‌ها از آنِ {member} است"),
        Lang::En => format!("card {number} now belongs to {member} on every till"),
    }
}

/// `vafa-hq member show`.
pub fn member_show(l: Lang, show: &MemberShow) -> String {
    match show {
        MemberShow::One(m) => member(l, m),
        MemberShow::EnrolledTwice(list) => {
            let mut t = l
                .pick(
                    "این موبایل بیش از یک بار ثبت شده است (با «vafa-hq member merge» یکی کنید):",
                    "this mobile is enrolled more than once (merge with `vafa-hq member merge`):",
                )
                .to_string();
            for m in list {
                t.push_str("\n\n");
                t.push_str(&member(l, m));
            }
            t
        }
    }
}

/// A member as head office sees them.
fn member(l: Lang, m: &MemberView) -> String {
    let mut t = format!(
        "{} {}  ({})",
        printable(&m.first_name),
        printable(&m.last_name),
        printable(&m.mobile)
    );
    t.push_str(&format!("\n  {}: {}", l.pick("شناسه", "id"), m.id));
    t.push_str(&format!(
        "\n  {}: {}   {}: {}",
        l.pick("اعتبار", "credit"),
        rials(m.balance.credit, l),
        l.pick("امتیاز", "points"),
        num(m.balance.points, l)
    ));
    if m.overdraft > 0 {
        t.push_str(&format!(
            "\n  {}: {}",
            l.pick(
                "بدهی از خرج دوباره در دو شعبه (از اعتبار بعدی کم می‌شود)",
                "owes from spending twice at two branches (taken from future credit)"
            ),
            rials(m.overdraft, l)
        ));
    }
    t.push_str(&format!(
        "\n  {}: {}   {}: {}   {}: {}",
        l.pick("مراجعه", "visits"),
        num(m.visits, l),
        l.pick("جمع خرید", "total spend"),
        rials(m.total_spend, l),
        l.pick("شعبه‌ی ثبت‌نام", "enrolled at"),
        m.enrolled_at_branch
    ));
    let cards: Vec<String> = m
        .cards
        .iter()
        .map(|c| format!("{} ({})", c.number, c.status.as_str()))
        .collect();
    if !cards.is_empty() {
        t.push_str(&format!(
            "\n  {}: {}",
            l.pick("کارت‌ها", "cards"),
            cards.join(", ")
        ));
    }
    t
}

/// `vafa-hq report settlement`.
pub fn settlement(l: Lang, s: &Settlement) -> String {
    let mut text = match l {
        Lang::Fa => format!(
            "تسویه از {} تا {}",
            show_day(&s.from, l),
            show_day(&s.to, l)
        ),
        Lang::En => format!("settlement {} .. {}", s.from, s.to),
    };
    if s.owes.is_empty() {
        text.push_str(l.pick("\nکسی به کسی بدهکار نیست.", "\nnobody owes anybody."));
    }
    for o in &s.owes {
        let (d, c) = (&o.debtor, &o.creditor);
        let amount = rials(o.amount, l);
        let n = num(o.detail.len() as i64, l);
        text.push_str(&match l {
            Lang::Fa => format!("\n{d} به {c} بدهکار است: {amount} ({n} ردیف)"),
            Lang::En => format!("\n{d} owes {c} {amount} ({n} entries)"),
        });
    }
    text
}

/// `vafa-hq report overdrafts`.
pub fn overdrafts(l: Lang, list: &[OverdraftLine]) -> String {
    let mut text = String::new();
    if list.is_empty() {
        text.push_str(l.pick(
            "هیچ عضوی از خرج دوباره بدهکار نیست.",
            "no member owes credit spent twice.",
        ));
    }
    for o in list {
        text.push_str(&format!(
            "{} {}: {}\n",
            printable(o.mobile.as_deref().unwrap_or_default()),
            printable(&o.name),
            rials(o.overdraft, l)
        ));
    }
    text.trim_end().to_string()
}

/// `vafa-hq conflicts`.
pub fn conflicts(l: Lang, list: &[ConflictLine]) -> String {
    let mut text = String::new();
    if list.is_empty() {
        text.push_str(l.pick("ناسازگاری بازی نیست.", "no open conflicts."));
    }
    for c in list {
        let (key, a, b) = (&c.key, &c.first, &c.second);
        text.push_str(&match (c.kind, l) {
            (ConflictKind::Card, Lang::Fa) => {
                format!("کارت {key} به دو عضو داده شده: {a} و {b} (vafa-hq card resolve)\n")
            }
            (ConflictKind::Card, Lang::En) => {
                format!("card {key} given to two members: {a} and {b} (vafa-hq card resolve)\n")
            }
            (ConflictKind::Mobile, Lang::Fa) => {
                format!("موبایل {key} دو بار ثبت شده: {a} و {b} (vafa-hq member merge)\n")
            }
            (ConflictKind::Mobile, Lang::En) => {
                format!("mobile {key} enrolled twice: {a} and {b} (vafa-hq member merge)\n")
            }
            (ConflictKind::MobileChange, Lang::Fa) => {
                format!("شعبه‌ی دیگری خواست موبایل عضو {a} را {key} کند: نگه داشته شد\n")
            }
            (ConflictKind::MobileChange, Lang::En) => {
                format!("another branch asked to change member {a}'s mobile to {key}: held\n")
            }
        });
    }
    text.trim_end().to_string()
}

/// `vafa-hq audit`: each terminal whose audit trail no longer continues what it reported.
pub fn audit(l: Lang, list: &[AuditBreak]) -> String {
    let mut text = String::new();
    if list.is_empty() {
        text.push_str(l.pick(
            "دفتر رویدادهای هر صندوق دنباله‌ی همان است که پیش‌تر گزارش داده بود.",
            "every till's audit trail continues what it reported before.",
        ));
    }
    for b in list {
        let (t, br, seq) = (&b.terminal, &b.branch, num(b.seq, l));
        let (seen, now) = (printable(&b.seen), printable(&b.now));
        text.push_str(&match (b.kind, l) {
            (AuditBreakKind::Rewritten, Lang::Fa) => format!(
                "شعبه‌ی {br}، صندوق {t}: رویداد {seq} بازنویسی شده است (پیش‌تر {seen}، اکنون {now}؛ {})\n",
                show_day(&b.at, l)
            ),
            (AuditBreakKind::Rewritten, Lang::En) => format!(
                "branch {br}, terminal {t}: audit record {seq} was rewritten (it said {seen}, now {now}; {})\n",
                show_day(&b.at, l)
            ),
            (AuditBreakKind::Backwards, Lang::Fa) => format!(
                "شعبه‌ی {br}، صندوق {t}: دفتر رویدادها از {} به {seq} عقب رفته است ({})\n",
                num(b.seen.parse().unwrap_or_default(), l),
                show_day(&b.at, l)
            ),
            (AuditBreakKind::Backwards, Lang::En) => format!(
                "branch {br}, terminal {t}: the audit trail went back from record {} to {seq} ({})\n",
                b.seen,
                show_day(&b.at, l)
            ),
        });
    }
    text.trim_end().to_string()
}

/// `vafa-hq conflicts approve|reject ID`.
pub fn mobile_decision(l: Lang, d: &MobileDecision) -> String {
    let (m, mobile) = (&d.member, printable(&d.mobile));
    match (d.approved, l) {
        (true, Lang::Fa) => {
            format!("تأیید شد: موبایل عضو {m} اکنون {mobile} است و به همه‌ی صندوق‌ها می‌رسد.")
        }
        (true, Lang::En) => {
            format!("approved: member {m}'s mobile is now {mobile}, on every till.")
        }
        (false, Lang::Fa) => {
            format!("رد شد: موبایل عضو {m} همان {mobile} می‌ماند و به همه‌ی صندوق‌ها می‌رسد.")
        }
        (false, Lang::En) => {
            format!("rejected: member {m}'s mobile stays {mobile}, on every till.")
        }
    }
}
