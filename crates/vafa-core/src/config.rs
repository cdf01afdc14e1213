//! The shop's configuration (`vafa config import`): earning rules, tiers, offer policy and
//! offline limits, exactly as CONTRACT.md's "Shop configuration" lists them.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::money::{MAX_AMOUNT, Rials};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ShopConfig {
    pub earn: Earn,
    pub offers: OfferPolicy,
    #[serde(rename = "tier")]
    pub tier: Vec<Tier>,
    pub tiers: TierWindow,
    pub offline: Offline,
    /// Lockout and adjustment limits for staff.
    pub staff: StaffRules,
    /// Changes to the permission matrix: action = lowest role that may do it.
    pub permissions: std::collections::BTreeMap<String, crate::staff::Role>,
    /// Automatic backups.
    pub backup: BackupRules,
    /// Categories and SKUs for the till's buttons and scanner.
    #[serde(skip_serializing_if = "crate::basket::Basket::is_empty")]
    pub basket: crate::basket::Basket,
    /// The receipt printer.
    #[serde(skip_serializing_if = "crate::basket::Printer::is_default")]
    pub printer: crate::basket::Printer,
    /// The local API for the shop's cash-register program (`vafa pos serve`).
    pub pos: Pos,
    /// Who may join (SPEC R2).
    #[serde(skip_serializing_if = "Membership::is_default")]
    pub membership: Membership,
    /// Messages to members (`[sms]`); the API key is never written back (see `sms`).
    #[serde(skip_serializing_if = "crate::sms::Sms::is_default")]
    pub sms: crate::sms::Sms,
}

/// `[pos]`: the local API for the shop's cash-register program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Pos {
    /// The till window also serves the API.
    pub enabled: bool,
    /// Where it listens (`vafa pos serve --listen` overrides it).
    pub listen: String,
    /// Addresses besides this machine's own (loopback) that may call it; empty: none.
    pub allow: Vec<String>,
}

impl Default for Pos {
    fn default() -> Self {
        Pos {
            enabled: false,
            listen: "127.0.0.1:8471".into(),
            allow: Vec::new(),
        }
    }
}

/// `[membership]`: voluntary (`min_purchase = 0`), or a guest sale of at least
/// `min_purchase` rials offers enrolment, and that sale then counts for the new member.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Membership {
    pub min_purchase: Rials,
}

impl Membership {
    pub fn is_default(&self) -> bool {
        *self == Membership::default()
    }

    /// Whether a guest sale of `gross` rials offers enrolment.
    pub fn offers_enrolment(&self, gross: Rials) -> bool {
        self.min_purchase > 0 && gross >= self.min_purchase
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Earn {
    pub credit_percent: Decimal,
    pub points_per: Rials,
    pub round_to: Rials,
    pub point_value: Rials,
    pub max_redeem_percent: Decimal,
    pub points_expire_days: u32,
    pub credit_expire_days: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Policy {
    Best,
    Stack,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OfferPolicy {
    pub policy: Policy,
    pub max_reward_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub name: String,
    pub min_points: i64,
    pub credit_percent: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TierWindow {
    pub window_days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Offline {
    pub max_redeem_per_member: Rials,
    pub max_redeem_total: Rials,
    pub max_offline_hours: u32,
    /// Rials of gift-card value the till may pay out before it syncs again.
    pub max_gift_redeem_total: Rials,
    /// Rials one gift card may pay out at this till before it syncs again.
    pub max_gift_redeem_per_card: Rials,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffRules {
    /// Wrong PINs in a row before an account locks (0 = never).
    pub lock_after: u32,
    /// How long a locked account stays locked.
    pub lock_minutes: u32,
    /// The largest manual adjustment (in rials; points counted at `earn.point_value`) that
    /// the `adjust_small` permission covers; larger ones need `adjust`.
    pub small_adjust_limit: Rials,
}

impl Default for StaffRules {
    fn default() -> Self {
        StaffRules {
            lock_after: 5,
            lock_minutes: 15,
            small_adjust_limit: 1_000_000,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BackupRules {
    /// Where automatic backups go; empty means `backups/` in the data directory. A folder
    /// given here is never created by vafa (it may be a drive that is not plugged in).
    pub folder: String,
    /// How many automatic backups to keep.
    pub keep: u32,
    /// Hours between automatic backups.
    pub every_hours: u32,
    /// The till warns when the last good backup is older than this.
    pub warn_after_hours: u32,
}

impl Default for BackupRules {
    fn default() -> Self {
        BackupRules {
            folder: String::new(),
            keep: 14,
            every_hours: 24,
            warn_after_hours: 48,
        }
    }
}

impl Default for Earn {
    fn default() -> Self {
        Earn {
            credit_percent: Decimal::from(5),
            points_per: 10_000,
            round_to: 1_000,
            point_value: 100,
            max_redeem_percent: Decimal::ONE_HUNDRED,
            points_expire_days: 365,
            credit_expire_days: 0,
        }
    }
}

impl Default for OfferPolicy {
    fn default() -> Self {
        OfferPolicy {
            policy: Policy::Best,
            max_reward_percent: Decimal::from(40),
        }
    }
}

impl Default for TierWindow {
    fn default() -> Self {
        TierWindow { window_days: 365 }
    }
}

impl Default for Offline {
    fn default() -> Self {
        Offline {
            max_redeem_per_member: 500_000,
            max_redeem_total: 20_000_000,
            max_offline_hours: 72,
            max_gift_redeem_total: 20_000_000,
            max_gift_redeem_per_card: 5_000_000,
        }
    }
}

/// What is wrong with a configuration file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The key at fault, e.g. `earn.round_to` (empty when the file itself is unreadable).
    pub key: String,
    /// What is wrong (said by vafa-text in the reader's language).
    pub reason: Fault,
}

/// What is wrong with a value in a shop's configuration, occasions or members file. Data:
/// the words are vafa-text's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// The file's own syntax, in its reader's words (TOML or CSV), shown as they are.
    Syntax(String),
    /// Not a percentage from 0 to 100.
    NotPercent(Decimal),
    /// Not an amount of rials from 0 up.
    NotAmount(Rials),
    /// `round_to` must be 1 rial or more.
    RoundTo,
    /// `lock_minutes` must be at least 1 when `lock_after` is set.
    LockMinutes,
    /// No such protected act; the known ones.
    NoSuchAction(Vec<&'static str>),
    /// Keep at least one backup.
    KeepBackup,
    /// At least one hour between backups.
    BackupHours,
    /// The tier window must be at least one day.
    WindowDays,
    /// A tier without a name.
    TierName,
    /// A tier defined twice.
    TierTwice(String),
    /// A negative `min_points`.
    MinPoints,
    /// A members file's column vafa does not know; the known ones.
    UnknownColumn(Vec<&'static str>),
    /// A members file without a column it needs.
    RequiredColumn,
    /// An occasion without a name.
    OccasionName,
    /// An occasion's `date` that is not a date.
    OccasionDate { name: String, value: String },
    /// An occasion's `jalali` that is not a Jalali month-day.
    OccasionJalali { name: String, value: String },
    /// An occasion needs exactly one of `date` and `jalali`.
    OccasionDateOrJalali(String),
    /// An occasion's `days` must be 1 to 31.
    OccasionDays(String),
    /// A paper width that is not 58 or 80 (mm).
    Paper(u32),
    /// A category or SKU given twice (or without its id).
    ItemTwice(String),
    /// A SKU's category that `[basket]` does not list.
    NoSuchCategory(String),
    /// A printer that is not `tcp://…`, `serial:…` or `file:…`.
    PrinterTarget(String),
    /// Not an address and port (`127.0.0.1:8471`).
    ListenAddress(String),
    /// Not an IP address (`192.168.1.20`).
    IpAddress(String),
    /// Not one of the SMS providers vafa speaks.
    SmsProvider(String),
    /// Quiet hours that are not `HH:MM-HH:MM`.
    QuietHours(String),
    /// An SMS event vafa does not know.
    SmsEvent(String),
    /// A blackout day that is not an ISO date.
    Blackout(String),
    /// At least one attempt per message.
    MaxAttempts,
    /// A template vafa cannot fill (an unknown field, named; an unmatched brace).
    SmsTemplate(crate::sms_template::TemplateError),
}

impl ShopConfig {
    /// Parses and validates a configuration file. Unknown keys and wrong types are errors
    /// that name their line.
    pub fn from_toml(text: &str) -> Result<ShopConfig, ConfigError> {
        let cfg: ShopConfig = toml::from_str(text).map_err(|e| ConfigError {
            line: e.span().map(|s| line_of(text, s.start)),
            key: String::new(),
            reason: Fault::Syntax(e.message().to_string()),
        })?;
        cfg.validate().map_err(|(key, reason)| ConfigError {
            line: find_key_line(text, &key),
            key,
            reason,
        })?;
        Ok(cfg)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks value ranges; returns the key at fault and why.
    pub fn validate(&self) -> Result<(), (String, Fault)> {
        let pct = |key: &str, v: Decimal| -> Result<(), (String, Fault)> {
            if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
                Err((key.to_string(), Fault::NotPercent(v)))
            } else {
                Ok(())
            }
        };
        let amount = |key: &str, v: Rials| -> Result<(), (String, Fault)> {
            if !(0..=MAX_AMOUNT).contains(&v) {
                Err((key.to_string(), Fault::NotAmount(v)))
            } else {
                Ok(())
            }
        };
        let e = &self.earn;
        pct("earn.credit_percent", e.credit_percent)?;
        pct("earn.max_redeem_percent", e.max_redeem_percent)?;
        pct("offers.max_reward_percent", self.offers.max_reward_percent)?;
        amount("earn.points_per", e.points_per)?;
        amount("earn.point_value", e.point_value)?;
        if !(1..=MAX_AMOUNT).contains(&e.round_to) {
            return Err(("earn.round_to".into(), Fault::RoundTo));
        }
        amount(
            "offline.max_redeem_per_member",
            self.offline.max_redeem_per_member,
        )?;
        amount("offline.max_redeem_total", self.offline.max_redeem_total)?;
        amount(
            "offline.max_gift_redeem_total",
            self.offline.max_gift_redeem_total,
        )?;
        amount(
            "offline.max_gift_redeem_per_card",
            self.offline.max_gift_redeem_per_card,
        )?;
        amount("staff.small_adjust_limit", self.staff.small_adjust_limit)?;
        amount("membership.min_purchase", self.membership.min_purchase)?;
        if self.staff.lock_after > 0 && self.staff.lock_minutes == 0 {
            return Err(("staff.lock_minutes".into(), Fault::LockMinutes));
        }
        for key in self.permissions.keys() {
            if crate::staff::Action::parse(key).is_none() {
                let known: Vec<&str> = crate::staff::Action::ALL
                    .iter()
                    .map(|a| a.as_str())
                    .collect();
                return Err((format!("permissions.{key}"), Fault::NoSuchAction(known)));
            }
        }
        if self.backup.keep == 0 {
            return Err(("backup.keep".into(), Fault::KeepBackup));
        }
        if self.backup.every_hours == 0 {
            return Err(("backup.every_hours".into(), Fault::BackupHours));
        }
        self.basket.validate()?;
        self.printer.validate()?;
        if self.pos.listen.parse::<std::net::SocketAddr>().is_err() {
            return Err((
                "pos.listen".into(),
                Fault::ListenAddress(self.pos.listen.clone()),
            ));
        }
        if let Some(bad) = self
            .pos
            .allow
            .iter()
            .find(|a| a.parse::<std::net::IpAddr>().is_err())
        {
            return Err(("pos.allow".into(), Fault::IpAddress(bad.clone())));
        }
        self.sms.validate()?;
        if self.tiers.window_days == 0 {
            return Err(("tiers.window_days".into(), Fault::WindowDays));
        }
        let mut names = std::collections::HashSet::new();
        for t in &self.tier {
            let name = t.name.trim();
            if name.is_empty() {
                return Err(("tier.name".into(), Fault::TierName));
            }
            if !names.insert(name.to_lowercase()) {
                return Err(("tier.name".into(), Fault::TierTwice(name.to_string())));
            }
            if t.min_points < 0 {
                return Err(("tier.min_points".into(), Fault::MinPoints));
            }
            pct("tier.credit_percent", t.credit_percent)?;
        }
        Ok(())
    }

    /// The tier a member is in with `points` earned in the window, if any tier applies:
    /// the one with the highest `min_points` not above `points`.
    pub fn tier_for(&self, points: i64) -> Option<&Tier> {
        self.tier
            .iter()
            .filter(|t| t.min_points <= points)
            .max_by_key(|t| t.min_points)
    }

    /// The base cashback percentage for a member of `tier` (or the shop default).
    pub fn credit_percent(&self, tier: Option<&Tier>) -> Decimal {
        tier.map(|t| t.credit_percent)
            .unwrap_or(self.earn.credit_percent)
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// The first line that sets the last segment of `key` (`earn.round_to` → `round_to =`),
/// after the key's own table header when the file has one (`[sms.templates.sale]`).
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    let (table, last) = key.rsplit_once('.').unwrap_or(("", key));
    let header = format!("[{table}]");
    let start = text
        .lines()
        .position(|l| l.trim_start().starts_with(&header))
        .unwrap_or(0);
    text.lines()
        .enumerate()
        .skip(start)
        .position(|(_, l)| {
            let t = l.trim_start();
            t.strip_prefix(last)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = r#"
[earn]
credit_percent = 5
points_per = 10000
round_to = 1000
point_value = 100
max_redeem_percent = 100
points_expire_days = 365
credit_expire_days = 0

[offers]
policy = "best"
max_reward_percent = 40

[[tier]]
name = "bronze"
min_points = 0
credit_percent = 5
[[tier]]
name = "silver"
min_points = 500
credit_percent = 7

[tiers]
window_days = 365

[offline]
max_redeem_per_member = 500000
max_redeem_total = 20000000
max_offline_hours = 72
"#;

    #[test]
    fn contract_example_parses() {
        let c = ShopConfig::from_toml(CONTRACT).expect("contract example");
        assert_eq!(c.tier.len(), 2);
        assert_eq!(c.tier_for(499).map(|t| t.name.as_str()), Some("bronze"));
        assert_eq!(c.tier_for(500).map(|t| t.name.as_str()), Some("silver"));
        assert_eq!(c.credit_percent(c.tier_for(900)), Decimal::from(7));
        // and survives a round trip through its own TOML
        assert_eq!(ShopConfig::from_toml(&c.to_toml()), Ok(c));
    }

    #[test]
    fn unknown_key_names_its_line() {
        let e = ShopConfig::from_toml("[earn]\ncredit_percent = 5\ncashback = 3\n")
            .expect_err("unknown key");
        assert_eq!(e.line, Some(3));
        assert!(
            matches!(&e.reason, Fault::Syntax(s) if s.contains("cashback")),
            "{:?}",
            e.reason
        );
    }

    #[test]
    fn wrong_type_names_its_line() {
        let e = ShopConfig::from_toml("[earn]\n\nround_to = \"a thousand\"\n").expect_err("type");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let e = ShopConfig::from_toml("[earn]\ncredit_percent = 150\n").expect_err("range");
        assert_eq!(e.key, "earn.credit_percent");
        assert_eq!(e.line, Some(2));
        assert!(ShopConfig::from_toml("[earn]\nround_to = 0\n").is_err());
        assert!(
            ShopConfig::from_toml("[[tier]]\nname='a'\nmin_points=0\ncredit_percent=5\n[[tier]]\nname='A'\nmin_points=1\ncredit_percent=5\n")
                .is_err()
        );
    }

    #[test]
    fn membership_min_purchase() {
        let c = ShopConfig::from_toml("[membership]\nmin_purchase = 500000\n").expect("ok");
        assert!(c.membership.offers_enrolment(500_000));
        assert!(!c.membership.offers_enrolment(499_999));
        assert!(!ShopConfig::default().membership.offers_enrolment(1_000_000));
        assert_eq!(ShopConfig::from_toml(&c.to_toml()), Ok(c));
        let e = ShopConfig::from_toml("[membership]\nmin_purchase = 1\nmaximum = 2\n")
            .expect_err("unknown key");
        assert_eq!(e.line, Some(3));
        let e = ShopConfig::from_toml("[membership]\nmin_purchase = -1\n").expect_err("range");
        assert_eq!(e.key, "membership.min_purchase");
        assert_eq!(e.line, Some(2));
        assert!(!ShopConfig::default().to_toml().contains("membership"));
    }

    #[test]
    fn gift_limits_are_amounts() {
        let d = ShopConfig::default().offline;
        assert_eq!(d.max_gift_redeem_total, 20_000_000);
        assert_eq!(d.max_gift_redeem_per_card, 5_000_000);
        let c = ShopConfig::from_toml(
            "[offline]\nmax_gift_redeem_total = 7\nmax_gift_redeem_per_card = 0\n",
        )
        .expect("ok");
        assert_eq!(c.offline.max_gift_redeem_total, 7);
        assert_eq!(c.offline.max_gift_redeem_per_card, 0);
        assert_eq!(ShopConfig::from_toml(&c.to_toml()), Ok(c));
        let e =
            ShopConfig::from_toml("[offline]\nmax_gift_redeem_total = -1\n").expect_err("range");
        assert_eq!(e.key, "offline.max_gift_redeem_total");
        let e = ShopConfig::from_toml("[offline]\n\nmax_gift_redeem_per_card = -1\n")
            .expect_err("range");
        assert_eq!(e.key, "offline.max_gift_redeem_per_card");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn empty_file_is_the_defaults() {
        assert_eq!(ShopConfig::from_toml(""), Ok(ShopConfig::default()));
    }
}
