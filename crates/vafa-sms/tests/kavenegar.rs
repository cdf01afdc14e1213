//! The Kavenegar client against a server that speaks Kavenegar's REST API.

mod common;

use common::*;
use vafa_sms::{
    Amount, Class, Dedup, DeliveryState, ErrorKind, Gateway, LocalLookup, Outgoing, Provider,
    ProviderId, TemplateSend,
};
use vafa_sms_test::{Account, Misbehaviour, TemplateDef, TestServer};

const KEY: &str = "4E6A2B7C-SECRET-KAVE-KEY=";

fn account() -> Account {
    let mut a = Account::new(KEY);
    a.templates.push(TemplateDef {
        id: "verify".into(),
        params: vec!["token".into(), "token2".into()],
        text: "کد ورود شما: {token}\n{token2}".into(),
    });
    a.blacklist.push("09350000000".into());
    a.invalid_numbers.push("09990000000".into());
    a
}

fn setup() -> (TestServer, Box<dyn Gateway>) {
    let server = TestServer::start(Provider::Kavenegar, account());
    let gw = gateway(&server, Provider::Kavenegar, KEY);
    (server, gw)
}

#[test]
fn send_is_accepted_with_id_cost_and_local_id() {
    let (server, gw) = setup();
    let m = outgoing(1);
    let a = gw.send(&m).expect("accepted");
    let got = server.received();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(a.provider_id.0, r.id);
    // TEXT is 76 UCS-2 characters: two parts at 1,000 rials each.
    assert_eq!(a.cost, Some(Amount::Rials(2_000)));
    assert_eq!(a.state, Some(DeliveryState::Queued));
    assert_eq!(r.to, MEMBER_NATIONAL);
    assert_eq!(r.from, LINE);
    assert_eq!(r.text, TEXT);
    assert_eq!(r.local_id, Some(m.local_id.as_i63().to_string()));
    assert_eq!(server.credit(), 1_000_000 - 2_000);
    let seen = server.seen();
    let req = seen.last().expect("a request");
    // The key goes in the path, percent-encoded.
    let path = format!("/v1/{}/sms/send.json", KEY.replace('=', "%3D"));
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", path.as_str())
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(req.param("message").as_deref(), Some(TEXT));
}

#[test]
fn template_send_fills_tokens_in_order() {
    let (server, gw) = setup();
    let t = TemplateSend {
        local_id: id(2),
        to: member(),
        template: "verify".into(),
        params: vec![
            ("code".into(), "4821".into()),
            ("shop".into(), "وفا".into()),
        ],
    };
    let a = gw.send_template(&t).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(r.template.as_deref(), Some("verify"));
    assert_eq!(
        r.params,
        vec![
            ("token".into(), "4821".into()),
            ("token2".into(), "وفا".into())
        ]
    );
    assert_eq!(r.text, "کد ورود شما: 4821\nوفا");
    assert_eq!(a.cost, Some(Amount::Rials(1_000)));

    let unknown = TemplateSend {
        template: "nope".into(),
        ..t.clone()
    };
    let e = expect_err(gw.send_template(&unknown), "unknown template");
    classified(&e, Class::Permanent, ErrorKind::TemplateRejected, &[KEY]);
    assert_eq!(e.code, Some(424));
    let spaced = TemplateSend {
        params: vec![("code".into(), "48 21".into())],
        ..t.clone()
    };
    let e = expect_err(gw.send_template(&spaced), "token with a space");
    assert_eq!((e.kind, e.code), (ErrorKind::TemplateRejected, Some(431)));
    let extra = TemplateSend {
        params: vec![("a".into(), "1".into()); 3],
        ..t
    };
    let e = expect_err(gw.send_template(&extra), "token3 not in the template");
    assert_eq!((e.kind, e.code), (ErrorKind::TemplateRejected, Some(432)));
}

#[test]
fn delivery_states_are_mapped() {
    let (server, gw) = setup();
    let a = gw.send(&outgoing(3)).expect("accepted");
    let b = gw.send(&outgoing(4)).expect("accepted");
    let cases = [
        (1, DeliveryState::Queued),
        (2, DeliveryState::Queued),
        (4, DeliveryState::Sent),
        (10, DeliveryState::Delivered),
        (11, DeliveryState::Undelivered),
        (13, DeliveryState::Undelivered),
        (14, DeliveryState::Blacklisted),
        (77, DeliveryState::Unknown),
    ];
    for (code, want) in cases {
        server.set_state(&a.provider_id.0, code);
        server.set_state(&b.provider_id.0, 10);
        let got = gw
            .status(&[
                a.provider_id.clone(),
                ProviderId("123".into()),
                b.provider_id.clone(),
            ])
            .expect("status");
        assert_eq!(got.len(), 3);
        assert_eq!(
            (got[0].state, got[0].code),
            (want, Some(code)),
            "code {code}"
        );
        assert_eq!(
            (got[1].state, got[1].code),
            (DeliveryState::Unknown, Some(100))
        );
        assert_eq!(got[2].state, DeliveryState::Delivered);
    }
}

#[test]
fn credit_is_read_in_rials() {
    let (server, gw) = setup();
    server.set_credit(123_456);
    assert_eq!(gw.credit().expect("credit"), Some(Amount::Rials(123_456)));
}

#[test]
fn refusals_are_classified_without_the_key() {
    let (server, gw) = setup();
    let k = &[KEY];
    wrong_key(&server, Provider::Kavenegar, "WRONG-KEY-123", 403, k);
    let line = Outgoing {
        sender: "3000999".into(),
        ..outgoing(11)
    };
    refused(
        gw.send(&line),
        Class::Account,
        ErrorKind::BadSender,
        Some(412),
        k,
    );
    let bad = to(outgoing(12), INVALID);
    refused(
        gw.send(&bad),
        Class::Permanent,
        ErrorKind::InvalidNumber,
        Some(411),
        k,
    );
    let empty = Outgoing {
        text: String::new(),
        ..outgoing(13)
    };
    refused(
        gw.send(&empty),
        Class::Permanent,
        ErrorKind::MessageRejected,
        Some(413),
        k,
    );
    server.set_credit(1_999);
    let e = refused(
        gw.send(&outgoing(14)),
        Class::Account,
        ErrorKind::NoCredit,
        Some(418),
        k,
    );
    assert!(!e.maybe_delivered);
    assert!(server.received().is_empty(), "nothing refused was kept");

    // A blacklisted number is taken and reported blocked.
    server.set_credit(1_000_000);
    let a = gw.send(&to(outgoing(15), BLACKLISTED)).expect("taken");
    let state = gw.status(&[a.provider_id]).expect("status")[0].state;
    assert_eq!(state, DeliveryState::Blacklisted);
}

#[test]
fn misbehaving_server_is_transient() {
    let (mut server, gw) = setup();
    misbehaviours(&mut server, gw.as_ref(), &[KEY]);
}

#[test]
fn a_retried_send_with_the_same_local_id_is_not_delivered_twice() {
    let (server, gw) = setup();
    assert_eq!(gw.capabilities().send_dedup, Dedup::ResendReturnsFirst);
    let m = outgoing(20);
    server.misbehave(Misbehaviour::AcceptThenStall(STALL));
    let e = expect_err(gw.send(&m), "the answer is lost");
    assert_eq!(
        (e.kind, e.maybe_delivered),
        (ErrorKind::Timeout, true),
        "{e}"
    );
    no_secret(&e, &[KEY]);
    server.behave();

    // The restarted worker may ask first...
    let LocalLookup::Found(d) = gw.lookup_local(&m.local_id).expect("lookup") else {
        panic!("the first send is known by its local id");
    };
    // ...or simply resend: Kavenegar answers with the first message.
    let a = gw.send(&m).expect("the resend is answered");
    let got = server.received();
    assert_eq!(got.len(), 1, "delivered once");
    assert_eq!(a.provider_id.0, got[0].id);
    assert_eq!(d.provider_id, a.provider_id);
    assert_eq!(server.credit(), 1_000_000 - 2_000, "charged once");
    assert_eq!(
        gw.lookup_local(&id(21)).expect("lookup"),
        LocalLookup::NotFound
    );
}
