//! What every provider shares: a wrong base_url stops sending (Account), and the provider
//! named in `[sms]` is the one that answers.

mod common;

use common::*;
use vafa_sms::{Class, ErrorKind, Gateway, GatewayConfig, Provider, connect};
use vafa_sms_test::{Account, Misbehaviour, TestServer};

const KEY: &str = "SECRET-for-every-provider";

fn account() -> Account {
    let mut a = Account::new(KEY);
    a.username = "shop".into();
    a
}

fn key(p: Provider) -> String {
    if p == Provider::Melipayamak {
        format!("shop:{KEY}")
    } else {
        KEY.to_string()
    }
}

const ALL: [Provider; 4] = [
    Provider::Kavenegar,
    Provider::SmsIr,
    Provider::Ghasedak,
    Provider::Melipayamak,
];

/// A server for each provider, with a gateway that talks to it.
fn each() -> impl Iterator<Item = (Provider, TestServer, Box<dyn Gateway>)> {
    ALL.into_iter().map(|p| {
        let server = TestServer::start(p, account());
        let gw = gateway(&server, p, &key(p));
        (p, server, gw)
    })
}

#[test]
fn a_base_url_with_a_wrong_path_is_an_account_problem() {
    for p in ALL {
        let server = TestServer::start(p, account());
        let url = format!("{}/not-the-api/", server.base_url());
        let config = GatewayConfig::new(p, &key(p))
            .base_url(&url)
            .timeouts(quick());
        let gw = connect(&config).expect("a gateway");
        let e = expect_err(gw.send(&outgoing(1)), p.name());
        classified(&e, Class::Account, ErrorKind::Misconfigured, &[KEY]);
        assert!(server.received().is_empty());
    }
}

#[test]
fn each_provider_answers_with_its_own_shape() {
    for (p, server, gw) in each() {
        assert_eq!(gw.provider(), p);
        let a = gw.send(&outgoing(2)).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(server.received()[0].id, a.provider_id.0, "{p}");
        let credit = gw.credit().unwrap_or_else(|e| panic!("{p}: {e}"));
        assert!(credit.is_some(), "{p}");
    }
}

/// Answers in no provider's shape, or in its shape without what must be there: an error,
/// transient, never a panic and never an acceptance.
#[test]
fn answers_of_the_wrong_shape_are_transient_errors() {
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let bodies = [
        "[]",
        "{}",
        "null",
        "\"text\"",
        "12",
        "{\"return\":{\"status\":\"x\"}}",
        "{\"return\":{\"status\":200},\"entries\":[{}]}",
        "{\"return\":{\"status\":200},\"entries\":7}",
        "{\"status\":1,\"message\":\"\",\"data\":{\"messageIds\":[null]}}",
        "{\"status\":1,\"data\":{\"messageIds\":[{}]}}",
        "{\"isSuccess\":true,\"statusCode\":200,\"data\":null}",
        "{\"IsSuccess\":true,\"StatusCode\":200,\"Data\":{\"MessageId\":[]}}",
        "{\"Value\":null,\"RetStatus\":1}",
        "{\"Value\":\"abc\",\"RetStatus\":1,\"StrRetStatus\":\"Ok\"}",
        "{\"Value\":\"99999999999999999999999\",\"RetStatus\":1}",
        deep.as_str(),
    ];
    for (p, server, gw) in each() {
        for body in bodies {
            server.misbehave(Misbehaviour::Answer(200, body.to_string()));
            let shown: String = body.chars().take(40).collect();
            let e = expect_err(gw.send(&outgoing(3)), &format!("{p} send {shown}"));
            assert_eq!(e.class(), Class::Transient, "{p} {shown}: {e}");
            no_secret(&e, &[KEY]);
            // No credit is made up from a wrong shape (an error, or "not told").
            assert!(!matches!(gw.credit(), Ok(Some(_))), "{p} credit {shown}");
            let _ = gw.status(&[vafa_sms::ProviderId("1".into())]);
        }
    }
}
