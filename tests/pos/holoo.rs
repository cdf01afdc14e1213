//! The Holoo connector (`vafa pos holoo`) against a Holoo-shaped web service on
//! 127.0.0.1:0 (docs/holoo.md: the shape confirmed and assumed): each sales invoice
//! recorded once for the member on it, resumed from the kept place after a restart (each
//! run is a new process), and what cannot be recorded reported with its code.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

use super::common::Shop;
use super::server::{rows, shop_with_member};

/// Holoo's invoices and the `from.date` each request asked for.
#[derive(Default)]
struct Holoo {
    invoices: Vec<Value>,
    asked: Vec<Option<String>>,
}

/// Serves `GET /api/Service/Invoice/Shop1` for serial `S1` and key `K1`.
fn holoo_server(state: Arc<Mutex<Holoo>>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut tcp) = conn else { continue };
            let mut reader = BufReader::new(tcp.try_clone().unwrap());
            let mut first = String::new();
            reader.read_line(&mut first).unwrap();
            let mut headers = Vec::new();
            loop {
                let mut l = String::new();
                reader.read_line(&mut l).unwrap();
                if l.trim().is_empty() {
                    break;
                }
                let (k, v) = l.split_once(':').unwrap();
                headers.push((k.trim().to_lowercase(), v.trim().to_string()));
            }
            let header = |k: &str| {
                headers
                    .iter()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.as_str())
            };
            let target = first.split_whitespace().nth(1).unwrap_or("").to_string();
            let (path, query) = target.split_once('?').unwrap_or((&target, ""));
            let from = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("from.date="))
                .map(str::to_string);
            let (status, body) = if path != "/api/Service/Invoice/Shop1" {
                (404, json!({"message": "not found"}))
            } else if header("serial") != Some("S1")
                || header("database") != Some("Shop1")
                || header("authorization") != Some("Bearer K1")
            {
                (401, json!({"message": "unauthorized"}))
            } else {
                let mut s = state.lock().unwrap();
                s.asked.push(from.clone());
                let result: Vec<Value> = s
                    .invoices
                    .iter()
                    .filter(|i| {
                        from.as_deref()
                            .is_none_or(|f| i["Date"].as_str().unwrap() >= f)
                    })
                    .cloned()
                    .collect();
                (200, json!({ "result": result }))
            };
            let body = body.to_string();
            let _ = write!(
                tcp,
                "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    addr
}

fn poll(shop: &Shop, addr: SocketAddr, key: &str) -> Result<Value, Value> {
    shop.json_at(
        super::common::NOW,
        &[
            "pos",
            "holoo",
            "--url",
            &format!("http://{addr}"),
            "--database",
            "Shop1",
            "--serial",
            "S1",
            "--key",
            key,
            "--unit",
            "toman",
            "--once",
        ],
    )
}

#[test]
fn holoo_invoices_are_recorded_once_each_and_resumed_after_a_restart() {
    let shop = Shop::new();
    let (member, _token) = shop_with_member(&shop);
    let state = Arc::new(Mutex::new(Holoo::default()));
    state.lock().unwrap().invoices = vec![
        // 2 × 25,000 toman of tea, paid in cash: 500,000 rials with its lines.
        json!({"id": 1001, "Type": 1, "Date": "2026-11-21", "Time": "09:00:00",
               "custid": "0101", "mobile": "09121234567",
               "detailinfo": [{"Productid": "tea", "few": 2, "price": 25000, "discount": 0}],
               "Cash": 50000}),
        json!({"id": "1002", "Type": 1, "Date": "2026-11-21", "Time": "09:30:00",
               "card": "C1", "Bank": "30000"}),
        // A pre-invoice is not a sale.
        json!({"id": 1003, "Type": 2, "Date": "2026-11-21", "mobile": "09121234567",
               "Cash": 99000}),
        json!({"id": 1004, "Type": 1, "Date": "2026-11-21", "Cash": 10000}),
        json!({"id": 1005, "Type": 1, "Date": "2026-11-21", "mobile": "09129999999",
               "Cash": 10000}),
    ];
    let addr = holoo_server(Arc::clone(&state));

    let first = poll(&shop, addr, "K1").unwrap();
    assert_eq!(first["recorded"], 2, "{first}");
    assert_eq!(first["no_customer"], 1);
    assert_eq!(first["refused"][0]["invoice"], "1005");
    assert_eq!(first["refused"][0]["error"], "unknown_member");
    assert_eq!(rows(&shop, "sales"), 2);
    // 5 % of 800,000 rials.
    let shown = shop.json(&["member", "show", "--id", &member]);
    assert_eq!(shown["balance"]["credit"], 40_000, "{shown}");
    let lines = rows(&shop, "sale_items");
    assert_eq!(lines, 1, "the cash invoice's line went with it");

    // A restart: a new process asks from the day it got to, and records nothing twice.
    let again = poll(&shop, addr, "K1").unwrap();
    assert_eq!(
        (again["recorded"].clone(), again["again"].clone()),
        (json!(0), json!(2))
    );
    assert_eq!(rows(&shop, "sales"), 2);
    state
        .lock()
        .unwrap()
        .invoices
        .push(json!({"id": 1006, "Type": 1,
        "Date": "2026-11-22", "Time": "08:00:00", "mobile": "+989121234567", "Cash": 20000}));
    let third = poll(&shop, addr, "K1").unwrap();
    assert_eq!(third["recorded"], 1, "{third}");
    assert_eq!(rows(&shop, "sales"), 3);
    let asked = state.lock().unwrap().asked.clone();
    assert_eq!(
        asked,
        [None, Some("2026-11-21".into()), Some("2026-11-21".into())]
    );

    // The same invoice id with other content is refused, not recorded again.
    state.lock().unwrap().invoices[5]["Cash"] = json!(25000);
    let changed = poll(&shop, addr, "K1").unwrap();
    assert!(
        changed["refused"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["invoice"] == "1006" && r["error"] == "sale_id_reused"),
        "{changed}"
    );
    assert_eq!(rows(&shop, "sales"), 3);

    // A wrong key: Holoo's 401 is the error, and nothing moves.
    let refused = poll(&shop, addr, "WRONG").unwrap_err();
    assert_eq!(refused["error"]["code"], "io", "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("401")
    );
    assert_eq!(rows(&shop, "sales"), 3);
}

#[test]
fn an_unreadable_holoo_invoice_is_refused_in_the_shops_words_and_records_nothing() {
    let shop = Shop::new();
    let (_member, _token) = shop_with_member(&shop);
    let state = Arc::new(Mutex::new(Holoo::default()));
    state.lock().unwrap().invoices = vec![
        json!({"id": 2001, "Type": 1, "Date": "2026-11-21", "mobile": "09121234567",
               "Cash": "12.5"}),
        json!({"id": 2002, "Type": 1, "Date": "1405/09/01", "mobile": "09121234567",
               "Cash": 10000}),
    ];
    let addr = holoo_server(Arc::clone(&state));
    let report = poll(&shop, addr, "K1").unwrap();
    assert_eq!(report["recorded"], 0, "{report}");
    let refused = report["refused"].as_array().unwrap();
    let find = |id: &str| {
        refused
            .iter()
            .find(|r| r["invoice"] == id)
            .unwrap_or_else(|| panic!("{id} refused: {report}"))
    };
    for (id, field, value) in [("2001", "Cash", "\"12.5\""), ("2002", "Date", "1405/09/01")] {
        let r = find(id);
        assert_eq!(r["error"], "invoice_unreadable", "{r}");
        let message = r["message"].as_str().unwrap();
        // The shop's words (this shop's are English), naming Holoo's field and its value.
        assert!(message.contains("cannot be read"), "{message}");
        assert!(message.contains(&format!("its {field} is")), "{message}");
        assert!(message.contains(value), "{message}");
    }
    assert_eq!(rows(&shop, "sales"), 0);
}
