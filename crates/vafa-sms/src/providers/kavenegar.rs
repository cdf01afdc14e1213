//! Kavenegar REST API v1: `POST {base}/v1/{API-KEY}/{method}.json`, form fields, answers
//! `{"return": {"status", "message"}, "entries": ...}`; an error is an HTTP status other
//! than 200 with the code in `return.status`.

use serde_json::Value;

use super::{
    Code, Scope, batched_status, delivery_item, delivery_state, err, incomplete, is_ok, ok,
    refused, state, unreadable,
};
use crate::error::{ErrorKind as K, SendError, percent_encode};
use crate::gateway::{Gateway, Provider};
use crate::http::{Answer, Effect, Http, Timeouts, field, int, join, parse_json, text};
use crate::types::{
    Accepted, Amount, Capabilities, Dedup, Delivery, DeliveryState as S, LocalId, LocalLookup,
    Outgoing, ProviderId, TemplateSend,
};

/// Kavenegar's codes. Sources: [go] kavenegar/kavenegar-go (`client.go`, `message.go`,
/// `enums/message/status/type.go`); [fd] FardaDev/kavenegar-for-laravel
/// `docs/error-codes.md` and `docs/api-endpoints.md` (third party, built from
/// kavenegar.com/rest.html); [gw] /work/shared/sms-gateways.md (kavenegar crate
/// `src/error.rs` and third-party wrappers). Rows marked "ours" are our reading of the
/// provider's wording.
const CODES: &[Code] = &[
    ok(Scope::Any, 200),                     // [go] [fd] return.status 200 = accepted
    err(Scope::Any, 400, K::BadRequest),     // [fd] incomplete parameters
    err(Scope::Any, 401, K::BadCredentials), // [fd] invalid API key / account disabled
    err(Scope::Any, 402, K::Failed),         // [fd] operation failed (no reason given)
    err(Scope::Any, 403, K::BadCredentials), // [gw] API-Key not valid
    err(Scope::Any, 404, K::Misconfigured),  // [fd] no method by this name
    err(Scope::Any, 405, K::Misconfigured),  // [fd] wrong GET/POST
    err(Scope::Any, 406, K::BadRequest),     // [gw] required parameters missing
    err(Scope::Any, 407, K::AccountRestricted), // [fd] access denied (IP whitelist)
    err(Scope::Any, 409, K::ProviderBusy),   // [fd] server cannot answer
    err(Scope::Any, 411, K::InvalidNumber),  // [fd] [gw] receptor not valid
    err(Scope::Any, 412, K::BadSender),      // [fd] [gw] sender not valid
    err(Scope::Any, 413, K::MessageRejected), // [fd] [gw] message empty or too long
    err(Scope::Any, 414, K::BadRequest),     // [fd] [gw] too many records
    err(Scope::Any, 416, K::AccountRestricted), // ours: IP not allowed (older code lists)
    err(Scope::Any, 417, K::BadRequest),     // [fd] date not valid
    err(Scope::Any, 418, K::NoCredit),       // [fd] [gw] not enough credit
    err(Scope::Any, 419, K::BadRequest),     // [fd] array lengths differ
    err(Scope::Any, 420, K::MessageRejected), // [gw] links not allowed
    err(Scope::Any, 422, K::MessageRejected), // [gw] bad characters
    err(Scope::Any, 424, K::TemplateRejected), // [gw] template not found / not approved
    err(Scope::Any, 426, K::AccountRestricted), // [gw] needs an advanced plan
    err(Scope::Any, 428, K::TemplateRejected), // [gw] a call needs a numeric token
    err(Scope::Any, 429, K::RateLimited),    // [gw] rate limit
    err(Scope::Any, 431, K::TemplateRejected), // [gw] token holds a space or newline
    err(Scope::Any, 432, K::TemplateRejected), // [gw] parameter not in the template
    err(Scope::Any, 451, K::RateLimited),    // [gw] rate limit (repeated requests)
    err(Scope::Any, 607, K::BadRequest),     // [fd] tag name not valid
    state(1, S::Queued),                     // [go] Queued
    state(2, S::Queued),                     // [go] Schulded (scheduled)
    state(4, S::Sent),                       // [go] SentToCenter
    state(5, S::Sent),                       // [fd] sent to the operator
    state(6, S::Undelivered),                // [fd] failed
    state(10, S::Delivered),                 // [go] Delivered
    state(11, S::Undelivered),               // [go] Undelivered
    state(13, S::Undelivered),               // [go] Canceled
    state(14, S::Blacklisted),               // [fd] "blocked" (بلاک شده); [go] names it Filtered
    state(100, S::Unknown),                  // [go] Incorrect (id not valid)
];

const NAME: &str = "kavenegar";
/// `sms/status.json` takes at most 500 ids [fd].
const STATUS_BATCH: usize = 500;

pub struct Kavenegar {
    http: Http,
    base: String,
    key_in_path: String,
}

impl Kavenegar {
    pub fn new(api_key: &str, base: &str, timeouts: Timeouts) -> Kavenegar {
        Kavenegar {
            http: Http::new(NAME, timeouts, &[api_key]),
            base: base.to_string(),
            key_in_path: percent_encode(api_key),
        }
    }

    fn url(&self, method: &str) -> String {
        join(
            &self.base,
            &format!("/v1/{}/{method}.json", self.key_in_path),
        )
    }

    /// POSTs a form and returns `entries` of an accepted answer.
    fn call(
        &self,
        method: &str,
        form: &[(&str, String)],
        scope: Scope,
        effect: Effect,
    ) -> Result<Value, SendError> {
        let ans = self.http.post_form(
            &self.url(method),
            &[("Accept", "application/json")],
            form,
            effect,
        )?;
        self.entries(ans, scope, effect)
    }

    fn entries(&self, ans: Answer, scope: Scope, effect: Effect) -> Result<Value, SendError> {
        let v = match parse_json(&ans.body) {
            Some(v) if ans.status < 500 => v,
            _ => return Err(unreadable(&self.http, &ans, effect)),
        };
        let ret = field(&v, "return");
        let Some(code) = ret.and_then(|r| field(r, "status")).and_then(int) else {
            return Err(unreadable(&self.http, &ans, effect));
        };
        let message = ret
            .and_then(|r| field(r, "message"))
            .and_then(text)
            .unwrap_or_default();
        if ans.status == 200 && is_ok(CODES, scope, code) {
            Ok(field(&v, "entries").cloned().unwrap_or(Value::Null))
        } else {
            Err(refused(&self.http, CODES, scope, code, &message, &ans))
        }
    }

    fn accepted(&self, entry: Option<&Value>, entries: &Value) -> Result<Accepted, SendError> {
        let id = entry.and_then(|e| field(e, "messageid")).and_then(text);
        let Some(id) = id else {
            let shown = serde_json::to_vec(entries).unwrap_or_default();
            return Err(incomplete(
                &self.http,
                "accepted without a messageid",
                &shown,
                Effect::Sends,
            ));
        };
        let e = entry.unwrap_or(&Value::Null);
        Ok(Accepted {
            provider_id: ProviderId(id),
            cost: field(e, "cost").and_then(int).map(Amount::Rials),
            state: field(e, "status")
                .and_then(int)
                .map(|c| delivery_state(CODES, c)),
        })
    }
}

fn delivery(e: &Value) -> Option<Delivery> {
    delivery_item(CODES, e, "messageid", "cost")
}

/// `entries` is a list, or for `verify/lookup` sometimes one object [go `verify.go`].
fn first(entries: &Value) -> Option<&Value> {
    match entries {
        Value::Array(a) => a.first(),
        Value::Object(_) => Some(entries),
        _ => None,
    }
}

impl Gateway for Kavenegar {
    fn provider(&self) -> Provider {
        Provider::Kavenegar
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            send_dedup: Dedup::ResendReturnsFirst,
            // verify/lookup takes no localid [go `verify_lookup.go`, fd].
            template_dedup: Dedup::None,
            lookup_by_local_id: true,
        }
    }

    fn send(&self, m: &Outgoing) -> Result<Accepted, SendError> {
        let form = [
            ("receptor", m.to.national()),
            ("sender", m.sender.clone()),
            ("message", m.text.clone()),
            ("localid", m.local_id.as_i63().to_string()),
        ];
        let entries = self.call("sms/send", &form, Scope::Send, Effect::Sends)?;
        self.accepted(first(&entries), &entries)
    }

    fn send_template(&self, t: &TemplateSend) -> Result<Accepted, SendError> {
        const TOKENS: [&str; 5] = ["token", "token2", "token3", "token10", "token20"];
        if t.params.is_empty() || t.params.len() > TOKENS.len() {
            return Err(self.http.error(
                K::TemplateRejected,
                None,
                &format!("verify/lookup takes 1 to 5 tokens, not {}", t.params.len()),
            ));
        }
        let mut form = vec![
            ("receptor", t.to.national()),
            ("template", t.template.clone()),
        ];
        for (slot, (_, value)) in TOKENS.iter().zip(&t.params) {
            form.push((slot, value.clone()));
        }
        let entries = self.call("verify/lookup", &form, Scope::Template, Effect::Sends)?;
        self.accepted(first(&entries), &entries)
    }

    fn status(&self, ids: &[ProviderId]) -> Result<Vec<Delivery>, SendError> {
        batched_status(ids, STATUS_BATCH, |list| {
            let form = [("messageid", list.join(","))];
            let entries = self.call("sms/status", &form, Scope::Status, Effect::Reads)?;
            Ok(entries
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(delivery)
                .collect())
        })
    }

    fn credit(&self) -> Result<Option<Amount>, SendError> {
        let entries = self.call("account/info", &[], Scope::Any, Effect::Reads)?;
        Ok(first(&entries)
            .and_then(|e| field(e, "remaincredit"))
            .and_then(int)
            .map(Amount::Rials))
    }

    /// `sms/statuslocalmessageid.json`; Kavenegar keeps local ids searchable for about
    /// 12 hours [fd].
    fn lookup_local(&self, id: &LocalId) -> Result<LocalLookup, SendError> {
        let form = [("localid", id.as_i63().to_string())];
        let entries = self.call(
            "sms/statuslocalmessageid",
            &form,
            Scope::Status,
            Effect::Reads,
        )?;
        Ok(match first(&entries).and_then(delivery) {
            Some(d) if d.code != Some(100) => LocalLookup::Found(d),
            _ => LocalLookup::NotFound,
        })
    }
}
