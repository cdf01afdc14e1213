//! `vafa demo`: a believable shop to try everything on. Persian names, valid mobiles,
//! birthdays, and two years of visits in which most members are regular small-basket
//! ("silver") customers — the group the seed documents say a club is built for.

use std::path::Path;

use chrono::{Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

use super::cards::typed_card;
use super::members::{blank_row, insert_member};
use super::sales::write_sale;
use super::{InitOptions, Vafa};
use vafa_core::calendar::{CalendarKind, GivenDate, jalali_to_gregorian};
use vafa_core::error::Result;
use vafa_core::ids::new_id;
use vafa_core::lang::Lang;
use vafa_core::sale::{Item, Redeem};

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub members: usize,
    pub days: u32,
    pub seed: u64,
    pub lang: Lang,
    /// A fixed clock (`VAFA_NOW`): the shop's two years end then rather than now.
    pub now: Option<chrono::DateTime<Utc>>,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            members: 300,
            days: 730,
            seed: 1405,
            lang: Lang::Fa,
            now: None,
        }
    }
}

const MALE: &[&str] = &[
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "امیر",
    "سعید",
    "حمید",
    "مجید",
    "بهرام",
    "کاوه",
    "آرش",
    "پویا",
    "سینا",
    "فرهاد",
    "داریوش",
    "نیما",
    "بابک",
];
const FEMALE: &[&str] = &[
    "فاطمه",
    "زهرا",
    "مریم",
    "سارا",
    "نرگس",
    "لیلا",
    "شیرین",
    "مهسا",
    "الهام",
    "پریسا",
    "نازنین",
    "آزاده",
    "ستاره",
    "یاسمن",
    "هانیه",
    "مینا",
    "رویا",
    "ترانه",
];
const LAST: &[&str] = &[
    "محمدی",
    "حسینی",
    "احمدی",
    "رضایی",
    "موسوی",
    "کریمی",
    "جعفری",
    "صادقی",
    "رحیمی",
    "کاظمی",
    "هاشمی",
    "قاسمی",
    "نوروزی",
    "تهرانی",
    "شیرازی",
    "اصفهانی",
    "کرمانی",
    "یزدی",
    "طباطبایی",
    "فراهانی",
    "امینی",
    "نیکپور",
    "زارعی",
    "عباسی",
];
const PREFIXES: &[&str] = &[
    "0912", "0919", "0935", "0936", "0901", "0910", "0921", "0938", "0990",
];

/// The catalogue: (SKU, unit price in rials, category).
const CATALOGUE: &[(&str, i64, &str)] = &[
    ("1001", 450_000, "coffee"),
    ("1002", 550_000, "coffee"),
    ("1003", 380_000, "coffee"),
    ("2001", 220_000, "bakery"),
    ("2002", 310_000, "bakery"),
    ("3001", 140_000, "dairy"),
    ("3002", 260_000, "dairy"),
    ("4001", 95_000, "snacks"),
    ("4002", 180_000, "snacks"),
    ("5001", 1_900_000, "gifts"),
    ("5002", 3_400_000, "gifts"),
];

/// The demo shop runs on the example configuration (bronze, silver and gold tiers).
const DEMO_CONFIG: &str = include_str!("../../../packaging/examples/config.toml");

/// A sale to generate: when, who (None = a guest), the basket, and whether to pay with credit.
type Visit = (chrono::DateTime<Utc>, Option<String>, Vec<Item>, bool);

/// How a demo member shops.
#[derive(Clone, Copy)]
enum Habit {
    /// Small baskets every few days: the "silver" majority.
    Regular,
    /// Bigger baskets every month or two.
    Occasional,
    /// A visit or two, recently.
    New,
}

fn basket(rng: &mut SmallRng, big: bool) -> Vec<Item> {
    let lines = if big {
        rng.random_range(2..=5)
    } else {
        rng.random_range(1..=3)
    };
    let mut items: Vec<Item> = Vec::new();
    for _ in 0..lines {
        let pool = if big {
            CATALOGUE.len()
        } else {
            CATALOGUE.len() - 2
        };
        let (sku, price, cat) = CATALOGUE[rng.random_range(0..pool)];
        let qty = rng.random_range(1..=if big { 3 } else { 2 });
        items.push(Item {
            sku: sku.into(),
            qty: qty.into(),
            unit_price: price,
            category: Some(cat.into()),
        });
    }
    items
}

/// The card number the demo gives its `i`-th member (when it gives one a card): the till
/// window's simulated reader swipes these.
pub fn demo_card(i: usize) -> String {
    format!("9826{:012}", 150_000_000_000u64 + i as u64 * 7919)
}

/// Creates the demo shop in `dir` (which must not hold a shop yet).
pub fn create(dir: &Path, opts: &DemoOptions) -> Result<Vafa> {
    let mut v = Vafa::init_at(
        dir,
        &InitOptions {
            shop: opts
                .lang
                .pick("کافه‌بازار وفا (نمونه)", "Vafa Café Market (demo)")
                .into(),
            branch: "TEH01".into(),
            branch_name: Some(opts.lang.pick("تهران، ونک", "Tehran, Vanak").into()),
            lang: opts.lang,
            unit: "toman".into(),
        },
        opts.now,
    )?;
    v.import_config(DEMO_CONFIG)?;
    v.import_offers(include_str!("../../../packaging/examples/offers.toml"))?;
    let rules = std::sync::Arc::clone(&v.rules);
    let branch = v.shop.branch_code.clone();
    let offset = v.shop.offset;
    let mut rng = SmallRng::seed_from_u64(opts.seed);
    let now = v.now_utc();
    let start = now - Duration::days(i64::from(opts.days.max(1)));
    // The share of regulars for this shop: between 55% and 75%.
    let regular_share = rng.random_range(55..=75);

    let tx = v.write_tx()?;
    let mut used = std::collections::HashSet::new();
    let mut events: Vec<Visit> = Vec::new();
    for i in 0..opts.members {
        let female = rng.random_bool(0.5);
        let first = if female {
            FEMALE[rng.random_range(0..FEMALE.len())]
        } else {
            MALE[rng.random_range(0..MALE.len())]
        };
        let last = LAST[rng.random_range(0..LAST.len())];
        let mobile = loop {
            let m = format!(
                "{}{:07}",
                PREFIXES[rng.random_range(0..PREFIXES.len())],
                rng.random_range(0..10_000_000u32)
            );
            if used.insert(m.clone()) {
                break m;
            }
        };
        let by = rng.random_range(1340..=1385);
        let (bm, bd) = (rng.random_range(1..=12u8), rng.random_range(1..=29u8));
        let birth = jalali_to_gregorian(by, bm, bd).map(|date| GivenDate {
            date,
            calendar: CalendarKind::Jalali,
        });
        let roll = rng.random_range(0..100);
        let habit = if roll < regular_share {
            Habit::Regular
        } else if roll < 92 {
            Habit::Occasional
        } else {
            Habit::New
        };
        let joined = match habit {
            Habit::New => now - Duration::days(rng.random_range(1..=30)),
            _ => start + Duration::days(rng.random_range(0..=i64::from(opts.days / 3).max(1))),
        };
        let mut row = blank_row(&branch, &joined.to_rfc3339());
        row.first_name = first.into();
        row.last_name = last.into();
        row.mobile = vafa_core::phone::parse_mobile(&mobile)
            .map(|m| m.to_string())
            .unwrap_or_default();
        row.gender = Some(if female { "f" } else { "m" }.into());
        if let Some(b) = birth {
            row.birth_date = Some(b.date.to_string());
            row.birth_calendar = Some("jalali".into());
        }
        if rng.random_bool(0.4) {
            let married = now - Duration::days(rng.random_range(365..=9000));
            row.anniversary = Some(married.date_naive().to_string());
            row.anniversary_calendar = Some("gregorian".into());
        }
        let card = if rng.random_bool(0.8) {
            typed_card(&demo_card(i), None).ok()
        } else {
            None
        };
        insert_member(&tx, &row, card.as_ref(), &joined.to_rfc3339(), &branch)?;
        // Visits from joining until now.
        let mut t = joined + Duration::minutes(rng.random_range(5..=120));
        let mut visits = 0;
        while t < now {
            let big = matches!(habit, Habit::Occasional) || rng.random_bool(0.05);
            let redeem = rng.random_bool(0.15);
            events.push((t, Some(row.id.to_string()), basket(&mut rng, big), redeem));
            visits += 1;
            let gap_hours = match habit {
                Habit::Regular => rng.random_range(3 * 24..=12 * 24),
                Habit::Occasional => rng.random_range(25 * 24..=90 * 24),
                Habit::New => {
                    if visits >= 2 {
                        break;
                    }
                    rng.random_range(24..=10 * 24)
                }
            };
            t += Duration::hours(gap_hours);
        }
    }
    // Guests: about one sale in ten.
    let guest_sales = events.len() / 10;
    for _ in 0..guest_sales {
        let t =
            start + Duration::minutes(rng.random_range(0..i64::from(opts.days.max(1)) * 24 * 60));
        events.push((t, None, basket(&mut rng, false), false));
    }
    events.sort_by_key(|e| e.0);
    for (t, member, items, redeem) in events {
        // Shops are open 09:00–22:00 local time: move each visit into opening hours.
        let local = t.with_timezone(&offset);
        let hour = chrono::Timelike::hour(&local);
        let t = if !(9..22).contains(&hour) {
            t + Duration::hours(12)
        } else {
            t
        };
        if t >= now {
            continue;
        }
        let gross: i64 = items.iter().filter_map(|i| i.total().ok()).sum();
        let r = if redeem && member.is_some() {
            Redeem::All
        } else {
            Redeem::Nothing
        };
        write_sale(
            &tx,
            &rules,
            v.shop.lang,
            &branch,
            &new_id(),
            member,
            None,
            gross,
            &items,
            r,
            t.with_timezone(&offset),
            t,
        )?;
    }
    tx.commit()?;
    Ok(v)
}
