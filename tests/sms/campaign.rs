//! `vafa sms campaign` and the daily birthday job, through the real binary against a
//! provider's loopback server (the fixed clock: `common::NOW` is 1405/09/01 10:00 Tehran).

use serde_json::Value;
use vafa_sms::Provider;

use super::common::{NOW, Shop};
use super::{log, send_at, shop_with};

const CAMPAIGN: &str = r#"
price_per_part = 1000

[sms.templates.yalda]
fa = "{first_name} عزیز، شب یلدا ۲۰٪ تخفیف در {shop}. اعتبار شما: {credit} تومان"
en = "Dear {first_name}, 20% off for Yalda at {shop}. Your credit: {credit} toman"

[sms.templates.birthday]
fa = "{first_name} عزیز، تولدتان مبارک! {shop}"
en = "Happy birthday, {first_name}! {shop}"

[[tier]]
name = "bronze"
min_points = 0
credit_percent = 5

[[tier]]
name = "gold"
min_points = 50
credit_percent = 5
"#;

fn of_event(s: &Shop, event: &str) -> Vec<Value> {
    log(s).into_iter().filter(|m| m["event"] == event).collect()
}

fn campaign(s: &Shop, args: &[&str]) -> Value {
    let mut a = vec!["sms", "campaign", "--template", "yalda"];
    a.extend_from_slice(args);
    s.json(&a)
}

#[test]
fn a_dry_run_shows_the_figures_then_a_campaign_queues_once_per_consenting_member() {
    let (s, srv) = shop_with(Provider::Kavenegar, "en", CAMPAIGN);
    let sara = s.enrol("Sara", "09121234567", None);
    s.enrol("Reza", "09121234568", None);
    let said_no = s.enrol("Ali", "09121234569", None);
    s.ok(&["member", "edit", &said_no, "--sms", "off"]);
    s.json(&["sale", "--member", &sara, "--amount", "1000000"]);
    let before = s.counts();
    let dry = campaign(&s, &["--all", "--dry-run"]);
    assert_eq!(s.counts(), before, "a dry run writes nothing");
    assert_eq!(dry["members"], 2, "{dry}");
    assert_eq!(dry["id"], "yalda-2026-11-22");
    assert!(dry["queued"].is_null());
    // Each message is one part of 70 or fewer, two parts past it (the opt-out line counts).
    let parts = dry["parts"].as_i64().expect("parts");
    assert!(parts >= 2, "{dry}");
    assert_eq!(dry["cost_rials"], parts * 1000);
    let shown = s.ok(&[
        "sms",
        "campaign",
        "--all",
        "--template",
        "yalda",
        "--dry-run",
    ]);
    assert!(
        shown.contains("2 members") && shown.contains("dry run"),
        "{shown}"
    );

    let run = campaign(&s, &["--all"]);
    assert_eq!(run["queued"], 2, "{run}");
    assert_eq!(
        (run["members"].clone(), run["parts"].clone()),
        (dry["members"].clone(), dry["parts"].clone())
    );
    let again = campaign(&s, &["--all"]);
    assert_eq!(
        again["queued"], 0,
        "the same campaign id queues once: {again}"
    );
    assert_eq!(of_event(&s, "campaign").len(), 2);
    // Another id is another campaign.
    assert_eq!(campaign(&s, &["--all", "--id", "yalda-2"])["queued"], 2);

    let r = send_at(&s, NOW);
    assert!(r["sent"].as_i64() >= Some(4), "{r}");
    let got: Vec<_> = srv
        .received()
        .into_iter()
        .filter(|m| m.text.contains("Yalda"))
        .collect();
    assert_eq!(got.len(), 4);
    assert!(
        got.iter().all(|m| m.to != "09121234569"),
        "the member who said no"
    );
    assert!(got.iter().all(|m| m.text.ends_with("\nلغو۱۱")), "{got:?}");
    let sara_text = got
        .iter()
        .find(|m| m.to == "09121234567")
        .map(|m| m.text.clone());
    assert_eq!(
        sara_text.as_deref(),
        Some("Dear Sara, 20% off for Yalda at Test Café. Your credit: 5,000 toman\nلغو۱۱")
    );
}

#[test]
fn a_campaign_reaches_its_tier_or_birthdays_and_waits_for_its_time() {
    let (s, srv) = shop_with(Provider::Ghasedak, "en", CAMPAIGN);
    let gold = s.enrol("Sara", "09121234567", None);
    s.enrol("Reza", "09121234568", None);
    s.enrol_born("Mina", "09121234570", "1370/09/05");
    s.json(&["sale", "--member", &gold, "--amount", "1000000"]);
    let tier = campaign(&s, &["--tier", "gold", "--dry-run"]);
    assert_eq!(tier["members"], 1, "{tier}");
    let birthdays = campaign(&s, &["--segment", "birthdays", "--dry-run"]);
    assert_eq!(birthdays["members"], 1, "Mina's is on 5 Azar: {birthdays}");
    let champions = campaign(&s, &["--segment", "champions", "--dry-run"]);
    let lapsing = campaign(&s, &["--segment", "lapsing", "--dry-run"]);
    assert_eq!(lapsing["members"], 0, "nobody has lapsed: {lapsing}");
    assert!(champions["members"].as_i64() <= Some(1));

    let later = "2026-11-22T18:00:00+03:30";
    let q = campaign(&s, &["--tier", "gold", "--at", later]);
    assert_eq!(q["queued"], 1);
    send_at(&s, NOW);
    assert!(
        srv.received().iter().all(|m| !m.text.contains("Yalda")),
        "not before its time"
    );
    let r = send_at(&s, "2026-11-22T18:00:01+03:30");
    assert_eq!(r["sent"], 1, "{r}");
    let got = srv.received();
    assert_eq!(got.last().map(|m| m.to.as_str()), Some("09121234567"));
}

#[test]
fn a_campaign_refused_writes_nothing() {
    let (s, _srv) = shop_with(Provider::SmsIr, "fa", CAMPAIGN);
    s.enrol("سارا", "09121234567", None);
    s.enrol("رضا", "09121234568", None);
    let before = s.counts();
    let (code, msg, _) = s.fails(&[
        "sms",
        "campaign",
        "--all",
        "--template",
        "yalda",
        "--budget",
        "1000",
    ]);
    assert_eq!(code, "campaign_over_budget");
    assert!(msg.contains("بودجه") && msg.contains("۱٬۰۰۰"), "{msg}");
    for (args, want) in [
        (vec!["--segment", "vip"], "invalid"),
        (vec!["--tier", "platinum"], "invalid"),
    ] {
        let mut a = vec!["sms", "campaign", "--template", "yalda"];
        a.extend_from_slice(&args);
        assert_eq!(s.fails(&a).0, want, "{args:?}");
    }
    assert_eq!(
        s.fails(&["sms", "campaign", "--all", "--template", "nowruz"])
            .0,
        "invalid"
    );
    assert_eq!(s.counts(), before);
    // Within its budget it goes.
    let ok = campaign(&s, &["--all", "--budget", "100,000"]);
    assert_eq!(ok["queued"], 2, "{ok}");

    let off = Shop::new();
    assert_eq!(
        off.fails(&["sms", "campaign", "--all", "--template", "yalda"])
            .0,
        "sms_off"
    );
}

#[test]
fn the_birthday_job_queues_todays_birthdays_once_a_year() {
    let (s, srv) = shop_with(Provider::Kavenegar, "en", CAMPAIGN);
    // Today is 1405/09/01 (22 November 2026): a Jalali birthday on its Jalali day, a
    // Gregorian one on its own; tomorrow's waits.
    s.enrol_born("Mina", "09121234570", "1370/09/01");
    s.enrol_born("John", "09121234571", "1990-11-22");
    s.enrol_born("Tomorrow", "09121234572", "1370/09/02");
    let r = send_at(&s, NOW);
    assert_eq!(r["birthdays"], 2, "{r}");
    let sent: Vec<String> = srv
        .received()
        .into_iter()
        .filter(|m| m.text.starts_with("Happy birthday"))
        .map(|m| m.to)
        .collect();
    assert_eq!(sent, ["09121234570", "09121234571"]);
    // Again today, and on the next day: nothing more for them.
    assert_eq!(send_at(&s, NOW)["birthdays"], 0);
    let r = send_at(&s, "2026-11-23T10:00:00+03:30");
    assert_eq!(r["birthdays"], 1, "only tomorrow's: {r}");
    assert_eq!(of_event(&s, "birthday").len(), 3);
    // A year on, each gets one again (1406/09/01 is 22 November 2027).
    let r = send_at(&s, "2027-11-22T10:00:00+03:30");
    assert_eq!(r["birthdays"], 2, "{r}");
}

#[test]
fn a_birthday_on_a_blackout_day_waits() {
    let extra = format!("blackout = [\"2026-11-22\"]\n{CAMPAIGN}");
    let (s, srv) = shop_with(Provider::Kavenegar, "en", &extra);
    s.enrol_born("Mina", "09121234570", "1370/09/01");
    let r = send_at(&s, NOW);
    assert_eq!(r["birthdays"], 1);
    assert_eq!(r["sent"], 0, "a mourning day: {r}");
    assert!(srv.received().is_empty());
    let r = send_at(&s, "2026-11-23T10:00:00+03:30");
    assert_eq!(r["birthdays"], 0, "{r}");
    assert!(
        srv.received()
            .iter()
            .any(|m| m.text.starts_with("Happy birthday"))
    );
}

#[test]
fn a_jalali_birthday_twice_in_one_gregorian_year_is_sent_twice() {
    use vafa_core::calendar::jalali_to_gregorian;
    // A Dey day that falls on the first days of a Gregorian year and again on its last
    // days: two Jalali years, so two birthdays.
    let year = |d: chrono::NaiveDate| chrono::Datelike::year(&d);
    let (y, m, d, first, second) = (1395..1480)
        .flat_map(|y| (1..=30u8).map(move |d| (y, 10u8, d)))
        .find_map(|(y, m, d)| {
            let a = jalali_to_gregorian(y, m, d)?;
            let b = jalali_to_gregorian(y + 1, m, d)?;
            (year(a) == year(b)).then_some((y, m, d, a, b))
        })
        .expect("such a day");
    let (s, _srv) = shop_with(Provider::Kavenegar, "en", CAMPAIGN);
    let birth = format!("1370/{m:02}/{d:02}");
    s.enrol_born("Mina", "09121234570", &birth);
    for day in [first, second] {
        let r = send_at(&s, &format!("{day}T10:00:00+03:30"));
        assert_eq!(r["birthdays"], 1, "{y} {birth} {day}: {r}");
    }
    assert_eq!(of_event(&s, "birthday").len(), 2);
}
