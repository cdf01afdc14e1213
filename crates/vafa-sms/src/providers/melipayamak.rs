//! Melipayamak's REST web service: `POST {base}/api/SendSMS/{Method}`, form fields with
//! `username` and `password`, answers `{Value, RetStatus, StrRetStatus}`. `RetStatus` 1
//! and a long numeric `Value` (the record id, recId) is an accepted send; a small number
//! in `Value` is a code from the table below.

use serde_json::Value;

use super::{Code, Scope, delivery_state, err, incomplete, refused, state, unreadable};
use crate::error::{ErrorKind as K, SendError};
use crate::gateway::{Gateway, Provider};
use crate::http::{Answer, Effect, Http, Timeouts, field, int, join, milli, parse_json, text};
use crate::types::{
    Accepted, Amount, Capabilities, Delivery, DeliveryState as S, LocalId, LocalLookup, Outgoing,
    ProviderId, TemplateSend,
};

/// Melipayamak's codes. Sources: [py] Melipayamak/melipayamak-python `sms/rest.py`
/// (official: methods and form fields); [gw] /work/shared/sms-gateways.md (answer shape,
/// error 15, delivery codes 1, 2, 35, 300); [tp] a third-party Django integration's
/// handling of `BaseServiceNumber` `Value` codes 0-12 (found by code search); [mp]
/// Melipayamak's published send web-service guide (webservice-send.pdf, linked from
/// Melipayamak/Webservices) as remembered, not re-read here: treat these rows as
/// assumptions.
const CODES: &[Code] = &[
    err(Scope::Any, 0, K::BadCredentials), // [tp] [mp] username or password wrong
    err(Scope::Send, 2, K::NoCredit),      // [mp] credit not enough
    err(Scope::Send, 3, K::RateLimited),   // [mp] daily sending limit
    err(Scope::Send, 4, K::RateLimited),   // [mp] sending volume limit
    err(Scope::Send, 5, K::BadSender),     // [mp] sender number not valid
    err(Scope::Send, 6, K::ProviderBusy),  // [mp] system is being updated
    err(Scope::Send, 7, K::MessageRejected), // [mp] text holds a filtered word
    err(Scope::Send, 9, K::BadSender),     // [mp] public lines cannot send through the web service
    err(Scope::Send, 10, K::AccountRestricted), // [mp] user not active
    err(Scope::Send, 11, K::Failed),       // [mp] not sent
    err(Scope::Send, 12, K::AccountRestricted), // [mp] user documents incomplete
    err(Scope::Send, 14, K::MessageRejected), // [mp] text holds a link
    err(Scope::Send, 15, K::MessageRejected), // [gw] [mp] more than one number without «لغو11»
    err(Scope::Send, 16, K::InvalidNumber), // [mp] no receiver number found
    err(Scope::Send, 17, K::MessageRejected), // [mp] text empty
    err(Scope::Send, 35, K::Blacklisted),  // [gw] [mp] number on the operators' blacklist (REST)
    err(Scope::Template, 1, K::AccountRestricted), // [tp] this service is disabled for you
    err(Scope::Template, 2, K::NoCredit),  // [tp] panel credit not enough
    err(Scope::Template, 3, K::BadSender), // [tp] the line is not in the system
    err(Scope::Template, 4, K::TemplateRejected), // [tp] text code (bodyId) not right
    err(Scope::Template, 5, K::TemplateRejected), // [tp] the text was tampered with (arguments do not fit)
    err(Scope::Template, 6, K::ServerError),      // [tp] internal error
    err(Scope::Template, 7, K::MessageRejected),  // [tp] text holds filtered words
    err(Scope::Template, 10, K::AccountRestricted), // [tp] account not active
    err(Scope::Template, 11, K::Failed),          // [tp] not sent
    err(Scope::Template, 12, K::AccountRestricted), // [tp] authentication documents incomplete
    err(Scope::Template, 16, K::InvalidNumber),   // ours: as for SendSMS
    err(Scope::Template, 35, K::Blacklisted),     // ours: as for SendSMS
    state(0, S::Sent),                            // [mp] sent to the operator
    state(1, S::Delivered),                       // [gw] [mp] reached the phone
    state(2, S::Undelivered),                     // [gw] [mp] did not reach the phone
    state(8, S::Sent),                            // [mp] reached the operator
    state(16, S::Undelivered),                    // [mp] did not reach the operator
    state(35, S::Blacklisted),                    // [gw] [mp] blacklist
    state(100, S::Unknown),                       // [mp] unknown
    state(200, S::Sent),                          // [mp] sent from the panel
    state(300, S::Filtered),                      // [gw] [mp] filtered
    state(400, S::Queued),                        // [mp] in the sending list
    state(500, S::Undelivered),                   // [mp] not accepted
];

const NAME: &str = "melipayamak";
/// A `Value` at or above this is a record id, not a code.
const FIRST_ID: i64 = 1000;

pub struct Melipayamak {
    http: Http,
    base: String,
    username: String,
    password: String,
}

/// `Value`, `RetStatus` and `StrRetStatus` of an answer.
struct Ret {
    value: Value,
    status: Option<i64>,
    name: String,
}

impl Melipayamak {
    pub fn new(username: &str, password: &str, base: &str, timeouts: Timeouts) -> Melipayamak {
        Melipayamak {
            http: Http::new(
                NAME,
                timeouts,
                &[password, &format!("{username}:{password}")],
            ),
            base: base.to_string(),
            username: username.to_string(),
            password: password.to_string(),
        }
    }

    fn call(
        &self,
        method: &str,
        fields: &[(&'static str, String)],
        effect: Effect,
    ) -> Result<(Ret, Answer), SendError> {
        let mut form = vec![
            ("username", self.username.clone()),
            ("password", self.password.clone()),
        ];
        form.extend(fields.iter().cloned());
        let url = join(&self.base, &format!("/api/SendSMS/{method}"));
        let ans = self
            .http
            .post_form(&url, &[("Accept", "application/json")], &form, effect)?;
        let v = match parse_json(&ans.body) {
            Some(v) if ans.status < 500 => v,
            _ => return Err(unreadable(&self.http, &ans, effect)),
        };
        let (Some(value), status) = (
            field(&v, "Value").cloned(),
            field(&v, "RetStatus").and_then(int),
        ) else {
            return Err(unreadable(&self.http, &ans, effect));
        };
        let name = field(&v, "StrRetStatus").and_then(text).unwrap_or_default();
        Ok((
            Ret {
                value,
                status,
                name,
            },
            ans,
        ))
    }

    /// The record id of an accepted send, else the error its code means.
    fn rec_id(&self, ret: Ret, ans: &Answer, scope: Scope) -> Result<Accepted, SendError> {
        match int(&ret.value) {
            Some(id) if id >= FIRST_ID && ret.status == Some(1) => Ok(Accepted {
                provider_id: ProviderId(id.to_string()),
                cost: None,
                state: None,
            }),
            Some(code) if code < FIRST_ID => {
                Err(refused(&self.http, CODES, scope, code, &ret.name, ans))
            }
            _ => match ret.status {
                Some(code) if code != 1 => {
                    Err(refused(&self.http, CODES, scope, code, &ret.name, ans))
                }
                _ => Err(incomplete(
                    &self.http,
                    "accepted without a record id",
                    &ans.body,
                    Effect::Sends,
                )),
            },
        }
    }

    /// The `Value` of a read that succeeded (`RetStatus` 1).
    fn read(&self, method: &str, fields: &[(&'static str, String)]) -> Result<Value, SendError> {
        let (ret, ans) = self.call(method, fields, Effect::Reads)?;
        match ret.status {
            Some(1) => Ok(ret.value),
            Some(code) => Err(refused(
                &self.http,
                CODES,
                Scope::Status,
                code,
                &ret.name,
                &ans,
            )),
            None => Err(unreadable(&self.http, &ans, Effect::Reads)),
        }
    }
}

impl Gateway for Melipayamak {
    fn provider(&self) -> Provider {
        Provider::Melipayamak
    }

    /// The REST methods take no client id [py].
    fn capabilities(&self) -> Capabilities {
        Capabilities::NONE
    }

    fn send(&self, m: &Outgoing) -> Result<Accepted, SendError> {
        let fields = [
            ("to", m.to.national()),
            ("from", m.sender.clone()),
            ("text", m.text.clone()),
            ("isFlash", "false".to_string()),
        ];
        let (ret, ans) = self.call("SendSMS", &fields, Effect::Sends)?;
        self.rec_id(ret, &ans, Scope::Send)
    }

    /// `BaseServiceNumber`: the template's arguments joined by `;` [gw] [py].
    fn send_template(&self, t: &TemplateSend) -> Result<Accepted, SendError> {
        if t.template.trim().parse::<i64>().is_err() {
            return Err(self.http.error(
                K::TemplateRejected,
                None,
                "a Melipayamak bodyId is a number",
            ));
        }
        if t.params.iter().any(|(_, v)| v.contains(';')) {
            return Err(self.http.error(
                K::TemplateRejected,
                None,
                "a template argument holds ';', the separator",
            ));
        }
        let args: Vec<&str> = t.params.iter().map(|(_, v)| v.as_str()).collect();
        let fields = [
            ("to", t.to.national()),
            ("bodyId", t.template.trim().to_string()),
            ("text", args.join(";")),
        ];
        let (ret, ans) = self.call("BaseServiceNumber", &fields, Effect::Sends)?;
        self.rec_id(ret, &ans, Scope::Template)
    }

    /// One `GetDeliveries2` per record id [py `is_delivered`].
    fn status(&self, ids: &[ProviderId]) -> Result<Vec<Delivery>, SendError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let value = self.read("GetDeliveries2", &[("recId", id.0.clone())])?;
            let code = int(&value);
            out.push(Delivery {
                provider_id: id.clone(),
                state: code.map_or(S::Unknown, |c| delivery_state(CODES, c)),
                code,
                cost: None,
            });
        }
        Ok(out)
    }

    fn credit(&self) -> Result<Option<Amount>, SendError> {
        let value = self.read("GetCredit", &[])?;
        Ok(milli(&value).map(|milli| Amount::Units { milli }))
    }

    fn lookup_local(&self, _id: &LocalId) -> Result<LocalLookup, SendError> {
        Ok(LocalLookup::Unsupported)
    }
}
