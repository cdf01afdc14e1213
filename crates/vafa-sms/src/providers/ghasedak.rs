//! Ghasedak's REST API v1: `{base}/rest/api/v1/WebService/{Method}`, header `ApiKey`,
//! JSON bodies in camelCase, answers `{isSuccess, statusCode, message, data}`; a failure
//! comes with an HTTP status other than 200.

use serde_json::{Value, json};

use super::{
    Code, Scope, batched_status, delivery_item, err, incomplete, is_ok, ok, refused, state,
    unreadable,
};
use crate::error::{ErrorKind as K, SendError};
use crate::gateway::{Gateway, Provider};
use crate::http::{Answer, Effect, Http, Timeouts, field, int, join, parse_json, text};
use crate::types::{
    Accepted, Amount, Capabilities, Dedup, Delivery, DeliveryState as S, LocalId, LocalLookup,
    Outgoing, ProviderId, TemplateSend,
};

/// Ghasedak's codes. Sources: [php] ghasedakapi/ghasedaksms-php (official: method names,
/// camelCase request fields, `isSuccess`/`statusCode`/`data`, response DTOs); [py]
/// ghasedakapi/ghasedak_sms_python (official: `ApiKey` header, `CheckSmsStatus` with
/// `Type` 1 = messageId, 2 = clientReferenceId); [doc] negar8223/ghasedak-doc (OpenAPI
/// pages for gateway.ghasedak.me: answer examples, status values 0-8); [smsit] the
/// `Ghasedak2Gateway` status map of the smsit Python library (third party: code names);
/// [gw] /work/shared/sms-gateways.md.
const CODES: &[Code] = &[
    ok(Scope::Any, 200),                        // [php] [doc]
    err(Scope::Any, 400, K::BadRequest), // [smsit] InvalidInput | EmptyReceiver | MissedLaghv11
    err(Scope::Any, 401, K::BadCredentials), // [smsit] InactiveAccount | NotAuthorized; [doc] example
    err(Scope::Any, 402, K::Failed),         // [smsit] OperationFailed
    err(Scope::Any, 406, K::BadSender),      // [smsit] LineOwnershipError
    err(Scope::Any, 412, K::BadSender), // [smsit] InaccessibleLine | InactiveLine | PublicLine | ExpiredLine ...
    err(Scope::Any, 413, K::MessageRejected), // [smsit] MessageLengthLimit | ReceiversMaxLimit
    err(Scope::Any, 416, K::AccountRestricted), // [smsit] ForbiddenIp
    err(Scope::Any, 418, K::NoCredit),  // [smsit] [gw] NotEnoughCredit
    err(Scope::Any, 419, K::AccountRestricted), // [smsit] BadTariff
    err(Scope::Any, 420, K::MessageRejected), // [smsit] MessageInvalidLink
    err(Scope::Any, 422, K::MessageRejected), // [smsit] MessageInvalidCharacter
    err(Scope::Any, 426, K::AccountRestricted), // [smsit] UpgradePlan
    err(Scope::Any, 428, K::TemplateRejected), // [smsit] InvalidMessageTemplate
    err(Scope::Any, 429, K::TemplateRejected), // [smsit] MissedParams (in the body; not a rate limit)
    err(Scope::Any, 451, K::Failed), // [smsit] [gw] DuplicateRequest: looked up, see `send`
    err(Scope::Any, 500, K::ServerError), // [smsit] UnknownError
    state(0, S::Queued),             // [doc] no status yet
    state(1, S::Undelivered),        // [doc] cancelled
    state(2, S::Blacklisted),        // [doc] blacklist
    state(3, S::Sent),               // [doc] handed to the operator
    state(4, S::Undelivered),        // [doc] did not reach the phone
    state(5, S::Delivered),          // [doc] reached the phone
    state(6, S::Undelivered),        // [doc] sending failed
    state(7, S::Unknown),            // [doc] debug mode
    state(8, S::Unknown),            // [doc] unknown
];

const NAME: &str = "ghasedak";
const DUPLICATE: i64 = 451;
/// `CheckSmsStatus` answers at most 100 ids a call [doc].
const STATUS_BATCH: usize = 100;

pub struct Ghasedak {
    http: Http,
    base: String,
    key: String,
}

impl Ghasedak {
    pub fn new(api_key: &str, base: &str, timeouts: Timeouts) -> Ghasedak {
        Ghasedak {
            http: Http::new(NAME, timeouts, &[api_key]),
            base: base.to_string(),
            key: api_key.to_string(),
        }
    }

    fn url(&self, method: &str) -> String {
        join(&self.base, &format!("/rest/api/v1/WebService/{method}"))
    }

    fn headers(&self) -> [(&str, &str); 2] {
        [
            ("ApiKey", self.key.as_str()),
            ("Accept", "application/json"),
        ]
    }

    fn data(&self, ans: &Answer, scope: Scope, effect: Effect) -> Result<Value, SendError> {
        let v = match parse_json(&ans.body) {
            Some(v) if ans.status < 500 => v,
            _ => return Err(unreadable(&self.http, ans, effect)),
        };
        let success = field(&v, "isSuccess").and_then(Value::as_bool);
        let code = field(&v, "statusCode").and_then(int);
        let (Some(success), Some(code)) = (success, code) else {
            return Err(unreadable(&self.http, ans, effect));
        };
        if success && is_ok(CODES, scope, code) && ans.status == 200 {
            return Ok(field(&v, "data").cloned().unwrap_or(Value::Null));
        }
        let message = field(&v, "message").and_then(text).unwrap_or_default();
        Err(refused(&self.http, CODES, scope, code, &message, ans))
    }

    fn check(&self, ids: &[&str], by_reference: bool) -> Result<Vec<Value>, SendError> {
        let query = [
            ("Ids", ids.join(",")),
            ("Type", if by_reference { "2" } else { "1" }.to_string()),
        ];
        let ans = self
            .http
            .get(&self.url("CheckSmsStatus"), &self.headers(), &query)?;
        let data = self.data(&ans, Scope::Status, Effect::Reads)?;
        Ok(data.as_array().cloned().unwrap_or_default())
    }

    /// A send refused as a duplicate: the first one is looked up by our id and returned
    /// as accepted. Not found (yet): a transient failure that may have been delivered.
    fn recover(&self, first: SendError, local_id: &LocalId) -> Result<Accepted, SendError> {
        match self.lookup_local(local_id) {
            Ok(LocalLookup::Found(d)) => Ok(Accepted {
                provider_id: d.provider_id,
                cost: d.cost,
                state: Some(d.state),
            }),
            _ => Err(first.maybe_delivered(true)),
        }
    }

    /// POSTs a send; a duplicate refusal comes back as the first message, found again.
    fn post(
        &self,
        method: &str,
        body: &Value,
        scope: Scope,
        local_id: &LocalId,
    ) -> Result<Posted, SendError> {
        let ans = self
            .http
            .post_json(&self.url(method), &self.headers(), body, Effect::Sends)?;
        match self.data(&ans, scope, Effect::Sends) {
            Ok(data) => Ok(Posted::Data(data)),
            Err(e) if e.code == Some(DUPLICATE) => self.recover(e, local_id).map(Posted::Recovered),
            Err(e) => Err(e),
        }
    }

    fn accepted(
        &self,
        posted: Posted,
        item: fn(&Value) -> Option<&Value>,
    ) -> Result<Accepted, SendError> {
        let data = match posted {
            Posted::Recovered(a) => return Ok(a),
            Posted::Data(d) => d,
        };
        let found = item(&data).and_then(|i| {
            let id = field(i, "messageId").and_then(text)?;
            Some(Accepted {
                provider_id: ProviderId(id),
                cost: field(i, "cost").and_then(int).map(Amount::Rials),
                state: None,
            })
        });
        found.ok_or_else(|| {
            incomplete(
                &self.http,
                "accepted without a messageId",
                data.to_string().as_bytes(),
                Effect::Sends,
            )
        })
    }
}

enum Posted {
    Data(Value),
    Recovered(Accepted),
}

fn delivery(item: &Value) -> Option<Delivery> {
    delivery_item(CODES, item, "messageId", "price")
}

impl Gateway for Ghasedak {
    fn provider(&self) -> Provider {
        Provider::Ghasedak
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            send_dedup: Dedup::ResendRefusedThenLookedUp,
            template_dedup: Dedup::ResendRefusedThenLookedUp,
            lookup_by_local_id: true,
        }
    }

    fn send(&self, m: &Outgoing) -> Result<Accepted, SendError> {
        let body = json!({
            "lineNumber": m.sender,
            "receptor": m.to.national(),
            "message": m.text,
            "clientReferenceId": m.local_id.as_str(),
        });
        let posted = self.post("SendSingleSMS", &body, Scope::Send, &m.local_id)?;
        self.accepted(posted, |d| Some(d))
    }

    fn send_template(&self, t: &TemplateSend) -> Result<Accepted, SendError> {
        let inputs: Vec<Value> = t
            .params
            .iter()
            .map(|(p, v)| json!({"param": p, "value": v}))
            .collect();
        let body = json!({
            "receptors": [{"mobile": t.to.national(), "clientReferenceId": t.local_id.as_str()}],
            "templateName": t.template,
            "inputs": inputs,
        });
        let posted = self.post("SendOtpSMS", &body, Scope::Template, &t.local_id)?;
        self.accepted(posted, |d| {
            field(d, "items")
                .and_then(Value::as_array)
                .and_then(|a| a.first())
        })
    }

    fn status(&self, ids: &[ProviderId]) -> Result<Vec<Delivery>, SendError> {
        batched_status(ids, STATUS_BATCH, |list| {
            Ok(self
                .check(list, false)?
                .iter()
                .filter_map(delivery)
                .collect())
        })
    }

    /// `GetAccountInformation` → `data.credit` [php].
    fn credit(&self) -> Result<Option<Amount>, SendError> {
        let ans = self
            .http
            .get(&self.url("GetAccountInformation"), &self.headers(), &[])?;
        let data = self.data(&ans, Scope::Any, Effect::Reads)?;
        Ok(field(&data, "credit").and_then(int).map(Amount::Rials))
    }

    fn lookup_local(&self, id: &LocalId) -> Result<LocalLookup, SendError> {
        let items = self.check(&[id.as_str()], true)?;
        Ok(items
            .iter()
            .find_map(delivery)
            .map_or(LocalLookup::NotFound, LocalLookup::Found))
    }
}
