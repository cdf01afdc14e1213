//! What the CLI prints: human text in the shop's language, or JSON with `--json`.

use std::path::Path;

use serde::Serialize;

use vafa_core::config::ShopConfig;
use vafa_core::error::{Error, Result};
use vafa_core::lang::Lang;
use vafa_text::cli::{Line, line};
use vafa_text::error::SayNaming;
use vafa_text::format::{num, rials, show_day, show_time};
use vafa_text::{Say, printable as p};

use vafa_service::{CardView, MemberView, SaleResult, Vafa, VoidResult};

/// `println!` that stops quietly when stdout is closed (`vafa ... | head`) instead of
/// panicking: whatever the command did has already been saved.
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

macro_rules! say_raw {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}

pub struct Out {
    json: bool,
}

pub(crate) fn print_json<T: Serialize>(v: &T) -> Result<()> {
    say!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
    Ok(())
}

impl Out {
    pub fn new(json: bool) -> Out {
        Out { json }
    }

    pub fn json(&self) -> bool {
        self.json
    }

    pub fn error(&mut self, e: &Error, lang: Lang) {
        // A wrong input is named by its flag.
        let message = e.say_naming(lang, &super::args::flag);
        // The audit command has already printed its report, with the break in it.
        let shown = matches!(
            e,
            Error::Reader { shown: true, .. } | Error::AuditBroken { .. }
        );
        if self.json && !shown {
            say!(
                "{}",
                serde_json::json!({"error": {"code": e.code(), "message": message}})
            );
        }
        eprintln!("{}: {message}", lang.pick("خطا", "error"));
    }

    pub fn shop(&mut self, v: &Vafa) -> Result<()> {
        if self.json {
            return print_json(&v.shop);
        }
        let l = v.lang();
        say!(
            "{} «{}» ({} {}) {} {}",
            l.pick("فروشگاه", "Shop"),
            v.shop.name,
            l.pick("شعبه", "branch"),
            v.shop.branch_code,
            l.pick("ساخته شد در", "created in"),
            v.dir().display()
        );
        Ok(())
    }

    pub fn demo(&mut self, v: &Vafa) -> Result<()> {
        let members = vafa_store::members::count(v.conn())?;
        let sales = vafa_store::sales::count(v.conn())?;
        if self.json {
            return print_json(
                &serde_json::json!({"shop": v.shop, "members": members, "sales": sales}),
            );
        }
        let l = v.lang();
        say!(
            "{} «{}»: {} {}، {} {}",
            l.pick("فروشگاه نمونه", "Demo shop"),
            v.shop.name,
            num(members, l),
            l.pick("عضو", "members"),
            num(sales, l),
            l.pick("فروش", "sales")
        );
        Ok(())
    }

    pub fn config(&mut self, c: &ShopConfig) -> Result<()> {
        if self.json {
            return print_json(c);
        }
        say_raw!("{}", c.to_toml());
        Ok(())
    }

    pub fn member(&mut self, m: &MemberView, l: Lang, new: bool) -> Result<()> {
        if self.json {
            return print_json(m);
        }
        if new {
            say!("{}", line(l, Line::MemberEnrolled));
        }
        say!(
            "{} {}  ({})",
            p(&m.first_name),
            p(&m.last_name),
            p(&m.mobile)
        );
        say!("  {}: {}", l.pick("شناسه", "id"), m.id);
        if let Some(t) = &m.tier {
            say!("  {}: {t}", l.pick("سطح", "tier"));
        }
        say!(
            "  {}: {}   {}: {}",
            l.pick("اعتبار", "credit"),
            rials(m.balance.credit, l),
            l.pick("امتیاز", "points"),
            num(m.balance.points, l)
        );
        if !m.owed.is_zero() {
            say!(
                "  {}: {}   {}: {}",
                line(l, Line::OwesSpentTwice),
                rials(m.owed.credit, l),
                l.pick("امتیاز", "points"),
                num(m.owed.points, l)
            );
        }
        say!(
            "  {}: {}   {}: {}",
            l.pick("مراجعه", "visits"),
            num(m.visits, l),
            l.pick("آخرین مراجعه", "last visit"),
            m.last_visit
                .as_deref()
                .map(|t| show_day(t, l))
                .unwrap_or_else(|| "—".into())
        );
        if let Some(b) = &m.birth_date {
            say!(
                "  {}: {}",
                l.pick("تاریخ تولد", "birth date"),
                show_day(b, l)
            );
        }
        for c in &m.cards {
            let status = match c.status.as_str() {
                "active" => l.pick("فعال", "active").to_string(),
                _ => format!(
                    "{} ({})",
                    l.pick("مسدود", "blocked"),
                    p(c.reason.as_deref().unwrap_or_default())
                ),
            };
            say!("  {}: {}  {status}", l.pick("کارت", "card"), c.number);
        }
        Ok(())
    }

    pub fn members(&mut self, found: &[MemberView], l: Lang) -> Result<()> {
        if self.json {
            return print_json(&found);
        }
        if found.is_empty() {
            say!("{}", line(l, Line::NoMemberFound));
        }
        for m in found {
            say!(
                "{}  {} {}  {}  {}: {}",
                m.id,
                p(&m.first_name),
                p(&m.last_name),
                p(&m.mobile),
                l.pick("اعتبار", "credit"),
                rials(m.balance.credit, l)
            );
        }
        Ok(())
    }

    pub fn card(&mut self, c: &CardView, l: Lang) -> Result<()> {
        if self.json {
            return print_json(c);
        }
        let status = if c.status == "active" {
            l.pick("فعال", "active")
        } else {
            l.pick("مسدود", "blocked")
        };
        say!("{} {}: {status}", l.pick("کارت", "Card"), c.number);
        Ok(())
    }

    pub fn sale(&mut self, r: &SaleResult, l: Lang) -> Result<()> {
        if self.json {
            return print_json(r);
        }
        if r.dry_run {
            say!("{}", line(l, Line::Preview));
        } else {
            say!(
                "{} {}",
                line(l, Line::SaleRecorded),
                r.sale_id.as_deref().unwrap_or_default()
            );
        }
        say!("  {}: {}", l.pick("مبلغ کل", "gross"), rials(r.gross, l));
        if r.discount > 0 {
            say!(
                "  {}: {}",
                l.pick("تخفیف", "discount"),
                rials(r.discount, l)
            );
        }
        if r.credit_redeemed > 0 {
            say!(
                "  {}: {}",
                l.pick("پرداخت با اعتبار", "paid with credit"),
                rials(r.credit_redeemed, l)
            );
        }
        say!("  {}: {}", l.pick("پرداختی", "paid"), rials(r.paid, l));
        if r.gift_redeemed > 0 {
            use vafa_text::gift::{Word, word};
            say!(
                "    {}: {}   {}: {}",
                word(l, Word::PaidWithGift),
                rials(r.gift_redeemed, l),
                word(l, Word::PaidInMoney),
                rials(r.paid - r.gift_redeemed, l)
            );
        }
        if r.member_id.is_some() {
            say!(
                "  {}: {}   {}: {}",
                l.pick("اعتبار کسب‌شده", "credit earned"),
                rials(r.credit_earned, l),
                l.pick("امتیاز کسب‌شده", "points earned"),
                num(r.points_earned, l)
            );
        }
        if let Some(b) = &r.balance {
            balance_line(b, l);
        }
        for o in &r.offers {
            let value = if o.value > 0 {
                format!(" ({})", rials(o.value, l))
            } else {
                String::new()
            };
            say!(
                "  {} {}{value}: {}",
                if o.chosen {
                    "✔"
                } else if o.eligible {
                    "·"
                } else {
                    "✗"
                },
                o.id,
                o.reason
            );
        }
        Ok(())
    }

    pub fn offers(&mut self, list: &[vafa_service::OfferView], l: Lang) -> Result<()> {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            say!("{}", line(l, Line::NoOffers));
        }
        for o in list {
            let status = if o.enabled {
                l.pick("فعال", "on")
            } else {
                l.pick("غیرفعال", "off")
            };
            let mut line = format!(
                "{:<20} {status:<4} {}  {}: {}",
                o.id,
                o.name,
                l.pick("استفاده", "uses"),
                num(o.uses, l)
            );
            if let Some(left) = o.budget_left {
                line.push_str(&format!(
                    "  {}: {}",
                    l.pick("بودجهٔ مانده", "budget left"),
                    rials(left, l)
                ));
            }
            say!("{line}");
        }
        Ok(())
    }

    pub fn readers(&mut self, list: &[vafa_devices::ReaderConfig], l: Lang) -> Result<()> {
        if self.json {
            return print_json(&list);
        }
        if list.is_empty() {
            say!("{}", line(l, Line::NoReaders));
        }
        for r in list {
            let target = match &r.transport {
                vafa_devices::Transport::Serial {
                    path,
                    baud,
                    framing,
                } => format!("{path} {baud} {framing}"),
                vafa_devices::Transport::Hid {
                    vendor_id,
                    product_id,
                    usage_page,
                } => match usage_page {
                    Some(p) => format!("usb {vendor_id:04x}:{product_id:04x} page {p:#06x}"),
                    None => format!("usb {vendor_id:04x}:{product_id:04x}"),
                },
                vafa_devices::Transport::Wedge => l.pick("صفحه‌کلید", "keyboard").to_string(),
            };
            say!("{:<20} {:<18} {target}", r.name, r.profile);
        }
        Ok(())
    }

    pub fn void(&mut self, r: &VoidResult, l: Lang) -> Result<()> {
        if self.json {
            return print_json(r);
        }
        say!("{} {}", line(l, Line::SaleVoided), r.sale_id);
        if r.gift_reversed > 0 {
            use vafa_text::gift::{Word, word};
            say!(
                "  {}: {}",
                word(l, Word::GiftGivenBack),
                rials(r.gift_reversed, l)
            );
        }
        if let Some(b) = &r.balance {
            balance_line(b, l);
        }
        Ok(())
    }

    pub fn sync_status(&mut self, st: &vafa_service::SyncStatus, l: Lang) -> Result<()> {
        if self.json {
            return print_json(st);
        }
        let none = || l.pick("هرگز", "never").to_string();
        if !st.connected {
            say!("{}", line(l, Line::NotConnected));
        } else {
            say!(
                "{} {}",
                line(l, Line::HeadOffice),
                st.url.clone().unwrap_or_default()
            );
        }
        say!("{} {}", line(l, Line::WaitingToSend), st.pending);
        say!(
            "{} {}",
            line(l, Line::LastSuccessfulSync),
            st.last_success.clone().unwrap_or_else(none)
        );
        if let Some(e) = &st.last_error {
            say!("{} {e}", line(l, Line::LastError));
        }
        for p in &st.parked {
            let why = match l {
                Lang::Fa => vafa_text::hq::hq_code_fa(&p.code)
                    .map(|w| format!("{w} ({})", p.code))
                    .unwrap_or_else(|| p.message.clone()),
                Lang::En => p.message.clone(),
            };
            say!(
                "{} #{} {} {}: {why}",
                line(l, Line::Refused),
                p.seq,
                p.kind,
                p.record_id,
            );
        }
        if st.skipped > 0 {
            say!("{} {}", line(l, Line::ReceivedNotApplied), st.skipped);
        }
        if st.owing_members > 0 {
            say!(
                "{} {} ({} {})",
                line(l, Line::OwedSpentTwice),
                rials(st.owed_credit, l),
                num(st.owing_members, l),
                l.pick("عضو", "members")
            );
        }
        Ok(())
    }

    pub fn sync_report(&mut self, r: &vafa_service::SyncReport, l: Lang) -> Result<()> {
        if self.json {
            return print_json(r);
        }
        say!(
            "{} {} · {} {} · {} {} · {} {}",
            l.pick("فرستاده:", "sent:"),
            r.pushed,
            l.pick("دریافت:", "received:"),
            r.pulled,
            l.pick("نپذیرفته:", "refused:"),
            r.parked,
            l.pick("در انتظار:", "waiting:"),
            r.pending
        );
        Ok(())
    }

    pub fn done(&mut self, what: &str, msg: &str) -> Result<()> {
        if self.json {
            return print_json(&serde_json::json!({"ok": true, "detail": what}));
        }
        say!("{msg}: {what}");
        Ok(())
    }

    pub fn restored(&mut self, from: &Path, kept: &Path, l: Lang) -> Result<()> {
        if self.json {
            return print_json(
                &serde_json::json!({"restored": from, "previous_data_kept_in": kept}),
            );
        }
        say!(
            "{} {}\n{} {}",
            line(l, Line::RestoredFrom),
            from.display(),
            line(l, Line::PreviousKeptIn),
            kept.display()
        );
        Ok(())
    }

    pub fn check(&mut self, problems: &[String], l: Lang) -> Result<()> {
        if self.json {
            print_json(&serde_json::json!({"ok": problems.is_empty(), "problems": problems}))?;
        } else if problems.is_empty() {
            say!("{}", line(l, Line::LedgerSound));
        } else {
            for p in problems {
                say!("{p}");
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Error::Storage {
                detail: format!("{} ledger problems", problems.len()),
            })
        }
    }
}

impl Out {
    pub fn staff(&mut self, list: &[vafa_store::staff::StaffRow], l: Lang) -> Result<()> {
        if self.json {
            return print_json(&list);
        }
        for r in list {
            let state = if !r.active {
                l.pick("غیرفعال", "disabled").to_string()
            } else if let Some(u) = &r.locked_until {
                format!("{} {}", l.pick("قفل تا", "locked until"), show_time(u, l))
            } else {
                l.pick("فعال", "active").to_string()
            };
            let last = r
                .last_login
                .as_deref()
                .map(|t| show_time(t, l))
                .unwrap_or_else(|| "—".into());
            say!(
                "{}\t{}\t{}\t{}: {}",
                r.name,
                vafa_text::staff::role(r.role, l),
                state,
                l.pick("آخرین ورود", "last sign-in"),
                last
            );
        }
        Ok(())
    }

    pub fn audit(&mut self, r: &vafa_service::AuditReport, l: Lang) -> Result<()> {
        if self.json {
            // One object: the report, and when the chain is broken, the error too.
            let mut v = serde_json::to_value(r).unwrap_or_default();
            if let (Some(b), Some(obj)) = (&r.broken, v.as_object_mut()) {
                let e = Error::AuditBroken { at: b.clone() };
                obj.insert(
                    "error".into(),
                    serde_json::json!({"code": e.code(), "message": e.say(l)}),
                );
            }
            return print_json(&v);
        }
        for rec in &r.records {
            say!(
                "{}\t{}\t{} ({})\t{}\t{}\t{}\t{}",
                num(rec.seq, l),
                show_time(&rec.at, l),
                rec.actor,
                vafa_core::staff::Role::parse(&rec.role)
                    .map(|r| vafa_text::staff::role(r, l))
                    .unwrap_or(&rec.role),
                rec.terminal,
                rec.action,
                rec.subject,
                rec.detail
            );
        }
        match &r.broken {
            None => say!("{} {}", num(r.total as i64, l), line(l, Line::ChainIntact)),
            Some(b) => say!(
                "{} {}",
                line(l, Line::ChainBroken),
                vafa_text::staff::chain_break(b, l)
            ),
        }
        Ok(())
    }

    pub fn adjust(&mut self, r: &vafa_service::AdjustResult, l: Lang) -> Result<()> {
        if self.json {
            return print_json(r);
        }
        let what = if r.account == "points" {
            format!("{} {}", num(r.amount, l), l.pick("امتیاز", "points"))
        } else {
            rials(r.amount, l)
        };
        say!(
            "{} {what} ({})",
            line(l, Line::AdjustmentRecorded),
            r.reason
        );
        balance_line(&r.balance, l);
        Ok(())
    }

    pub fn backup_status(
        &mut self,
        s: &vafa_service::BackupStatus,
        folder: &Path,
        l: Lang,
    ) -> Result<()> {
        if self.json {
            return print_json(&serde_json::json!({"folder": folder, "status": s}));
        }
        say!(
            "{}: {}",
            l.pick("پوشهٔ پشتیبان", "Backup folder"),
            folder.display()
        );
        say!("{}", backup_line(s, l));
        Ok(())
    }

    pub fn auto_backup(&mut self, r: &vafa_service::AutoBackup, l: Lang) -> Result<()> {
        if self.json {
            return print_json(r);
        }
        match &r.written {
            Some(p) => say!("{} {p}", line(l, Line::BackupWrittenVerified)),
            None => say!("{}", line(l, Line::NoBackupDue)),
        }
        for p in &r.removed {
            say!("{} {p}", line(l, Line::OldBackupRemoved));
        }
        say!("{}", backup_line(&r.status, l));
        Ok(())
    }
}

/// One line on the last automatic backup, with a warning when it is old or failed.
pub fn backup_line(s: &vafa_service::BackupStatus, l: Lang) -> String {
    let mut text = match (&s.last_ok, s.age_hours) {
        (Some(t), Some(h)) => format!(
            "{} {} ({} {})",
            line(l, Line::LastGoodBackup),
            show_time(t, l),
            num(h, l),
            l.pick("ساعت پیش", "hours ago")
        ),
        _ => line(l, Line::NoBackupYet).to_string(),
    };
    if s.stale {
        text.push_str(line(l, Line::BackupOld));
    }
    if let Some(e) = &s.last_error {
        text.push_str(&format!("\n{} {e}", line(l, Line::LastBackupError)));
    }
    text
}

fn balance_line(b: &vafa_service::BalanceOut, l: Lang) {
    say!(
        "  {}: {}   {}: {}",
        l.pick("اعتبار فعلی", "credit now"),
        rials(b.credit, l),
        l.pick("امتیاز فعلی", "points now"),
        num(b.points, l)
    );
}

/// `vafa` with no arguments: until the till window lands, make sure a shop exists (the
/// demo shop on a fresh machine) and show where things stand.
pub fn home(dir: &Path, out: &mut Out, lang: &mut Lang) -> Result<()> {
    let v = match Vafa::open(dir) {
        Ok(v) => v,
        Err(Error::NotInitialised { .. }) => {
            eprintln!("{} {}", line(*lang, Line::NoShopMakingDemo), dir.display());
            vafa_service::demo::create(dir, &vafa_service::DemoOptions::default())?
        }
        Err(e) => return Err(e),
    };
    *lang = v.lang();
    let l = v.lang();
    let members = vafa_store::members::count(v.conn())?;
    let sales = vafa_store::sales::count(v.conn())?;
    let pending = v.outbox_pending()?;
    if out.json {
        return print_json(&serde_json::json!({
            "shop": v.shop, "data_dir": dir, "members": members, "sales": sales, "unsynced": pending,
            "backup": v.backup_status()?,
        }));
    }
    say!(
        "vafa — {} «{}» ({})",
        l.pick("فروشگاه", "shop"),
        v.shop.name,
        v.shop.branch_code
    );
    say!("  {}: {}", l.pick("پوشهٔ داده", "data"), dir.display());
    say!(
        "  {}: {}   {}: {}",
        l.pick("عضو", "members"),
        num(members, l),
        l.pick("فروش", "sales"),
        num(sales, l)
    );
    // An example with a real member of this shop, to copy and paste.
    let example = vafa_store::members::busiest(v.conn()).ok().flatten();
    say!("{}", line(l, Line::ToStart));
    match example {
        Some((mobile, card)) => {
            let local = vafa_core::phone::parse_mobile(&mobile)
                .map(|m| m.local())
                .unwrap_or(mobile);
            say!("  vafa member show --mobile {local}");
            say!("  vafa sale --mobile {local} --amount 250000 --dry-run");
            if let Some(c) = card {
                say!(
                    "  vafa sale --card {c} --amount 1330000 --item 1001:2:450000:coffee --item 1003:1:380000:coffee --item 2001:1:50000:bakery"
                );
            }
        }
        None => say!("  vafa member enrol --first ... --last ... --mobile 09..."),
    }
    say!("  vafa offers list\n  vafa --help");
    say!("{}", backup_line(&v.backup_status()?, l));
    Ok(())
}
