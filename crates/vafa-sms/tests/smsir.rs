//! The sms.ir client against a server that speaks sms.ir's API v1.

mod common;

use common::*;
use vafa_sms::{
    Amount, Class, Dedup, DeliveryState, ErrorKind, Gateway, LocalLookup, Msisdn, Outgoing,
    Provider, ProviderId, TemplateSend,
};
use vafa_sms_test::{Account, Misbehaviour, TemplateDef, TestServer};

const KEY: &str = "smsir-SECRET-key-0f9e8d7c6b5a";
/// sms.ir lines are long numbers.
const SMSIR_LINE: &str = "30007732011420";

fn account() -> Account {
    let mut a = Account::new(KEY);
    a.lines = vec![SMSIR_LINE.into()];
    // Thousandths of a unit: 250.5 units of credit, 1.25 a part.
    a.credit = 250_500;
    a.price_per_part = 1_250;
    a.templates.push(TemplateDef {
        id: "100200".into(),
        params: vec!["Code".into()],
        text: "کد تایید شما {Code} است".into(),
    });
    a.blacklist.push("09350000000".into());
    a.invalid_numbers.push("09990000000".into());
    a
}

fn setup() -> (TestServer, Box<dyn Gateway>) {
    let server = TestServer::start(Provider::SmsIr, account());
    let gw = gateway(&server, Provider::SmsIr, KEY);
    (server, gw)
}

fn sms(n: u32) -> Outgoing {
    Outgoing {
        sender: SMSIR_LINE.into(),
        ..outgoing(n)
    }
}

#[test]
fn send_is_accepted_with_id_and_cost() {
    let (server, gw) = setup();
    let a = gw.send(&sms(1)).expect("accepted");
    let got = server.received();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(
        a.cost,
        Some(Amount::Units { milli: 2_500 }),
        "two parts at 1.25"
    );
    assert_eq!(
        (r.to.as_str(), r.from.as_str(), r.text.as_str()),
        (MEMBER_NATIONAL, SMSIR_LINE, TEXT)
    );
    assert_eq!(r.local_id, None, "sms.ir takes no client id");
    let seen = server.seen();
    let req = seen.last().expect("a request");
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/v1/send/bulk")
    );
    assert_eq!(req.header("x-api-key"), Some(KEY));
    let body = req.json().expect("JSON");
    assert_eq!(
        body["lineNumber"],
        serde_json::json!(30_007_732_011_420_u64)
    );
    assert_eq!(body["mobiles"], serde_json::json!([MEMBER_NATIONAL]));
    assert_eq!(body["messageText"], serde_json::json!(TEXT));
}

#[test]
fn verify_template_send() {
    let (server, gw) = setup();
    let t = TemplateSend {
        local_id: id(2),
        to: member(),
        template: "100200".into(),
        params: vec![("Code".into(), "4821".into())],
    };
    let a = gw.send_template(&t).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(r.text, "کد تایید شما 4821 است");
    assert_eq!(r.params, t.params);
    assert_eq!(a.cost, Some(Amount::Units { milli: 1_250 }));

    let e = expect_err(
        gw.send_template(&TemplateSend {
            template: "999".into(),
            ..t.clone()
        }),
        "unknown",
    );
    classified(&e, Class::Permanent, ErrorKind::TemplateRejected, &[KEY]);
    assert_eq!(e.code, Some(113));
    let long = TemplateSend {
        params: vec![("Code".into(), "x".repeat(26))],
        ..t.clone()
    };
    assert_eq!(
        expect_err(gw.send_template(&long), "too long").code,
        Some(114)
    );
    let named = TemplateSend {
        template: "first".into(),
        ..t.clone()
    };
    let e = expect_err(gw.send_template(&named), "not a number");
    classified(&e, Class::Permanent, ErrorKind::TemplateRejected, &[KEY]);
    // A service-line template still reaches a blacklisted number.
    let black = Msisdn::parse("+989350000000").expect("canonical");
    gw.send_template(&TemplateSend { to: black, ..t })
        .expect("verify reaches the blacklist");
}

#[test]
fn delivery_states_are_mapped() {
    let (server, gw) = setup();
    let a = gw.send(&sms(3)).expect("accepted");
    let fresh = gw
        .status(std::slice::from_ref(&a.provider_id))
        .expect("status");
    assert_eq!(
        (fresh[0].state, fresh[0].code),
        (DeliveryState::Queued, None),
        "no report yet"
    );
    let cases = [
        (1, DeliveryState::Delivered),
        (2, DeliveryState::Undelivered),
        (3, DeliveryState::Sent),
        (5, DeliveryState::Sent),
        (6, DeliveryState::Undelivered),
        (7, DeliveryState::Blacklisted),
        (8, DeliveryState::Unknown),
    ];
    for (code, want) in cases {
        server.set_state(&a.provider_id.0, code);
        let got = gw
            .status(&[a.provider_id.clone(), ProviderId("424242".into())])
            .expect("status");
        assert_eq!(
            (got[0].state, got[0].code),
            (want, Some(code)),
            "code {code}"
        );
        assert_eq!(got[0].cost, Some(Amount::Units { milli: 2_500 }));
        assert_eq!(
            (got[1].state, got[1].code),
            (DeliveryState::Unknown, Some(111))
        );
    }
}

#[test]
fn credit_is_read_as_decimal_units() {
    let (server, gw) = setup();
    assert_eq!(
        gw.credit().expect("credit"),
        Some(Amount::Units { milli: 250_500 })
    );
    server.set_credit(1_254_750);
    assert_eq!(
        gw.credit().expect("credit"),
        Some(Amount::Units { milli: 1_254_750 })
    );
}

#[test]
fn refusals_are_classified_without_the_key() {
    let (server, gw) = setup();
    let k = &[KEY];
    wrong_key(&server, Provider::SmsIr, "WRONG-smsir-key", 10, k);
    // The common line is not this account's.
    refused(
        gw.send(&outgoing(11)),
        Class::Account,
        ErrorKind::BadSender,
        Some(101),
        k,
    );
    let bad = to(sms(12), INVALID);
    refused(
        gw.send(&bad),
        Class::Permanent,
        ErrorKind::InvalidNumber,
        Some(104),
        k,
    );
    let black = to(sms(13), BLACKLISTED);
    refused(
        gw.send(&black),
        Class::Permanent,
        ErrorKind::Blacklisted,
        Some(115),
        k,
    );
    let empty = Outgoing {
        text: " ".into(),
        ..sms(14)
    };
    refused(
        gw.send(&empty),
        Class::Permanent,
        ErrorKind::MessageRejected,
        Some(103),
        k,
    );
    server.set_credit(2_499);
    refused(
        gw.send(&sms(15)),
        Class::Account,
        ErrorKind::NoCredit,
        Some(102),
        k,
    );
    assert!(server.received().is_empty());
}

#[test]
fn misbehaving_server_is_transient() {
    let (mut server, gw) = setup();
    server.set_credit(10_000_000);
    // The shared checks send from the common line.
    server.with_account(|a| a.lines.push(LINE.to_string()));
    misbehaviours(&mut server, gw.as_ref(), &[KEY]);
}

/// sms.ir has no client id: a resend after a lost answer is a second SMS. The worker must
/// not resend a `maybe_delivered` failure blindly (see the crate docs).
#[test]
fn a_retried_send_is_delivered_twice_because_smsir_does_not_dedup() {
    let (server, gw) = setup();
    let caps = gw.capabilities();
    assert_eq!(
        (caps.send_dedup, caps.lookup_by_local_id),
        (Dedup::None, false)
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
