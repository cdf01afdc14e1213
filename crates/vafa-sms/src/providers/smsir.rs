//! sms.ir API v1: `{base}/v1/...`, header `X-API-KEY`, JSON bodies, answers
//! `{status, message, data}` with `status` 1 for success. HTTP 400 carries a logical error
//! in the body; 401/403/429/500 may too.

use serde_json::{Value, json};

use super::{Code, Scope, delivery_state, err, incomplete, is_ok, ok, refused, state, unreadable};
use crate::error::{ErrorKind as K, SendError};
use crate::gateway::{Gateway, Provider};
use crate::http::{Answer, Effect, Http, Timeouts, field, int, join, milli, parse_json, text};
use crate::types::{
    Accepted, Amount, Capabilities, Delivery, DeliveryState as S, LocalId, LocalLookup, Outgoing,
    ProviderId, TemplateSend,
};

/// sms.ir's codes. Sources: [ipe] IPeCompany/smsir-php `src/SmsIrService.php` (official:
/// endpoints, `{status, message, data}`, which HTTP statuses carry a body); [yk]
/// YouKnow-sys/smsir `models/status.py` (third party: status codes 0-124, delivery
/// states 1-8); [node] movahhedi/sms-ir-node `src/smsir.ts` (third party: `data` shapes);
/// [gw] /work/shared/sms-gateways.md.
const CODES: &[Code] = &[
    ok(Scope::Any, 1),                          // [yk] [gw] SUCCESS
    err(Scope::Any, 0, K::Failed),              // [yk] ERROR, request failed (no reason)
    err(Scope::Any, 10, K::BadCredentials),     // [yk] invalid API key
    err(Scope::Any, 11, K::BadCredentials),     // [yk] API key disabled
    err(Scope::Any, 12, K::AccountRestricted),  // [yk] key restricted to other IPs
    err(Scope::Any, 13, K::AccountRestricted),  // [yk] account disabled
    err(Scope::Any, 14, K::AccountRestricted),  // [yk] account suspended
    err(Scope::Any, 15, K::AccountRestricted),  // [yk] plan upgrade needed for the web service
    err(Scope::Any, 16, K::BadRequest),         // [yk] invalid parameter value
    err(Scope::Any, 20, K::RateLimited),        // [yk] rate limit exceeded
    err(Scope::Any, 101, K::BadSender),         // [yk] invalid line number
    err(Scope::Any, 102, K::NoCredit),          // [yk] [gw] insufficient credit
    err(Scope::Any, 103, K::MessageRejected),   // [yk] empty message text
    err(Scope::Any, 104, K::InvalidNumber),     // [yk] invalid mobile number
    err(Scope::Any, 105, K::BadRequest),        // [yk] [gw] more than 100 numbers
    err(Scope::Any, 106, K::BadRequest),        // [yk] more than 100 texts
    err(Scope::Any, 107, K::InvalidNumber),     // [yk] empty mobile list
    err(Scope::Any, 108, K::MessageRejected),   // [yk] empty text list
    err(Scope::Any, 109, K::BadRequest),        // [yk] invalid send time
    err(Scope::Any, 110, K::BadRequest),        // [yk] mobile and text counts differ
    err(Scope::Any, 111, K::BadRequest), // [yk] no send with this id (status: Unknown, see below)
    err(Scope::Any, 112, K::BadRequest), // [yk] record not found for deletion
    err(Scope::Any, 113, K::TemplateRejected), // [yk] [gw] template not found
    err(Scope::Any, 114, K::TemplateRejected), // [yk] [gw] parameter over 25 characters
    err(Scope::Any, 115, K::Blacklisted), // [yk] [gw] number(s) blacklisted
    err(Scope::Any, 116, K::TemplateRejected), // [yk] parameter name empty
    err(Scope::Any, 117, K::MessageRejected), // [yk] text not approved
    err(Scope::Any, 118, K::RateLimited), // ours: "too many messages" read as a volume limit
    err(Scope::Any, 119, K::AccountRestricted), // [yk] own templates need a plan upgrade
    err(Scope::Any, 123, K::BadSender),  // [yk] sender line needs activation
    err(Scope::Any, 124, K::AccountRestricted), // [yk] account limited to OTP templates
    state(1, S::Delivered),              // [yk] DELIVERED
    state(2, S::Undelivered),            // [yk] NOT_DELIVERED_TO_PHONE
    state(3, S::Sent),                   // [yk] DELIVERED_TO_TELECOM
    state(4, S::Undelivered),            // [yk] NOT_DELIVERED_TO_TELECOM
    state(5, S::Sent),                   // [yk] DELIVERED_TO_OPERATOR
    state(6, S::Undelivered),            // [yk] FAILED
    state(7, S::Blacklisted),            // [yk] [gw] BLACKLISTED
    state(8, S::Unknown),                // [yk] UNKNOWN
];

const NAME: &str = "smsir";
const NOT_FOUND: i64 = 111;

pub struct SmsIr {
    http: Http,
    base: String,
    key: String,
}

impl SmsIr {
    pub fn new(api_key: &str, base: &str, timeouts: Timeouts) -> SmsIr {
        SmsIr {
            http: Http::new(NAME, timeouts, &[api_key]),
            base: base.to_string(),
            key: api_key.to_string(),
        }
    }

    fn headers(&self) -> [(&str, &str); 2] {
        [
            ("X-API-KEY", self.key.as_str()),
            ("Accept", "application/json"),
        ]
    }

    fn post(&self, path: &str, body: &Value, scope: Scope) -> Result<Value, SendError> {
        let ans = self.http.post_json(
            &join(&self.base, path),
            &self.headers(),
            body,
            Effect::Sends,
        )?;
        self.data(&ans, scope, Effect::Sends)
    }

    fn get(&self, path: &str, scope: Scope) -> Result<Value, SendError> {
        let ans = self
            .http
            .get(&join(&self.base, path), &self.headers(), &[])?;
        self.data(&ans, scope, Effect::Reads)
    }

    /// `data` of a successful answer.
    fn data(&self, ans: &Answer, scope: Scope, effect: Effect) -> Result<Value, SendError> {
        let v = match parse_json(&ans.body) {
            Some(v) if ans.status < 500 => v,
            _ => return Err(unreadable(&self.http, ans, effect)),
        };
        let Some(code) = field(&v, "status").and_then(int) else {
            return Err(unreadable(&self.http, ans, effect));
        };
        if is_ok(CODES, scope, code) && (200..300).contains(&ans.status) {
            return Ok(field(&v, "data").cloned().unwrap_or(Value::Null));
        }
        let message = field(&v, "message").and_then(text).unwrap_or_default();
        Err(refused(&self.http, CODES, scope, code, &message, ans))
    }
}

impl SmsIr {
    /// An accepted send: the id found in `data`, and its cost.
    fn accepted(&self, data: &Value, id: Option<&Value>) -> Result<Accepted, SendError> {
        let Some(id) = id.and_then(text) else {
            let shown = data.to_string();
            return Err(incomplete(
                &self.http,
                "accepted without an id",
                shown.as_bytes(),
                Effect::Sends,
            ));
        };
        Ok(Accepted {
            provider_id: ProviderId(id),
            cost: units(data),
            state: None,
        })
    }
}

fn units(v: &Value) -> Option<Amount> {
    field(v, "cost")
        .and_then(milli)
        .map(|milli| Amount::Units { milli })
}

/// sms.ir takes a line number as a JSON number in its SDKs' examples; keep anything else
/// as text so the provider can refuse it.
fn line_number(sender: &str) -> Value {
    match sender.parse::<u64>() {
        Ok(n) if !sender.starts_with('0') => json!(n),
        _ => json!(sender),
    }
}

impl Gateway for SmsIr {
    fn provider(&self) -> Provider {
        Provider::SmsIr
    }

    /// No call takes a client id, and no report can be searched by one [ipe].
    fn capabilities(&self) -> Capabilities {
        Capabilities::NONE
    }

    fn send(&self, m: &Outgoing) -> Result<Accepted, SendError> {
        let body = json!({
            "lineNumber": line_number(&m.sender),
            "messageText": m.text,
            "mobiles": [m.to.national()],
            "sendDateTime": null,
        });
        let data = self.post("/v1/send/bulk", &body, Scope::Send)?;
        let first = field(&data, "messageIds")
            .and_then(Value::as_array)
            .and_then(|a| a.first());
        if first == Some(&Value::Null) {
            // Taken as a pack, but this number got no message.
            let why = "the pack was accepted without an id for this number";
            return Err(self.http.error(K::Failed, None, why));
        }
        self.accepted(&data, first)
    }

    fn send_template(&self, t: &TemplateSend) -> Result<Accepted, SendError> {
        let Ok(template_id) = t.template.trim().parse::<i64>() else {
            return Err(self.http.error(
                K::TemplateRejected,
                None,
                "an sms.ir templateId is a number",
            ));
        };
        let params: Vec<Value> = t
            .params
            .iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect();
        let body =
            json!({"mobile": t.to.national(), "templateId": template_id, "parameters": params});
        let data = self.post("/v1/send/verify", &body, Scope::Template)?;
        self.accepted(&data, field(&data, "messageId"))
    }

    /// One `GET send/{messageId}` per id (the API has no batch by message id).
    fn status(&self, ids: &[ProviderId]) -> Result<Vec<Delivery>, SendError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let unknown = Delivery::unknown(id.clone());
            if id.0.is_empty() || !id.0.bytes().all(|b| b.is_ascii_digit()) {
                out.push(unknown);
                continue;
            }
            match self.get(&format!("/v1/send/{}", id.0), Scope::Status) {
                Ok(data) => {
                    let code = field(&data, "deliveryState").and_then(int);
                    out.push(Delivery {
                        provider_id: id.clone(),
                        // No state yet: no report has come back from the operator.
                        state: code.map_or(S::Queued, |c| delivery_state(CODES, c)),
                        code,
                        cost: units(&data),
                    });
                }
                Err(e) if e.code == Some(NOT_FOUND) => out.push(Delivery {
                    code: Some(NOT_FOUND),
                    ..unknown
                }),
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    fn credit(&self) -> Result<Option<Amount>, SendError> {
        let data = self.get("/v1/credit", Scope::Any)?;
        Ok(milli(&data).map(|milli| Amount::Units { milli }))
    }

    fn lookup_local(&self, _id: &LocalId) -> Result<LocalLookup, SendError> {
        Ok(LocalLookup::Unsupported)
    }
}
