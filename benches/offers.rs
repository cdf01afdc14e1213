//! Offer benchmark (issue 3): 1,000 active offers evaluated for one member and a 20-line
//! basket, and a whole durable sale with those offers against the same sale with none,
//! measured in the same run. Run: `cargo bench --bench offers`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use vafa_core::calendar::{CalendarKind, GivenDate, parse_date};
use vafa_core::config::ShopConfig;
use vafa_core::lang::Lang;
use vafa_core::offer::{Context, MemberFacts, Usage, decide, parse_offers};
use vafa_core::phone::parse_mobile;
use vafa_core::sale::{Item, Redeem};
use vafa_service::{Customer, InitOptions, MemberInput, SaleRequest, Vafa};

const OFFERS: usize = 1_000;
fn samples() -> usize {
    std::env::var("VAFA_BENCH_SAMPLES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2_000)
}

/// 1,000 offers of every kind; about half are eligible for the benchmark's member.
fn offers_file() -> String {
    let mut out = String::new();
    let cats = ["coffee", "bakery", "dairy", "snacks", "tea"];
    for i in 0..OFFERS {
        let when = match i % 10 {
            0 => format!("min_visits = {}", i % 20),
            1 => format!("max_days_since_last_visit = {}", 5 + i % 20),
            2 => format!("min_amount = {}", (i % 50) * 100_000),
            3 => "birthday_within_days = 3".to_string(),
            4 => "tiers = [\"silver\", \"gold\"]".to_string(),
            5 => format!("categories = [\"{}\"]", cats[i % cats.len()]),
            6 => "hours = \"09:00-21:00\"\nweekdays = [\"sat\", \"sun\", \"mon\", \"tue\", \"wed\", \"thu\"]".to_string(),
            7 => format!("every_nth_visit = {}", 2 + i % 5),
            8 => "occasions = [\"nowruz\"]".to_string(),
            _ => format!("skus = [\"sku{}\"]", i % 40),
        };
        let reward = match i % 6 {
            0 => format!("extra_credit_percent = {}", 1 + i % 30),
            1 => format!("discount_percent = {}", 1 + i % 15),
            2 => format!("points = {}", 10 + i % 90),
            3 => format!("points_multiplier = {}", 1 + i % 3),
            4 => format!("extra_credit = {}", 1_000 * (1 + i % 90)),
            _ => "free_item = true".to_string(),
        };
        let extra = if i % 6 == 5 && !(when.starts_with("categories") || when.starts_with("skus")) {
            "\ncategories = [\"coffee\"]"
        } else {
            ""
        };
        out.push_str(&format!(
            "[[offer]]\nid = \"o{i:04}\"\npriority = {}\nstack_group = \"g{}\"\n[offer.when]\n{when}{extra}\n[offer.reward]\n{reward}\n[offer.limit]\nper_member = 5\nperiod = \"month\"\nbudget = 900000000\n\n",
            i % 7,
            i % 25
        ));
    }
    out
}

fn basket() -> (Vec<Item>, i64) {
    let cats = ["coffee", "bakery", "dairy", "snacks", "tea"];
    let items: Vec<Item> = (0..20)
        .map(|k| Item {
            sku: format!("sku{}", k * 2),
            qty: Decimal::from(1 + k % 3),
            unit_price: 50_000 + 10_000 * k,
            category: Some(cats[k as usize % cats.len()].into()),
        })
        .collect();
    let gross = items.iter().map(|i| i.total().expect("total")).sum();
    (items, gross)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(name: &str, mut d: Vec<Duration>) -> Duration {
    d.sort();
    let (p50, p99) = (pct(&d, 0.50), pct(&d, 0.99));
    println!(
        "{name:<44} n={:<5} p50={:>8.1} µs  p99={:>8.1} µs  max={:>8.1} µs",
        d.len(),
        p50.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6,
        d[d.len() - 1].as_secs_f64() * 1e6
    );
    p99
}

fn main() {
    let text = offers_file();
    let offers = parse_offers(&text).expect("offers");
    let mut config = ShopConfig::default();
    config.offers.max_reward_percent = Decimal::from(40);
    for policy in [
        vafa_core::config::Policy::Best,
        vafa_core::config::Policy::Stack,
    ] {
        config.offers.policy = policy;
        let (items, gross) = basket();
        let member = MemberFacts {
            visits_before: 11,
            last_visit: NaiveDate::from_ymd_opt(2026, 11, 12),
            birth: Some(GivenDate {
                date: NaiveDate::from_ymd_opt(1990, 11, 21).expect("d"),
                calendar: CalendarKind::Jalali,
            }),
            tier: Some("silver".into()),
            ..MemberFacts::default()
        };
        let usage: BTreeMap<String, Usage> = BTreeMap::new();
        let at = DateTime::parse_from_rfc3339("2026-11-22T15:00:00+03:30").expect("t");
        let ctx = Context {
            at,
            branch: "TEH01",
            member: Some(&member),
            gross,
            items: &items,
            redeem: Redeem::Nothing,
            credit_available: Some(500_000),
            base_credit_percent: Decimal::from(5),
            offers: &offers,
            usage: &usage,
            occasions: &[],
            config: &config,
        };
        let d = decide(&ctx).expect("decide");
        let eligible = d.lines.iter().filter(|l| l.eligible).count();
        for _ in 0..50 {
            decide(&ctx).expect("warm");
        }
        let times: Vec<Duration> = (0..samples())
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(decide(std::hint::black_box(&ctx)).expect("decide"));
                t.elapsed()
            })
            .collect();
        let p99 = report(
            &format!("decide: {OFFERS} offers ({eligible} eligible), {policy:?}"),
            times,
        );
        println!(
            "  target p99 <= 1 ms: {}",
            if p99 <= Duration::from_millis(1) {
                "PASS"
            } else {
                "FAIL"
            }
        );
    }

    if std::env::var("VAFA_BENCH_DECIDE_ONLY").is_ok() {
        return;
    }
    // Durable sales: the same sale with 1,000 offers and with none, interleaved.
    let dir_a = tempfile::tempdir().expect("dir");
    let dir_b = tempfile::tempdir().expect("dir");
    let open = |dir: &std::path::Path, with_offers: bool| -> (Vafa, Vec<String>) {
        let mut v = Vafa::init(
            dir,
            &InitOptions {
                shop: "Bench".into(),
                branch: "TEH01".into(),
                branch_name: None,
                lang: Lang::Fa,
                unit: "toman".into(),
            },
        )
        .expect("init");
        if with_offers {
            v.import_offers(&text).expect("import");
        }
        let ids = (0..200)
            .map(|i| {
                v.enrol(&MemberInput {
                    first: Some(format!("M{i}")),
                    last: Some("B".into()),
                    mobile: parse_mobile(&format!("0912{:07}", i)),
                    birth: parse_date("1369-09-01").ok(),
                    ..MemberInput::default()
                })
                .expect("enrol")
                .id
            })
            .collect();
        (v, ids)
    };
    let (mut with, ids_a) = open(dir_a.path(), true);
    let (mut without, ids_b) = open(dir_b.path(), false);
    let (items, gross) = basket();
    let mut ta = Vec::new();
    let mut tb = Vec::new();
    let n = 1_000;
    for k in 0..n + 50 {
        for (v, ids, times) in [
            (&mut with, &ids_a, &mut ta),
            (&mut without, &ids_b, &mut tb),
        ] {
            let mut req = SaleRequest::new(Customer::id(ids[k % ids.len()].clone()), gross);
            req.items = items.clone();
            let t = Instant::now();
            v.sell(&req).expect("sale");
            if k >= 50 {
                times.push(t.elapsed());
            }
        }
    }
    let pa = report(&format!("durable sale, {OFFERS} offers, 20 lines"), ta);
    let pb = report("durable sale, no offers, 20 lines", tb);
    let extra = pa.saturating_sub(pb);
    println!(
        "  offers add {:.2} ms to a durable sale's p99 (target <= 1 ms over the core sale): {}",
        extra.as_secs_f64() * 1e3,
        if extra <= Duration::from_millis(1) {
            "PASS"
        } else {
            "FAIL"
        }
    );
}
