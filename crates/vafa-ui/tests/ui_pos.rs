//! The till window and the shop's cash-register program together (issue 20, item 2): with
//! `[pos] enabled = true` the window serves the POS API on 127.0.0.1:0; a sale the program
//! records through it shows on the till and the customer display (never over a sale being
//! typed), and a card swiped at the till is the program's to take. A real demo shop in a
//! temp dir, the real clock, real HTTP over TCP, iced_test's simulator.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use serde_json::{Value, json};
use vafa_core::lang::Lang;
use vafa_text::format::{Unit, money};
use vafa_text::i18n::{S, tr};
use vafa_ui::screen::till;
use vafa_ui::{App, Message};

mod common;
use common::*;

struct Api(vafa_pos::Running);

impl vafa_ui::pos::Served for Api {
    fn addr(&self) -> SocketAddr {
        self.0.addr
    }
}

fn start(
    dir: &std::path::Path,
    pos: &vafa_core::config::Pos,
) -> vafa_core::error::Result<Box<dyn vafa_ui::pos::Served>> {
    Ok(Box::new(Api(vafa_pos::start(dir, pos)?)))
}

/// A signed-in demo shop whose window serves the API; the POS program's token.
fn shop_with_api() -> (tempfile::TempDir, App, String) {
    vafa_ui::pos::set_starter(start);
    let mut token = String::new();
    let (dir, app) = demo_shop_with(Lang::En, |v| {
        let mut config = v.config().clone();
        config.pos.enabled = true;
        config.pos.listen = "127.0.0.1:0".into();
        v.import_config(&config.to_toml()).unwrap();
        token = v.pos_token_new("till-pos").unwrap();
    });
    (dir, app, token)
}

/// One HTTP/1.1 request: (status, body as JSON or null).
fn http(addr: SocketAddr, method: &str, path: &str, token: &str, body: &str) -> (u16, Value) {
    let mut tcp = TcpStream::connect(addr).unwrap();
    write!(
        tcp,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    tcp.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

fn customer_shows(app: &App, text: &str) -> bool {
    iced_test::Simulator::with_size(settings(), (1024.0, 600.0), app.customer_view())
        .find(text)
        .is_ok()
}

fn sale(addr: SocketAddr, token: &str, id: &str, card: &str, amount: i64) -> Value {
    let body = json!({"id": id, "card": card, "amount": amount}).to_string();
    let (status, answer) = http(addr, "POST", "/v1/sales", token, &body);
    assert_eq!(status, 200, "{answer}");
    answer
}

#[test]
fn an_api_sale_shows_on_the_till_and_the_customer_display() {
    let (_dir, mut app, token) = shop_with_api();
    let addr = app.pos.addr().expect("the window serves the POS API");
    let (card, member) = demo_member_card(&app, false);
    let answer = sale(
        addr,
        &token,
        "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01",
        &card,
        1_230_000,
    );
    assert_eq!(answer["member_id"], member.as_str());
    assert!(
        recorded(&app, "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01"),
        "in the window's database"
    );
    // The window sees it at its next tick.
    assert!(!shows(&app, tr(Lang::En, S::SaleDone)));
    let _ = app.update(Message::Tick);
    assert!(shows(&app, tr(Lang::En, S::SaleDone)), "the result panel");
    assert!(shows(&app, tr(Lang::En, S::SaleFromPos)));
    assert_eq!(gross(&app), 1_230_000);
    let paid = money(answer["paid"].as_i64().unwrap(), Unit::Toman, Lang::En);
    assert!(customer_shows(&app, &paid), "the customer display: {paid}");
    // Shown once: the next tick leaves the panel as it is, F7 reprints this sale.
    let _ = app.update(Message::Tick);
    assert_eq!(
        app.till.last_sale.as_deref(),
        Some("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a01")
    );
}

#[test]
fn an_api_sale_waits_while_the_cashier_types_one() {
    let (_dir, mut app, token) = shop_with_api();
    let addr = app.pos.addr().unwrap();
    let (card, _member) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    type_into(&mut app, till::AMOUNT_ID, "5000");
    sale(
        addr,
        &token,
        "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a02",
        &card,
        700_000,
    );
    let _ = app.update(Message::Tick);
    assert!(
        matches!(app.till.stage, till::Stage::Member(_)),
        "the cashier's sale stays on screen"
    );
    assert_eq!(app.till.amount, "5000");
    click(&mut app, tr(Lang::En, S::Confirm));
    assert_eq!(gross(&app), 50_000, "the cashier's own sale");
    // Then the program's.
    let _ = app.update(Message::Tick);
    assert_eq!(gross(&app), 700_000);
    assert!(shows(&app, tr(Lang::En, S::SaleFromPos)));
}

#[test]
fn a_card_swiped_at_the_till_is_the_programs_to_take() {
    let (_dir, mut app, token) = shop_with_api();
    let addr = app.pos.addr().unwrap();
    let (status, _) = http(addr, "GET", "/v1/pending-card", &token, "");
    assert_eq!(status, 204, "no card yet");
    let (card, member) = demo_member_card(&app, false);
    swipe(&mut app, &card);
    assert!(
        matches!(app.till.stage, till::Stage::Member(_)),
        "the till shows the member too"
    );
    let (status, got) = http(addr, "GET", "/v1/pending-card", &token, "");
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["card"], card.as_str());
    assert_eq!(got["member"]["id"], member.as_str());
    let (status, _) = http(addr, "GET", "/v1/pending-card", &token, "");
    assert_eq!(status, 204, "handed over once");
}

#[test]
fn a_listen_address_in_use_is_said_on_the_status_bar() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    vafa_ui::pos::set_starter(start);
    let (_dir, app) = demo_shop_with(Lang::En, |v| {
        let mut config = v.config().clone();
        config.pos.enabled = true;
        config.pos.listen = format!("127.0.0.1:{port}");
        v.import_config(&config.to_toml()).unwrap();
    });
    assert_eq!(app.pos.addr(), None);
    assert!(app.pos.error.is_some());
    assert!(shows(
        &app,
        &format!(
            "{}: {}",
            tr(Lang::En, S::PosOff),
            app.pos.error.as_deref().unwrap()
        )
    ));
}

/// Whether the sale `id` is in the window's database.
fn recorded(app: &App, id: &str) -> bool {
    app.vafa
        .as_ref()
        .unwrap()
        .conn()
        .query_row("SELECT COUNT(*) FROM sales WHERE id = ?1", [id], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap()
        == 1
}

#[test]
fn an_api_sale_paid_partly_by_gift_card_shows_only_the_rest_as_money_to_collect() {
    let (_dir, mut app, token) = shop_with_api();
    let addr = app.pos.addr().unwrap();
    let (card, _member) = demo_member_card(&app, false);
    app.vafa
        .as_mut()
        .unwrap()
        .gift_issue(&vafa_service::gift::GiftIssue {
            card: "G-77".into(),
            amount: 300_000,
            expires: None,
            member: None,
        })
        .expect("a gift card");
    let body = json!({
        "id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a09",
        "card": card,
        "amount": 1_000_000,
        "gift": "G-77",
    })
    .to_string();
    let (status, answer) = http(addr, "POST", "/v1/sales", &token, &body);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["gift_redeemed"], 300_000, "{answer}");
    let _ = app.update(Message::Tick);
    assert!(
        shows(&app, tr(Lang::En, S::GiftPaid)),
        "the gift card's part"
    );
    let money_part = answer["paid"].as_i64().unwrap() - 300_000;
    let to_collect = money(money_part, Unit::Toman, Lang::En);
    assert!(shows(&app, &to_collect), "money to collect: {to_collect}");
    assert!(customer_shows(&app, &to_collect), "the customer display");
}
