//! Every endpoint, and the bad inputs answered with their codes.

use serde_json::json;

use super::common::Shop;
use super::server::{Client, Server, rows, send, shop_with_member};

const SALE_ID: &str = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

fn setup() -> (Shop, Server, Client, String) {
    let shop = Shop::new();
    let (member, token) = shop_with_member(&shop);
    let server = Server::start(&shop);
    let client = Client {
        addr: server.addr,
        token,
    };
    (shop, server, client, member)
}

#[test]
fn lookup_quote_sale_balance_and_void() {
    let (shop, _server, pos, member) = setup();
    let by_card = pos.post("/v1/lookup", r#"{"card": "C1"}"#);
    assert_eq!(by_card.status, 200, "{}", by_card.body);
    assert_eq!(by_card.json()["id"], member.as_str());
    let by_mobile = pos.post("/v1/lookup", r#"{"mobile": "+989121234567"}"#);
    assert_eq!(by_mobile.json()["id"], member.as_str());

    // A quote records nothing.
    let before = shop.counts();
    let quote = pos.post(
        "/v1/quote",
        &json!({"member_id": member, "amount": 500000,
                "items": [{"sku": "tea", "qty": 2, "unit_price": 250000}]})
        .to_string(),
    );
    assert_eq!(quote.status, 200, "{}", quote.body);
    assert_eq!(quote.json()["credit_earned"], 25000);
    assert_eq!(quote.json()["max_redeem"], 0);
    assert_eq!(shop.counts(), before, "a quote wrote something");

    // The sale answers exactly what `vafa sale --json` prints for it.
    let body = json!({"id": SALE_ID, "card": "C1", "amount": 500000,
                      "items": [{"sku": "tea", "qty": 2, "unit_price": 250000}]})
    .to_string();
    let sale = pos.post("/v1/sales", &body);
    assert_eq!(sale.status, 200, "{}", sale.body);
    let replay = shop.json(&["sale", "--id", SALE_ID, "--guest", "--amount", "1"]);
    assert_eq!(sale.json(), replay);
    assert_eq!(sale.json()["balance"]["credit"], 25000);
    assert_eq!(rows(&shop, "sales"), 1);

    let balance = pos.get(&format!("/v1/members/{member}/balance"));
    assert_eq!(balance.status, 200, "{}", balance.body);
    assert_eq!(
        balance.json(),
        json!({"member_id": member, "credit": 25000, "points": 50, "tier": null})
    );

    // Void is a supervisor's act by default: a POS token is a cashier (403, audited).
    let refused = pos.post(&format!("/v1/sales/{SALE_ID}/void"), r#"{"reason": "x"}"#);
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (403, "forbidden")
    );
    let audit = shop.json(&["audit"]);
    assert!(
        audit["records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "refused" && r["actor"] == "pos:till-pos"),
        "{audit}"
    );
}

#[test]
fn void_when_the_shop_lets_cashiers() {
    let shop = Shop::new();
    let (_member, token) = shop_with_member(&shop);
    let cfg = shop.dir.path().join("perm.toml");
    std::fs::write(&cfg, "[permissions]\nvoid = \"cashier\"\n").unwrap();
    shop.ok(&["config", "import", cfg.to_str().unwrap()]);
    let server = Server::start(&shop);
    let pos = Client {
        addr: server.addr,
        token,
    };
    let body = json!({"id": SALE_ID, "mobile": "09121234567", "amount": 100000}).to_string();
    assert_eq!(pos.post("/v1/sales", &body).status, 200);
    let void = pos.post(
        &format!("/v1/sales/{SALE_ID}/void"),
        r#"{"reason": "wrong basket"}"#,
    );
    assert_eq!(void.status, 200, "{}", void.body);
    assert_eq!(void.json()["credit_reversed"], -5000);
    let again = pos.post(&format!("/v1/sales/{SALE_ID}/void"), "{}");
    assert_eq!(
        (again.status, again.code().as_str()),
        (409, "already_voided")
    );
    let unknown = pos.post("/v1/sales/0193a1b2-c3d4-7e5f-8a9b-000000000000/void", "");
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (404, "unknown_sale")
    );
}

#[test]
fn the_same_id_records_one_sale_and_another_body_is_a_conflict() {
    let (shop, _server, pos, member) = setup();
    let body = json!({"id": SALE_ID, "member_id": member, "amount": 300000}).to_string();
    let first = pos.post("/v1/sales", &body);
    assert_eq!(first.status, 200, "{}", first.body);
    // The same body, its keys in another order and spaced otherwise.
    let reordered =
        format!(r#"{{ "amount": 300000,  "member_id": "{member}", "id": "{SALE_ID}" }}"#);
    let second = pos.post("/v1/sales", &reordered);
    assert_eq!(second, first);
    let other = json!({"id": SALE_ID, "member_id": member, "amount": 300001}).to_string();
    let conflict = pos.post("/v1/sales", &other);
    assert_eq!(
        (conflict.status, conflict.code().as_str()),
        (409, "sale_id_reused")
    );
    assert!(
        conflict.json()["message"]
            .as_str()
            .unwrap()
            .contains(SALE_ID)
    );
    assert_eq!(rows(&shop, "sales"), 1);
    assert_eq!(rows(&shop, "pos_sales"), 1);
}

#[test]
fn bad_input_is_answered_with_its_code_and_writes_nothing() {
    let (shop, server, pos, member) = setup();
    let before = shop.counts();
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("/v1/sales", "{not json".into(), 400, "malformed_request"),
        ("/v1/sales", r#"{"id": 5}"#.into(), 400, "malformed_request"),
        ("/v1/sales", json!({"id": SALE_ID, "guest": true, "amount": 1, "tip": 5}).to_string(), 400, "malformed_request"),
        ("/v1/sales", json!({"guest": true, "amount": 1000}).to_string(), 400, "invalid"),
        ("/v1/sales", json!({"id": "not-a-uuid", "guest": true, "amount": 1000}).to_string(), 400, "invalid"),
        ("/v1/sales", json!({"id": SALE_ID, "amount": 1000}).to_string(), 400, "invalid"),
        ("/v1/sales", json!({"id": SALE_ID, "guest": true, "card": "C1", "amount": 1000}).to_string(), 400, "invalid"),
        ("/v1/sales", json!({"id": SALE_ID, "guest": true, "amount": 0}).to_string(), 400, "invalid_amount"),
        ("/v1/sales", json!({"id": SALE_ID, "mobile": "12345", "amount": 1000}).to_string(), 400, "invalid_mobile"),
        ("/v1/sales", json!({"id": SALE_ID, "card": "NOPE9", "amount": 1000}).to_string(), 404, "unknown_card"),
        ("/v1/sales", json!({"id": SALE_ID, "member_id": "0193a1b2-c3d4-7e5f-8a9b-000000000001", "amount": 1000}).to_string(), 404, "unknown_member"),
        ("/v1/sales", json!({"id": SALE_ID, "member_id": member, "amount": 1000,
            "items": [{"sku": "tea", "qty": 1, "unit_price": 999}]}).to_string(), 422, "items_mismatch"),
        ("/v1/sales", json!({"id": SALE_ID, "guest": true, "amount": 1000, "redeem": "all"}).to_string(), 422, "guest_cannot_redeem"),
        ("/v1/lookup", "{}".into(), 400, "invalid"),
        ("/v1/lookup", r#"{"mobile": "09129999999"}"#.into(), 404, "unknown_member"),
        ("/v1/quote", json!({"member_id": member}).to_string(), 400, "malformed_request"),
    ];
    for (path, body, status, code) in cases {
        let a = pos.post(path, &body);
        assert_eq!(
            (a.status, a.code().as_str()),
            (status, code),
            "{path} {body}: {}",
            a.body
        );
        assert!(!a.json()["message"].as_str().unwrap_or_default().is_empty());
    }
    let big = format!(r#"{{"card": "{}"}}"#, "9".repeat(70_000));
    let a = pos.post("/v1/lookup", &big);
    assert_eq!((a.status, a.code().as_str()), (413, "request_too_large"));
    let a = pos.get("/v1/nothing");
    assert_eq!((a.status, a.code().as_str()), (404, "no_such_endpoint"));
    let a = send(server.addr, "GET", "/v1/sales", Some(&pos.token), None).unwrap();
    assert_eq!(a.status, 405);
    assert_eq!(shop.counts(), before, "a refused request wrote something");
}

#[test]
fn wrong_missing_and_revoked_tokens_are_401_and_audited() {
    let (shop, server, pos, _member) = setup();
    let lookup = r#"{"card": "C1"}"#;
    let none = send(server.addr, "POST", "/v1/lookup", None, Some(lookup)).unwrap();
    assert_eq!((none.status, none.code().as_str()), (401, "unauthorized"));
    assert_eq!(none.header("www-authenticate"), Some("Bearer"));
    let wrong = send(
        server.addr,
        "POST",
        "/v1/lookup",
        Some("vpos1_00"),
        Some(lookup),
    )
    .unwrap();
    assert_eq!(wrong.status, 401);
    // A malformed body behind a wrong token is still a 401.
    let wrong = send(
        server.addr,
        "POST",
        "/v1/sales",
        Some("vpos1_00"),
        Some("{"),
    )
    .unwrap();
    assert_eq!(wrong.status, 401);
    assert_eq!(pos.post("/v1/lookup", lookup).status, 200);

    let listed = shop.json(&["pos", "tokens"]);
    assert_eq!(listed["tokens"][0]["name"], "till-pos");
    assert!(
        !listed.to_string().contains(&pos.token),
        "a token was listed"
    );
    shop.ok(&["pos", "revoke", "till-pos"]);
    let revoked = pos.post("/v1/lookup", lookup);
    assert_eq!(
        (revoked.status, revoked.code().as_str()),
        (401, "unauthorized")
    );

    let audit = shop.json(&["audit"]);
    let whys: Vec<String> = audit["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "pos_refused")
        .map(|r| {
            let detail: serde_json::Value =
                serde_json::from_str(r["detail"].as_str().unwrap_or("{}")).unwrap();
            detail["why"].as_str().unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(
        whys,
        [
            "no token",
            "unknown token",
            "unknown token",
            "revoked token"
        ],
        "{audit}"
    );
    assert_eq!(audit["broken"], serde_json::Value::Null);
    // The token is stored as its SHA-256 only.
    let conn = rusqlite::Connection::open(shop.dir.path().join("vafa.db")).unwrap();
    let stored: String = conn
        .query_row("SELECT token_sha256 FROM pos_tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stored.len(), 64);
    assert!(!stored.contains(&pos.token[6..]));
}

/// A shop whose language is Persian, its member and a running server.
fn persian_shop() -> (Shop, Server, Client) {
    let shop = Shop::with_lang("fa");
    let (_member, token) = shop_with_member(&shop);
    let server = Server::start(&shop);
    let pos = Client {
        addr: server.addr,
        token,
    };
    (shop, server, pos)
}

/// Whether an error's message is in Persian letters.
fn in_persian(message: &str) -> bool {
    message
        .chars()
        .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[test]
fn errors_speak_the_shops_language() {
    let (_shop, _server, pos) = persian_shop();
    let a = pos.post("/v1/lookup", r#"{"mobile": "09129999999"}"#);
    assert_eq!(a.code(), "unknown_member");
    let message = a.json()["message"].as_str().unwrap().to_string();
    assert!(in_persian(&message), "{message}");
}

#[test]
fn a_card_swiped_at_the_till_is_handed_over_once() {
    let (shop, _server, pos, member) = setup();
    assert_eq!(pos.get("/v1/pending-card").status, 204);
    let swipe = |card: &str| {
        let mut v = vafa_service::Vafa::open(shop.dir.path()).unwrap();
        v.set_now(vafa_core::calendar::parse_time(super::common::NOW).map(|t| t.to_utc()));
        v.pos_card_swiped(card, None).unwrap();
    };
    swipe("OLD1");
    swipe("C1");
    let got = pos.get("/v1/pending-card");
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.json()["card"], "C1");
    assert_eq!(got.json()["member"]["id"], member.as_str());
    // Once: neither it nor the card it superseded comes again.
    assert_eq!(pos.get("/v1/pending-card").status, 204);

    // The long poll: asked before the swipe, answered when it comes.
    let waiting = {
        let (addr, token) = (pos.addr, pos.token.clone());
        std::thread::spawn(move || {
            send(addr, "GET", "/v1/pending-card?wait=10", Some(&token), None)
        })
    };
    std::thread::sleep(std::time::Duration::from_millis(500));
    swipe("UNKNOWN7");
    let got = waiting.join().unwrap().expect("an answer");
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(got.json()["card"], "UNKNOWN7");
    assert_eq!(got.json()["member"], serde_json::Value::Null);
    let bad = pos.get("/v1/pending-card?wait=soon");
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (400, "malformed_request")
    );
}

/// `vafa gift show NUMBER`'s balance.
fn gift_balance(shop: &Shop, card: &str) -> i64 {
    shop.json(&["gift", "show", card])["balance"]
        .as_i64()
        .expect("balance")
}

#[test]
fn a_sale_paid_partly_by_gift_card_and_its_replay() {
    let (shop, _server, pos, _member) = setup();
    shop.ok(&["gift", "issue", "--card", "G1", "--amount", "300000"]);
    let body = json!({"id": SALE_ID, "card": "C1", "amount": 500000,
                      "gift": {"card": "G1", "amount": 200000}})
    .to_string();
    let sale = pos.post("/v1/sales", &body);
    assert_eq!(sale.status, 200, "{}", sale.body);
    assert_eq!(sale.json()["gift_redeemed"], 200000);
    assert_eq!(sale.json()["paid"], 500000);
    // What the card paid earns like money.
    assert_eq!(sale.json()["credit_earned"], 25000);
    assert_eq!(gift_balance(&shop, "G1"), 100000);
    // The same as `vafa sale --json` answers for the recorded id.
    let cli = shop.json(&["sale", "--id", SALE_ID, "--guest", "--amount", "1"]);
    assert_eq!(sale.json(), cli);

    // The POS program sends it again: the same answer, one sale, one redemption.
    let before = shop.counts();
    let replay = pos.post("/v1/sales", &body);
    assert_eq!(replay.status, 200, "{}", replay.body);
    assert_eq!(replay.json(), sale.json());
    assert_eq!(gift_balance(&shop, "G1"), 100000);
    // The same id with another gift is another body.
    let other = json!({"id": SALE_ID, "card": "C1", "amount": 500000, "gift": "G1"}).to_string();
    let reused = pos.post("/v1/sales", &other);
    assert_eq!(
        (reused.status, reused.code().as_str()),
        (409, "sale_id_reused")
    );
    assert_eq!(shop.counts(), before, "a replay wrote something");
    assert_eq!(rows(&shop, "sales"), 1);

    // A number alone pays with all the card holds, up to what is left to pay (a guest too).
    let all = json!({"id": "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", "guest": true,
                     "amount": 400000, "gift": "G1"})
    .to_string();
    let sale = pos.post("/v1/sales", &all);
    assert_eq!(sale.status, 200, "{}", sale.body);
    assert_eq!(sale.json()["gift_redeemed"], 100000);
    assert_eq!(gift_balance(&shop, "G1"), 0);
}

#[test]
fn a_refused_gift_card_writes_nothing() {
    let (shop, _server, pos) = persian_shop();
    shop.ok(&["gift", "issue", "--card", "G1", "--amount", "300000"]);
    shop.ok(&["gift", "issue", "--card", "G2", "--amount", "300000"]);
    shop.ok(&["gift", "block", "G2", "--reason", "lost"]);
    let before = shop.counts();
    let cases = [
        (json!("G9"), 404, "unknown_gift"),
        (json!("G2"), 422, "gift_blocked"),
        (
            json!({"card": "G1", "amount": 300001}),
            422,
            "gift_over_balance",
        ),
        (json!({"card": "G1", "amount": 0}), 400, "gift_bad_amount"),
        (json!({"card": "G1"}), 400, "malformed_request"),
        (
            json!({"card": "G1", "amount": 1, "pin": 2}),
            400,
            "malformed_request",
        ),
    ];
    for (gift, status, code) in cases {
        let body = json!({"id": SALE_ID, "card": "C1", "amount": 500000, "gift": gift});
        let a = pos.post("/v1/sales", &body.to_string());
        assert_eq!((a.status, a.code().as_str()), (status, code), "{gift}");
        let message = a.json()["message"].as_str().unwrap_or_default().to_string();
        assert!(in_persian(&message), "{gift}: {message}");
    }
    assert_eq!(shop.counts(), before, "a refused gift wrote something");
    assert_eq!(gift_balance(&shop, "G1"), 300000);
}

#[test]
fn a_quote_reports_the_most_gift_value_and_records_nothing() {
    let (shop, _server, pos, member) = setup();
    shop.ok(&["gift", "issue", "--card", "G1", "--amount", "300000"]);
    let before = shop.counts();
    let quote = |amount: i64, gift: Option<&str>| {
        let mut body = json!({"member_id": member, "amount": amount});
        if let Some(g) = gift {
            body["gift"] = json!(g);
        }
        pos.post("/v1/quote", &body.to_string())
    };
    let q = quote(500000, Some("G1"));
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.json()["max_gift"], 300000);
    // Up to what is left to pay.
    assert_eq!(quote(120000, Some("G1")).json()["max_gift"], 120000);
    // Without a gift card, no gift figure.
    let plain = quote(500000, None);
    assert_eq!(plain.status, 200, "{}", plain.body);
    assert!(plain.json().get("max_gift").is_none(), "{}", plain.body);
    // A card that cannot pay is refused as a sale would be.
    let unknown = quote(500000, Some("G9"));
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (404, "unknown_gift")
    );
    assert_eq!(shop.counts(), before, "a quote wrote something");
    assert_eq!(gift_balance(&shop, "G1"), 300000);
}
