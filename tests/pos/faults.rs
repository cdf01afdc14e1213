//! A POS program whose answers get lost (it sends every request three times), the database
//! held by a backup, and a caller from another address.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use serde_json::json;

use super::common::Shop;
use super::server::{Client, Proxy, Server, rows, send, shop_with_member};

#[test]
fn a_client_retrying_through_a_lossy_proxy_records_each_sale_once() {
    let shop = Shop::new();
    let (member, token) = shop_with_member(&shop);
    let server = Server::start(&shop);
    // Two answers of every three are dropped: each request is sent three times.
    let proxy = Proxy::start(server.addr, 3);
    let pos = Client {
        addr: proxy.addr,
        token,
    };
    let mut answers = Vec::new();
    for i in 0..5u32 {
        let id = format!("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a{i:02}");
        let body = json!({"id": id, "member_id": member, "amount": 200000 + i64::from(i) * 1000})
            .to_string();
        let (a, tries) = pos.post_retrying("/v1/sales", &body, 3);
        assert_eq!(tries, 3);
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.json()["sale_id"], id.as_str());
        answers.push(a.json());
        // Lookups and quotes go through the same proxy and write nothing.
        let (l, _) = pos.post_retrying("/v1/lookup", r#"{"card": "C1"}"#, 3);
        assert_eq!(l.status, 200);
        let quote = json!({"member_id": member, "amount": 100000}).to_string();
        assert_eq!(pos.post_retrying("/v1/quote", &quote, 3).0.status, 200);
    }
    assert_eq!(proxy.dropped.load(Ordering::SeqCst), 30);
    assert_eq!(rows(&shop, "sales"), 5);
    assert_eq!(rows(&shop, "pos_sales"), 5);
    // Each sale earned once: 5 % of 1,010,000 rials.
    let shown = shop.json(&["member", "show", "--id", &member]);
    assert_eq!(shown["balance"]["credit"], 50_000, "{shown}");
    // Five sales on one day are one visit.
    assert_eq!(shown["visits"], 1);
    assert_eq!(answers.last().unwrap()["balance"]["credit"], 50_000);
}

#[test]
fn a_database_held_by_a_backup_is_503_with_retry_after_then_the_sale_goes_through() {
    let shop = Shop::new();
    let (member, token) = shop_with_member(&shop);
    let server = Server::start(&shop);
    let pos = Client {
        addr: server.addr,
        token,
    };
    let body = json!({"id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "member_id": member,
                      "amount": 100000})
    .to_string();
    // Another program holds the write lock, as a restore or a long backup does.
    let conn = rusqlite::Connection::open(shop.dir.path().join("vafa.db")).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let t0 = Instant::now();
    let busy = pos.post("/v1/sales", &body);
    assert_eq!(
        (busy.status, busy.code().as_str()),
        (503, "busy"),
        "{}",
        busy.body
    );
    assert_eq!(busy.header("retry-after"), Some("2"));
    assert!(t0.elapsed() < Duration::from_secs(10));
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(rows(&shop, "sales"), 0, "a busy answer recorded a sale");
    let ok = pos.post("/v1/sales", &body);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(rows(&shop, "sales"), 1);
}

/// This machine's address on its first non-loopback interface, if it has one.
fn own_address() -> Option<std::net::IpAddr> {
    let s = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    s.connect("10.255.255.255:9").ok()?;
    let ip = s.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn a_caller_from_another_address_is_refused_unless_allowed() {
    let Some(ip) = own_address() else {
        eprintln!("SKIP: this machine has no non-loopback address");
        return;
    };
    let shop = Shop::new();
    let (_member, token) = shop_with_member(&shop);
    let server = Server::start_at(&shop, "0.0.0.0:0");
    let there = std::net::SocketAddr::new(ip, server.addr.port());
    let refused = send(
        there,
        "POST",
        "/v1/lookup",
        Some(&token),
        Some(r#"{"card": "C1"}"#),
    )
    .expect("an answer");
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (403, "peer_refused")
    );
    drop(server);
    let cfg = shop.dir.path().join("pos.toml");
    std::fs::write(&cfg, format!("[pos]\nallow = [\"{ip}\"]\n")).unwrap();
    shop.ok(&["config", "import", cfg.to_str().unwrap()]);
    let server = Server::start_at(&shop, "0.0.0.0:0");
    let there = std::net::SocketAddr::new(ip, server.addr.port());
    let ok = send(
        there,
        "POST",
        "/v1/lookup",
        Some(&token),
        Some(r#"{"card": "C1"}"#),
    )
    .expect("an answer");
    assert_eq!(ok.status, 200, "{}", ok.body);
}
