//! The Melipayamak client against a server that speaks Melipayamak's REST web service.

mod common;

use common::*;
use vafa_sms::{
    Amount, Class, Dedup, DeliveryState, ErrorKind, Gateway, LocalLookup, Outgoing, Provider,
    ProviderId, TemplateSend,
};
use vafa_sms_test::{Account, Misbehaviour, TemplateDef, TestServer};

const USER: &str = "vafa-shop";
const PASSWORD: &str = "Meli&SECRET pass";
const MELI_LINE: &str = "50004001234567";

fn account() -> Account {
    let mut a = Account::new(PASSWORD);
    a.username = USER.into();
    a.lines = vec![MELI_LINE.into(), LINE.into()];
    a.credit = 1_254_500; // 1254.5 units, in thousandths
    a.price_per_part = 1_000;
    a.templates.push(TemplateDef {
        id: "125478".into(),
        params: vec!["name".into(), "code".into()],
        text: "{name} عزیز، کد شما {code}".into(),
    });
    a.blacklist.push("09350000000".into());
    a.invalid_numbers.push("09990000000".into());
    a
}

fn setup() -> (TestServer, Box<dyn Gateway>) {
    let server = TestServer::start(Provider::Melipayamak, account());
    let gw = gateway(
        &server,
        Provider::Melipayamak,
        &format!("{USER}:{PASSWORD}"),
    );
    (server, gw)
}

fn sms(n: u32) -> Outgoing {
    Outgoing {
        sender: MELI_LINE.into(),
        ..outgoing(n)
    }
}

fn template(n: u32) -> TemplateSend {
    TemplateSend {
        local_id: id(n),
        to: member(),
        template: "125478".into(),
        params: vec![
            ("name".into(), "مریم".into()),
            ("code".into(), "4821".into()),
        ],
    }
}

#[test]
fn send_is_accepted_with_the_record_id() {
    let (server, gw) = setup();
    let a = gw.send(&sms(1)).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert!(
        a.provider_id.0.len() >= 16,
        "a long recId: {}",
        a.provider_id
    );
    assert_eq!(a.cost, None, "SendSMS does not tell the cost");
    assert_eq!(
        (r.to.as_str(), r.from.as_str(), r.text.as_str()),
        (MEMBER_NATIONAL, MELI_LINE, TEXT)
    );
    assert_eq!(server.credit(), 1_254_500 - 2_000);
    let seen = server.seen();
    let req = seen.last().expect("a request");
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/api/SendSMS/SendSMS")
    );
    assert_eq!(req.param("username").as_deref(), Some(USER));
    assert_eq!(req.param("password").as_deref(), Some(PASSWORD));
    assert_eq!(req.param("isFlash").as_deref(), Some("false"));
}

#[test]
fn base_service_number_template_send() {
    let (server, gw) = setup();
    let a = gw.send_template(&template(2)).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(r.text, "مریم عزیز، کد شما 4821");
    let seen = server.seen();
    let req = seen.last().expect("a request");
    assert_eq!(req.path, "/api/SendSMS/BaseServiceNumber");
    assert_eq!(req.param("text").as_deref(), Some("مریم;4821"));
    assert_eq!(req.param("bodyId").as_deref(), Some("125478"));

    let e = expect_err(
        gw.send_template(&TemplateSend {
            template: "1".into(),
            ..template(3)
        }),
        "unknown",
    );
    classified(
        &e,
        Class::Permanent,
        ErrorKind::TemplateRejected,
        &[PASSWORD],
    );
    assert_eq!(e.code, Some(4));
    let short = TemplateSend {
        params: vec![("name".into(), "x".into())],
        ..template(4)
    };
    assert_eq!(
        expect_err(gw.send_template(&short), "one argument short").code,
        Some(5)
    );
    let semi = TemplateSend {
        params: vec![("name".into(), "a;b".into())],
        ..template(5)
    };
    let e = expect_err(gw.send_template(&semi), "separator in a value");
    classified(
        &e,
        Class::Permanent,
        ErrorKind::TemplateRejected,
        &[PASSWORD],
    );
}

#[test]
fn delivery_states_are_mapped() {
    let (server, gw) = setup();
    let a = gw.send(&sms(6)).expect("accepted");
    let cases = [
        (1, DeliveryState::Delivered),
        (2, DeliveryState::Undelivered),
        (8, DeliveryState::Sent),
        (16, DeliveryState::Undelivered),
        (35, DeliveryState::Blacklisted),
        (200, DeliveryState::Sent),
        (300, DeliveryState::Filtered),
        (400, DeliveryState::Queued),
    ];
    for (code, want) in cases {
        server.set_state(&a.provider_id.0, code);
        let got = gw
            .status(&[a.provider_id.clone(), ProviderId("5".into())])
            .expect("status");
        assert_eq!(
            (got[0].state, got[0].code),
            (want, Some(code)),
            "code {code}"
        );
        assert_eq!(got[1].state, DeliveryState::Unknown);
    }
}

#[test]
fn credit_is_read_as_decimal_units() {
    let (_server, gw) = setup();
    assert_eq!(
        gw.credit().expect("credit"),
        Some(Amount::Units { milli: 1_254_500 })
    );
}

#[test]
fn refusals_are_classified_without_the_password() {
    let (server, gw) = setup();
    let k = &[PASSWORD];
    wrong_key(
        &server,
        Provider::Melipayamak,
        &format!("{USER}:wrong-pass"),
        0,
        k,
    );
    let line = Outgoing {
        sender: "3000999".into(),
        ..sms(11)
    };
    refused(
        gw.send(&line),
        Class::Account,
        ErrorKind::BadSender,
        Some(5),
        k,
    );
    let bad = to(sms(12), INVALID);
    refused(
        gw.send(&bad),
        Class::Permanent,
        ErrorKind::InvalidNumber,
        Some(16),
        k,
    );
    let black = to(sms(13), BLACKLISTED);
    refused(
        gw.send(&black),
        Class::Permanent,
        ErrorKind::Blacklisted,
        Some(35),
        k,
    );
    server.set_credit(1_999);
    refused(
        gw.send(&sms(14)),
        Class::Account,
        ErrorKind::NoCredit,
        Some(2),
        k,
    );
    assert!(server.received().is_empty());
}

#[test]
fn misbehaving_server_is_transient() {
    let (mut server, gw) = setup();
    misbehaviours(&mut server, gw.as_ref(), &[PASSWORD]);
}

/// Melipayamak's REST methods take no client id: a resend after a lost answer is a second
/// SMS. The worker must not resend a `maybe_delivered` failure blindly (see the crate docs).
#[test]
fn a_retried_send_is_delivered_twice_because_melipayamak_does_not_dedup() {
    let (server, gw) = setup();
    let caps = gw.capabilities();
    assert_eq!(
        (caps.send_dedup, caps.template_dedup),
        (Dedup::None, Dedup::None)
    );
    let m = sms(20);
    server.misbehave(Misbehaviour::AcceptThenStall(STALL));
    let e = expect_err(gw.send(&m), "the answer is lost");
    assert_eq!(
        (e.kind, e.maybe_delivered),
        (ErrorKind::Timeout, true),
        "{e}"
    );
    server.behave();
    assert_eq!(
        gw.lookup_local(&m.local_id).expect("lookup"),
        LocalLookup::Unsupported
    );
    gw.send(&m).expect("the blind resend is accepted");
    assert_eq!(server.received().len(), 2, "delivered and charged twice");
}
