//! What every provider's tests share: ids, numbers, texts, and the checks that a gateway
//! classifies every way a provider can misbehave.

#![allow(dead_code)]

use std::time::Duration;

use vafa_sms::{
    Class, ErrorKind, Gateway, GatewayConfig, LocalId, Msisdn, Outgoing, Provider, SendError,
    Timeouts, connect,
};
use vafa_sms_test::{Misbehaviour, TestServer};

/// A UUIDv7-shaped id, different for each `n`.
pub fn id(n: u32) -> LocalId {
    LocalId::parse(&format!("019a4b2c-7d10-7e5f-8a3b-{n:012x}")).expect("a valid id")
}

pub fn member() -> Msisdn {
    Msisdn::parse("+989121234567").expect("canonical")
}

pub const MEMBER_NATIONAL: &str = "09121234567";

/// The contract's sale message, filled, with the opt-out line: Persian, two parts.
pub const TEXT: &str =
    "مریم عزیز، ۱۲٬۰۰۰ تومان اعتبار گرفتید. موجودی: ۴۵٬۰۰۰ تومان. فروشگاه وفا\nلغو۱۱";

pub const LINE: &str = "10004346";

pub fn outgoing(n: u32) -> Outgoing {
    Outgoing {
        local_id: id(n),
        to: member(),
        text: TEXT.to_string(),
        sender: LINE.to_string(),
    }
}

/// Timeouts for tests: short, so a stalled server fails the call in well under a second.
pub fn quick() -> Timeouts {
    Timeouts {
        connect: Duration::from_millis(500),
        overall: Duration::from_millis(700),
    }
}

/// A gateway for `provider` that talks to `server`, with [`quick`] timeouts.
pub fn gateway(server: &TestServer, provider: Provider, key: &str) -> Box<dyn Gateway> {
    let config = GatewayConfig::new(provider, key)
        .base_url(&server.base_url())
        .timeouts(quick());
    connect(&config).expect("a gateway")
}

/// How long a stalled server waits: past the client's overall timeout.
pub const STALL: Duration = Duration::from_millis(1500);

/// The error's text and debug form hold none of the secrets.
pub fn no_secret(e: &SendError, secrets: &[&str]) {
    let shown = format!("{e} {e:?}");
    for s in secrets {
        assert!(!shown.contains(s), "secret {s:?} in {shown}");
    }
}

pub fn expect_err<T: std::fmt::Debug>(r: Result<T, SendError>, what: &str) -> SendError {
    match r {
        Ok(v) => panic!("{what}: expected an error, got {v:?}"),
        Err(e) => e,
    }
}

/// Asserts class and kind, and that no secret shows.
pub fn classified(e: &SendError, class: Class, kind: ErrorKind, secrets: &[&str]) {
    assert_eq!((e.class(), e.kind), (class, kind), "{e}");
    no_secret(e, secrets);
}

/// A refused call: its class, kind and provider code, with no secret in its text.
pub fn refused<T: std::fmt::Debug>(
    r: Result<T, SendError>,
    class: Class,
    kind: ErrorKind,
    code: Option<i64>,
    secrets: &[&str],
) -> SendError {
    let e = expect_err(r, &format!("{kind:?}"));
    classified(&e, class, kind, secrets);
    if code.is_some() {
        assert_eq!(e.code, code, "{e}");
    }
    e
}

/// A number the test servers refuse as not valid, and one on their blacklist.
pub const INVALID: &str = "+989990000000";
pub const BLACKLISTED: &str = "+989350000000";

/// `m` to another number.
pub fn to(m: Outgoing, number: &str) -> Outgoing {
    Outgoing {
        to: Msisdn::parse(number).expect("canonical"),
        ..m
    }
}

/// A wrong key or password stops all sending: a send, a credit read and a status poll
/// all say so with the provider's `code`, and neither key shows.
pub fn wrong_key(
    server: &TestServer,
    provider: Provider,
    wrong: &str,
    code: i64,
    secrets: &[&str],
) {
    let gw = gateway(server, provider, wrong);
    let wrong_secret = wrong.rsplit(':').next().unwrap_or(wrong);
    let mut all = secrets.to_vec();
    all.push(wrong_secret);
    let id = vafa_sms::ProviderId("1".into());
    for (what, r) in [
        ("send", gw.send(&outgoing(800)).map(|_| ())),
        ("credit", gw.credit().map(|_| ())),
        ("status", gw.status(&[id]).map(|_| ())),
    ] {
        let e = expect_err(r, &format!("{provider} {what} with a wrong key"));
        classified(&e, Class::Account, ErrorKind::BadCredentials, &all);
        assert_eq!(e.code, Some(code), "{provider} {what}: {e}");
    }
    assert!(server.received().is_empty());
}

/// Every transport-level misbehaviour, on a send, a status poll and a credit read:
/// classified Transient with the right kind, `maybe_delivered` right for a send, no
/// secret in any text; and nothing is left half-done (the server behaves again after).
pub fn misbehaviours(server: &mut TestServer, gw: &dyn Gateway, secrets: &[&str]) {
    let cases = [
        (Misbehaviour::Status(500), ErrorKind::ServerError, true),
        (Misbehaviour::Status(502), ErrorKind::ServerError, true),
        (Misbehaviour::Garbage, ErrorKind::BadAnswer, true),
        (Misbehaviour::Html, ErrorKind::BadAnswer, true),
        (Misbehaviour::Empty, ErrorKind::BadAnswer, true),
        (Misbehaviour::Huge, ErrorKind::BadAnswer, true),
        (Misbehaviour::Stall(STALL), ErrorKind::Timeout, true),
        (Misbehaviour::RateLimit, ErrorKind::RateLimited, false),
    ];
    for (n, (m, kind, maybe)) in cases.into_iter().enumerate() {
        server.misbehave(m.clone());
        let e = expect_err(
            gw.send(&outgoing(900 + n as u32)),
            &format!("send under {m:?}"),
        );
        classified(&e, Class::Transient, kind, secrets);
        assert_eq!(e.maybe_delivered, maybe, "maybe_delivered under {m:?}: {e}");
        if m == Misbehaviour::RateLimit {
            assert_eq!(e.retry_after, Some(Duration::from_secs(1)), "{e}");
        }
        let e = expect_err(gw.credit(), &format!("credit under {m:?}"));
        classified(&e, Class::Transient, kind, secrets);
        assert!(!e.maybe_delivered, "a read never delivers: {e}");
    }
    server.behave();

    server.stop();
    let e = expect_err(gw.send(&outgoing(950)), "send while down");
    classified(&e, Class::Transient, ErrorKind::Unreachable, secrets);
    assert!(
        !e.maybe_delivered,
        "refused connection: nothing was sent: {e}"
    );
    let e = expect_err(gw.credit(), "credit while down");
    classified(&e, Class::Transient, ErrorKind::Unreachable, secrets);
    server.restart();

    let before = server.received().len();
    gw.send(&outgoing(951)).expect("a send after the outage");
    assert_eq!(server.received().len(), before + 1);
}
