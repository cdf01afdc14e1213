//! Messages to members through the real `vafa` binary on real SQLite files in temp dirs,
//! against vafa-sms's loopback servers that speak each provider's API (`base_url`). The
//! clock is always the fixed one (`VAFA_NOW`): `common::NOW` (10:00 Tehran) and times
//! written from it.

mod common;

#[path = "sms/campaign.rs"]
mod campaign;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{NOW, Shop};
use serde_json::Value;
use vafa_sms::Provider;
use vafa_sms_test::{Account, Misbehaviour, TestServer};

const KEY: &str = "TEST-KEY-1234";
const NIGHT: &str = "2026-11-22T23:00:00+03:30";
const MORNING: &str = "2026-11-23T08:30:00+03:30";

const TEMPLATES: &str = r#"
[sms.templates.enrol]
fa = "{first_name} عزیز، به باشگاه {shop} خوش آمدید."
en = "Welcome to {shop}, {first_name}."

[sms.templates.sale]
fa = "{first_name} عزیز، {earned} تومان اعتبار گرفتید. موجودی: {credit} تومان. {shop}"
en = "Dear {first_name}, you earned {earned} toman. Balance: {credit} toman. {shop}"
"#;

fn configure(s: &Shop, server: &TestServer, provider: &str, extra: &str) {
    let key = if provider == "melipayamak" {
        format!("user:{KEY}")
    } else {
        KEY.to_string()
    };
    let toml = format!(
        "[sms]\nprovider = \"{provider}\"\napi_key = \"{key}\"\nsender = \"10004346\"\nbase_url = \"{}\"\n{extra}\n{TEMPLATES}",
        server.base_url()
    );
    let file = s.dir.path().join("shop.toml");
    std::fs::write(&file, toml).expect("write config");
    s.ok(&["config", "import", file.to_str().expect("path")]);
}

fn server(p: Provider) -> TestServer {
    let mut a = Account::new(KEY);
    if p == Provider::Melipayamak {
        a.username = "user".into();
    }
    TestServer::start(p, a)
}

fn shop_with(p: Provider, lang: &str, extra: &str) -> (Shop, TestServer) {
    let srv = server(p);
    let s = Shop::with_lang(lang);
    configure(&s, &srv, p.name(), extra);
    (s, srv)
}

fn send_at(s: &Shop, now: &str) -> Value {
    s.json_at(now, &["sms", "send-now"]).expect("send-now")
}

fn log(s: &Shop) -> Vec<Value> {
    s.json(&["sms", "log"])["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn enrol_and_sale_send_one_message_each_with_the_right_text() {
    let (s, srv) = shop_with(Provider::Kavenegar, "fa", "");
    let id = s.enrol("مریم", "09121234567", None);
    // A dry run writes nothing, so it queues nothing (the message is in the sale's
    // transaction).
    s.json(&[
        "sale",
        "--member",
        &id,
        "--amount",
        "1,000,000",
        "--dry-run",
    ]);
    assert_eq!(log(&s).len(), 1);
    let sale = s.json(&["sale", "--member", &id, "--amount", "1,000,000"]);
    assert_eq!(sale["credit_earned"], 50_000);
    assert_eq!(log(&s).len(), 2, "queued with their events");
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 2, "{r}");
    let got = srv.received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].to, "09121234567");
    assert_eq!(got[0].from, "10004346");
    assert_eq!(got[0].text, "مریم عزیز، به باشگاه Test Café خوش آمدید.");
    assert_eq!(
        got[1].text,
        "مریم عزیز، ۵٬۰۰۰ تومان اعتبار گرفتید. موجودی: ۵٬۰۰۰ تومان. Test Café"
    );
    // each carried its own id as the provider's local id
    assert!(got.iter().all(|g| g.local_id.is_some()));
    // sent once: a second run sends nothing
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 0);
    assert_eq!(srv.received().len(), 2);
    let entries = log(&s);
    assert!(
        entries
            .iter()
            .all(|m| m["state"] == "sent" || m["state"] == "delivered")
    );
    assert!(entries.iter().all(|m| m["provider_id"].is_string()));
    let mine = s.json(&["sms", "log", "--member", &id])["messages"].clone();
    assert_eq!(mine.as_array().map(Vec::len), Some(2));
    let st = s.json(&["sms", "status"]);
    assert_eq!(st["queued"], 0);
    assert_eq!(st["provider"], "kavenegar");
}

#[test]
fn the_key_is_never_shown_or_stored_with_the_configuration() {
    let (s, _srv) = shop_with(Provider::Kavenegar, "en", "");
    let shown = s.ok(&["config", "show"]);
    assert!(!shown.contains(KEY), "{shown}");
    assert!(shown.contains("kavenegar"));
    let json = s.ok(&["--json", "config", "show"]);
    assert!(!json.contains(KEY));
    let audit = s.ok(&["--json", "audit"]);
    assert!(!audit.contains(KEY));
}

#[test]
fn an_unknown_template_field_is_refused_by_name_and_line() {
    let s = Shop::new();
    let file = s.dir.path().join("bad.toml");
    std::fs::write(
        &file,
        "[sms]\nprovider = \"smsir\"\n\n[sms.templates.sale]\nen = \"Hi {first_name}, {bonus}\"\n",
    )
    .expect("write");
    let (_, msg, _) = s.fails(&["config", "import", file.to_str().expect("path")]);
    assert!(msg.contains("{bonus}"), "{msg}");
    assert!(msg.contains('5'), "{msg}");
}

#[test]
fn an_opted_out_member_gets_nothing() {
    let (s, srv) = shop_with(Provider::SmsIr, "en", "");
    let id = s.enrol("Sara", "09121234567", None);
    s.ok(&["member", "edit", &id, "--sms", "off"]);
    s.json(&["sale", "--member", &id, "--amount", "1000000"]);
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 1, "only the welcome queued before the refusal");
    assert_eq!(srv.received().len(), 1);
    assert!(srv.received()[0].text.starts_with("Welcome"));
    // and back on: the next sale's message goes
    s.ok(&["member", "edit", &id, "--sms", "on"]);
    s.json(&["sale", "--member", &id, "--amount", "1000000"]);
    send_at(&s, NOW);
    assert_eq!(srv.received().len(), 2);
    assert!(srv.received()[1].text.starts_with("Dear Sara"));
}

#[test]
fn quiet_hours_hold_messages_until_morning() {
    let (s, srv) = shop_with(Provider::Ghasedak, "en", "");
    s.json_at(
        NIGHT,
        &[
            "member",
            "enrol",
            "--first",
            "Sara",
            "--last",
            "T",
            "--mobile",
            "09121234567",
        ],
    )
    .expect("enrol");
    let r = send_at(&s, NIGHT);
    assert_eq!(r["sent"], 0);
    assert_eq!(r["waiting"], 1);
    assert!(srv.received().is_empty());
    let r = send_at(&s, MORNING);
    assert_eq!(r["sent"], 1, "{r}");
    assert_eq!(srv.received().len(), 1);
}

#[test]
fn blackout_days_hold_celebratory_messages_not_receipts() {
    let (s, srv) = shop_with(Provider::Melipayamak, "en", "blackout = [\"2026-11-22\"]");
    let id = s.enrol("Sara", "09121234567", None);
    s.json(&["sale", "--member", &id, "--amount", "1000000"]);
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 1, "{r}");
    assert_eq!(r["waiting"], 1);
    assert!(srv.received()[0].text.starts_with("Dear Sara"));
    let r = send_at(&s, "2026-11-23T10:00:00+03:30");
    assert_eq!(r["sent"], 1, "{r}");
    assert!(srv.received()[1].text.starts_with("Welcome"));
}

#[test]
fn the_daily_budget_is_kept() {
    let (s, srv) = shop_with(Provider::Kavenegar, "en", "daily_budget = 1");
    s.enrol("Sara", "09121234567", None);
    s.enrol("Reza", "09121234568", None);
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 1);
    assert_eq!(r["waiting"], 1);
    assert_eq!(srv.received().len(), 1);
    send_at(&s, "2026-11-23T10:00:00+03:30");
    assert_eq!(srv.received().len(), 2);
}

/// `vafa sms send-now` started in the background (to be killed).
fn spawn_sender(s: &Shop) -> Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("vafa"))
        .args(["sms", "send-now"])
        .env("VAFA_DATA_DIR", s.dir.path())
        .env("VAFA_NOW", NOW)
        .env("VAFA_SMS_TIMEOUT_MS", "60000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// Kills the sender once the provider has taken the message and holds its answer.
fn kill_mid_send(s: &Shop, srv: &TestServer) {
    srv.misbehave(Misbehaviour::AcceptThenStall(Duration::from_secs(60)));
    let mut child = spawn_sender(s);
    let until = Instant::now() + Duration::from_secs(30);
    while srv.received().is_empty() {
        assert!(
            Instant::now() < until,
            "the sender never reached the provider"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    srv.behave();
}

#[test]
fn killed_mid_send_on_a_deduplicating_provider_sends_once() {
    for p in [Provider::Kavenegar, Provider::Ghasedak] {
        let (s, srv) = shop_with(p, "en", "");
        s.enrol("Sara", "09121234567", None);
        kill_mid_send(&s, &srv);
        assert_eq!(log(&s)[0]["state"], "sending", "{p}: in flight when killed");
        let r = send_at(&s, NOW);
        assert_eq!(r["sent"], 1, "{p}: resent with the same id: {r}");
        assert_eq!(srv.received().len(), 1, "{p}: the provider sent it once");
        assert_eq!(log(&s)[0]["state"], "sent");
        assert_eq!(log(&s)[0]["provider_id"], srv.received()[0].id.as_str());
        send_at(&s, NOW);
        assert_eq!(srv.received().len(), 1, "{p}");
    }
}

#[test]
fn killed_mid_send_on_a_provider_without_dedup_is_left_unknown() {
    for p in [Provider::SmsIr, Provider::Melipayamak] {
        let (s, srv) = shop_with(p, "en", "");
        s.enrol("Sara", "09121234567", None);
        kill_mid_send(&s, &srv);
        let r = send_at(&s, NOW);
        assert_eq!(r["sent"], 0, "{p}: {r}");
        assert_eq!(r["unknown"], 1, "{p}: {r}");
        assert_eq!(log(&s)[0]["state"], "unknown");
        send_at(&s, "2026-11-23T10:00:00+03:30");
        assert_eq!(srv.received().len(), 1, "{p}: never sent a second time");
        assert_eq!(s.json(&["sms", "status"])["unknown"], 1);
    }
}

#[test]
fn an_outage_then_recovery_loses_nothing() {
    // Kavenegar down (refused connections), then back.
    let (s, mut srv) = shop_with(Provider::Kavenegar, "en", "");
    for (i, name) in ["Sara", "Reza", "Mina"].iter().enumerate() {
        s.enrol(name, &format!("0912123456{i}"), None);
    }
    srv.stop();
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 0);
    assert_eq!(r["waiting"], 3, "{r}");
    // The run stopped at the first failure; that message waits out its backoff, the
    // others go as soon as the provider is back.
    srv.restart();
    let r = send_at(&s, "2026-11-22T10:00:10+03:30");
    assert_eq!(
        (r["sent"].clone(), r["waiting"].clone()),
        (2.into(), 1.into()),
        "{r}"
    );
    let r = send_at(&s, "2026-11-22T10:05:00+03:30");
    assert_eq!(r["sent"], 1, "{r}");
    assert_eq!(srv.received().len(), 3);
    // Ghasedak answering 502 (a proxy), then well: a 5xx may have been acted on, and
    // Ghasedak deduplicates by our id, so the resend is safe and sends once.
    let (s, srv) = shop_with(Provider::Ghasedak, "en", "");
    s.enrol("Sara", "09121234567", None);
    srv.misbehave(Misbehaviour::Status(502));
    assert_eq!(send_at(&s, NOW)["sent"], 0);
    srv.behave();
    assert_eq!(send_at(&s, "2026-11-22T10:05:00+03:30")["sent"], 1);
    assert_eq!(srv.received().len(), 1);
}

#[test]
fn a_wrong_key_stops_sending_until_the_configuration_is_fixed() {
    let srv = server(Provider::SmsIr);
    let s = Shop::new();
    let file = s.dir.path().join("shop.toml");
    let write = |key: &str| {
        std::fs::write(
            &file,
            format!(
                "[sms]\nprovider = \"smsir\"\napi_key = \"{key}\"\nsender = \"10004346\"\nbase_url = \"{}\"\n{TEMPLATES}",
                srv.base_url()
            ),
        )
        .expect("write");
        s.ok(&["config", "import", file.to_str().expect("path")]);
    };
    write("WRONG");
    s.enrol("Sara", "09121234567", None);
    let r = send_at(&s, NOW);
    assert_eq!(r["sent"], 0);
    assert!(r["held"].is_string(), "{r}");
    let st = s.json(&["sms", "status"]);
    assert!(st["stopped"].is_string(), "{st}");
    assert_eq!(st["queued"], 1, "nothing lost");
    write(KEY);
    assert_eq!(send_at(&s, NOW)["sent"], 1);
    assert_eq!(srv.received().len(), 1);
}

/// The `lottery` event (an extension, issue 18): a draw queues one message per winner in
/// its own transaction, in the shop's language with the lottery's name and the prize's
/// place; a refused draw queues nothing; the sender sends them like the rest.
#[test]
fn a_draw_messages_each_winner_once() {
    let extra = r#"
[sms.templates.lottery]
fa = "{first_name} عزیز، جایزهٔ {prize} قرعه‌کشی {lottery} را بردید."
en = "Dear {first_name}, you won prize {prize} in {lottery}."
"#;
    let (s, srv) = shop_with(Provider::Kavenegar, "en", extra);
    let a = s.enrol("Ali", "09120000001", None);
    let b = s.enrol("Bita", "09120000002", None);
    let _c = s.enrol("Cyrus", "09120000003", None);
    s.ok(&[
        "lottery",
        "create",
        "yalda",
        "--name",
        "Yalda night",
        "--from",
        "2026-11-22",
        "--to",
        "2026-11-25",
        "--winners",
        "2",
    ]);
    for m in [&a, &b] {
        s.json_at(
            "2026-11-23T12:00:00+03:30",
            &["sale", "--member", m, "--amount", "100000"],
        )
        .expect("sale");
    }
    let lottery = |s: &Shop| -> Vec<Value> {
        log(s)
            .into_iter()
            .filter(|m| m["event"] == "lottery")
            .collect()
    };
    let before = log(&s).len();
    // Refused while the window is open: nothing drawn, nothing queued.
    assert!(
        s.json_at("2026-11-25T12:00:00+03:30", &["lottery", "draw", "yalda"])
            .is_err()
    );
    assert_eq!(log(&s).len(), before);
    let when = "2026-11-26T12:00:00+03:30";
    let draw = s
        .json_at(when, &["lottery", "draw", "yalda"])
        .expect("draw");
    let winners: Vec<String> = draw["winners"]
        .as_array()
        .expect("winners")
        .iter()
        .map(|w| w["member_id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(winners.len(), 2);
    let queued = lottery(&s);
    assert_eq!(queued.len(), 2, "one per winner: {queued:?}");
    assert_eq!(log(&s).len(), before + 2, "nothing else");
    let r = send_at(&s, when);
    assert_eq!(r["sent"].as_i64(), Some(before as i64 + 2), "{r}");
    let mut got: Vec<(String, String)> = srv
        .received()
        .into_iter()
        .filter(|g| g.text.contains("won prize"))
        .map(|g| (g.to, g.text))
        .collect();
    got.sort();
    let name = |id: &str| if id == a { "Ali" } else { "Bita" };
    let mobile = |id: &str| {
        if id == a {
            "09120000001"
        } else {
            "09120000002"
        }
    };
    let mut want: Vec<(String, String)> = winners
        .iter()
        .enumerate()
        .map(|(i, w)| {
            (
                mobile(w).to_string(),
                format!("Dear {}, you won prize {} in Yalda night.", name(w), i + 1),
            )
        })
        .collect();
    want.sort();
    assert_eq!(got, want);
    // A second draw is refused and sends nothing more.
    assert!(s.json_at(when, &["lottery", "draw", "yalda"]).is_err());
    assert_eq!(lottery(&s).len(), 2);
}
