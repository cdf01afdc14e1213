//! The Ghasedak client against a server that speaks Ghasedak's REST API v1.

mod common;

use common::*;
use vafa_sms::{
    Accepted, Amount, Class, Dedup, DeliveryState, ErrorKind, Gateway, LocalId, LocalLookup,
    Outgoing, Provider, ProviderId, SendError, TemplateSend,
};
use vafa_sms_test::{Account, Misbehaviour, TemplateDef, TestServer};

const KEY: &str = "ghasedak+SECRET/key==";

fn account() -> Account {
    let mut a = Account::new(KEY);
    a.templates.push(TemplateDef {
        id: "vafaOtp".into(),
        params: vec!["Code".into(), "Name".into()],
        text: "{Name} عزیز، کد شما {Code}".into(),
    });
    a.blacklist.push("09350000000".into());
    a.invalid_numbers.push("09990000000".into());
    a
}

fn setup() -> (TestServer, Box<dyn Gateway>) {
    let server = TestServer::start(Provider::Ghasedak, account());
    let gw = gateway(&server, Provider::Ghasedak, KEY);
    (server, gw)
}

fn otp(n: u32) -> TemplateSend {
    TemplateSend {
        local_id: id(n),
        to: member(),
        template: "vafaOtp".into(),
        params: vec![
            ("Code".into(), "4821".into()),
            ("Name".into(), "مریم".into()),
        ],
    }
}

#[test]
fn send_is_accepted_with_id_cost_and_reference() {
    let (server, gw) = setup();
    let m = outgoing(1);
    let a = gw.send(&m).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(a.cost, Some(Amount::Rials(2_000)));
    assert_eq!(
        (r.to.as_str(), r.from.as_str(), r.text.as_str()),
        (MEMBER_NATIONAL, LINE, TEXT)
    );
    assert_eq!(r.local_id.as_deref(), Some(m.local_id.as_str()));
    let seen = server.seen();
    let req = seen.last().expect("a request");
    assert_eq!(
        (req.method.as_str(), req.path.as_str()),
        ("POST", "/rest/api/v1/WebService/SendSingleSMS")
    );
    assert_eq!(req.header("apikey"), Some(KEY));
    let body = req.json().expect("JSON");
    assert_eq!(
        body["clientReferenceId"],
        serde_json::json!(m.local_id.as_str())
    );
    assert_eq!(body["lineNumber"], serde_json::json!(LINE));
}

#[test]
fn otp_template_send() {
    let (server, gw) = setup();
    let t = otp(2);
    let a = gw.send_template(&t).expect("accepted");
    let r = &server.received()[0];
    assert_eq!(a.provider_id.0, r.id);
    assert_eq!(r.text, "مریم عزیز، کد شما 4821");
    assert_eq!(r.params, t.params);
    assert_eq!(r.local_id.as_deref(), Some(t.local_id.as_str()));
    assert_eq!(a.cost, Some(Amount::Rials(1_000)));

    let e = expect_err(
        gw.send_template(&TemplateSend {
            template: "nope".into(),
            ..otp(3)
        }),
        "unknown",
    );
    classified(&e, Class::Permanent, ErrorKind::TemplateRejected, &[KEY]);
    assert_eq!(e.code, Some(428));
    let short = TemplateSend {
        params: vec![("Code".into(), "1".into())],
        ..otp(4)
    };
    let e = expect_err(gw.send_template(&short), "a parameter missing");
    // Ghasedak's 429 in the body is MissedParams, not a rate limit.
    classified(&e, Class::Permanent, ErrorKind::TemplateRejected, &[KEY]);
    assert_eq!(e.code, Some(429));
}

#[test]
fn delivery_states_are_mapped() {
    let (server, gw) = setup();
    let a = gw.send(&outgoing(5)).expect("accepted");
    let cases = [
        (0, DeliveryState::Queued),
        (1, DeliveryState::Undelivered),
        (2, DeliveryState::Blacklisted),
        (3, DeliveryState::Sent),
        (4, DeliveryState::Undelivered),
        (5, DeliveryState::Delivered),
        (6, DeliveryState::Undelivered),
        (8, DeliveryState::Unknown),
    ];
    for (code, want) in cases {
        server.set_state(&a.provider_id.0, code);
        let got = gw
            .status(&[ProviderId("1".into()), a.provider_id.clone()])
            .expect("status");
        assert_eq!((got[0].state, got[0].code), (DeliveryState::Unknown, None));
        assert_eq!(
            (got[1].state, got[1].code),
            (want, Some(code)),
            "code {code}"
        );
        assert_eq!(got[1].cost, Some(Amount::Rials(2_000)));
    }
    let seen = server.seen();
    let q = &seen.last().expect("a request").query;
    assert!(q.contains(&("Type".into(), "1".into())), "{q:?}");
}

#[test]
fn credit_is_read_in_rials() {
    let (server, gw) = setup();
    server.set_credit(87_000);
    assert_eq!(gw.credit().expect("credit"), Some(Amount::Rials(87_000)));
}

#[test]
fn refusals_are_classified_without_the_key() {
    let (server, gw) = setup();
    let k = &[KEY];
    wrong_key(&server, Provider::Ghasedak, "WRONG-ghasedak", 401, k);
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
        ErrorKind::BadRequest,
        Some(400),
        k,
    );
    server.set_credit(1_999);
    refused(
        gw.send(&outgoing(13)),
        Class::Account,
        ErrorKind::NoCredit,
        Some(418),
        k,
    );
    assert!(server.received().is_empty());

    // A blacklisted number is taken and then reported on the blacklist.
    server.set_credit(1_000_000);
    let a = gw.send(&to(outgoing(14), BLACKLISTED)).expect("taken");
    let state = gw.status(&[a.provider_id]).expect("status")[0].state;
    assert_eq!(state, DeliveryState::Blacklisted);
}

#[test]
fn misbehaving_server_is_transient() {
    let (mut server, gw) = setup();
    misbehaviours(&mut server, gw.as_ref(), &[KEY]);
}

type SendOnce<'a> = Box<dyn Fn() -> Result<Accepted, SendError> + 'a>;

#[test]
fn a_retried_send_with_the_same_reference_is_not_delivered_twice() {
    let (server, gw) = setup();
    let caps = gw.capabilities();
    assert_eq!(caps.send_dedup, Dedup::ResendRefusedThenLookedUp);
    assert_eq!(caps.template_dedup, Dedup::ResendRefusedThenLookedUp);
    let (m, t) = (outgoing(20), otp(21));
    let sends: [(&LocalId, SendOnce<'_>); 2] = [
        (&m.local_id, Box::new(|| gw.send(&m))),
        (&t.local_id, Box::new(|| gw.send_template(&t))),
    ];
    for (local_id, send) in sends {
        let before = server.received().len();
        server.misbehave(Misbehaviour::AcceptThenStall(STALL));
        let e = expect_err(send(), "the answer is lost");
        assert_eq!(
            (e.kind, e.maybe_delivered),
            (ErrorKind::Timeout, true),
            "{e}"
        );
        server.behave();
        let a = send().expect("the resend is refused as a duplicate and found again");
        let got = server.received();
        assert_eq!(got.len(), before + 1, "delivered once");
        assert_eq!(a.provider_id.0, got[before].id);
        let LocalLookup::Found(d) = gw.lookup_local(local_id).expect("lookup") else {
            panic!("found by clientReferenceId");
        };
        assert_eq!(d.provider_id, a.provider_id);
    }
    assert_eq!(
        gw.lookup_local(&id(22)).expect("lookup"),
        LocalLookup::NotFound
    );
}
