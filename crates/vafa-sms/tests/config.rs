//! What every provider shares: a wrong base_url stops sending (Account), and the provider
//! named in `[sms]` is the one that answers.

mod common;

use common::*;
use vafa_sms::test_server::{Account, TestServer};
use vafa_sms::{Class, ErrorKind, GatewayConfig, Provider, connect};

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

#[test]
fn a_base_url_with_a_wrong_path_is_an_account_problem() {
    for p in ALL {
        let server = TestServer::start(p, account());
        let url = format!("{}/not-the-api/", server.base_url());
        let gw = connect(
            &GatewayConfig::new(p, &key(p))
                .base_url(&url)
                .timeouts(quick()),
        )
        .expect("a gateway");
        let e = expect_err(gw.send(&outgoing(1)), p.name());
        classified(&e, Class::Account, ErrorKind::Misconfigured, &[KEY]);
        assert!(server.received().is_empty());
    }
}

#[test]
fn each_provider_answers_with_its_own_shape() {
    for p in ALL {
        let server = TestServer::start(p, account());
        let gw = connect(
            &GatewayConfig::new(p, &key(p))
                .base_url(&server.base_url())
                .timeouts(quick()),
        )
        .expect("a gateway");
        assert_eq!(gw.provider(), p);
        let a = gw.send(&outgoing(2)).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(server.received()[0].id, a.provider_id.0, "{p}");
        assert!(
            gw.credit().unwrap_or_else(|e| panic!("{p}: {e}")).is_some(),
            "{p}"
        );
    }
}
