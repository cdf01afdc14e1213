//! Ghasedak's REST API v1 as its SDKs and documentation pages show it:
//! `/rest/api/v1/WebService/{Method}` (matched ignoring case, as ASP.NET does), header
//! `ApiKey`, JSON with field names matched ignoring case, answers
//! `{isSuccess, statusCode, message, data}` with the code also as the HTTP status. A
//! repeated `clientReferenceId` is refused with 451 (assumed: see the crate README).

use serde_json::{Value, json};

use super::{Received, Reply, Seen, State, render};

fn error(code: u16, message: &str) -> Reply {
    let body = json!({"isSuccess": false, "statusCode": code, "message": message, "data": null});
    Reply::json(code, body.to_string())
}

fn ok(data: Value) -> Reply {
    Reply::json(
        200,
        json!({"isSuccess": true, "statusCode": 200, "message": "", "data": data}).to_string(),
    )
}

/// A field by name ignoring case.
fn get<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

fn text(v: &Value, name: &str) -> Option<String> {
    match get(v, name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

const SEND_DATE: &str = "2026-11-22T10:00:00.0000000+03:30";

pub(super) fn handle(s: &mut State, req: &Seen) -> Reply {
    if req.header("apikey") != Some(s.account.api_key.as_str()) {
        return error(401, "NotAuthorized");
    }
    let path = req.path.to_ascii_lowercase();
    let Some(method) = path.strip_prefix("/rest/api/v1/webservice/") else {
        return Reply {
            status: 404,
            content_type: "text/plain",
            body: String::new(),
        };
    };
    match (req.method.as_str(), method) {
        ("POST", "sendsinglesms") => single(s, req),
        ("POST", "sendotpsms") => otp(s, req),
        ("GET", "checksmsstatus") => check(s, req),
        ("GET", "getaccountinformation") => ok(
            json!({"credit": s.account.credit, "expireDate": "2027-03-20T00:00:00", "plan": "Silver"}),
        ),
        _ => Reply {
            status: 404,
            content_type: "text/plain",
            body: String::new(),
        },
    }
}

fn duplicate(s: &State, reference: &Option<String>) -> bool {
    reference
        .as_ref()
        .is_some_and(|r| s.received.iter().any(|m| m.local_id.as_ref() == Some(r)))
}

fn single(s: &mut State, req: &Seen) -> Reply {
    let Some(v) = req.json() else {
        return error(400, "InvalidInput");
    };
    let line = text(&v, "lineNumber").unwrap_or_default();
    let receptor = text(&v, "receptor").unwrap_or_default();
    let message = text(&v, "message").unwrap_or_default();
    let reference = text(&v, "clientReferenceId").filter(|r| !r.is_empty());
    if receptor.is_empty() {
        return error(400, "EmptyReceiver");
    }
    if !s.number_ok(&receptor) || message.trim().is_empty() {
        return error(400, "InvalidInput");
    }
    if !s.account.lines.contains(&line) {
        return error(412, "InaccessibleLine");
    }
    if duplicate(s, &reference) {
        return error(451, "DuplicateRequest");
    }
    let cost = s.cost(&message);
    if s.account.credit < cost {
        return error(418, "NotEnoughCredit");
    }
    s.account.credit -= cost;
    let id = s.next_id().to_string();
    s.states
        .insert(id.clone(), if s.blacklisted(&receptor) { 2 } else { 0 });
    s.received.push(Received {
        id: id.clone(),
        to: receptor.clone(),
        from: line.clone(),
        text: message.clone(),
        local_id: reference.clone(),
        template: None,
        params: Vec::new(),
        cost,
    });
    ok(json!({
        "receptor": receptor,
        "lineNumber": line,
        "cost": cost,
        "messageId": id,
        "message": message,
        "sendDate": SEND_DATE,
        "clientReferenceId": reference,
    }))
}

fn otp(s: &mut State, req: &Seen) -> Reply {
    let Some(v) = req.json() else {
        return error(400, "InvalidInput");
    };
    let receptors: Vec<(String, Option<String>)> = get(&v, "receptors")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|r| {
                    (
                        text(r, "mobile").unwrap_or_default(),
                        text(r, "clientReferenceId"),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let name = text(&v, "templateName").unwrap_or_default();
    let inputs: Vec<(String, String)> = get(&v, "inputs")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|i| {
                    (
                        text(i, "param").unwrap_or_default(),
                        text(i, "value").unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if receptors.is_empty() {
        return error(400, "EmptyReceiver");
    }
    if !receptors.iter().all(|(m, _)| s.number_ok(m)) {
        return error(400, "InvalidInput");
    }
    let Some(template) = s.template(&name) else {
        return error(428, "InvalidMessageTemplate");
    };
    if template
        .params
        .iter()
        .any(|p| !inputs.iter().any(|(n, _)| n == p))
    {
        return error(429, "MissedParams");
    }
    if receptors.iter().any(|(_, r)| duplicate(s, r)) {
        return error(451, "DuplicateRequest");
    }
    let text_out = render(&template, &inputs);
    let cost = s.cost(&text_out);
    let total = cost.saturating_mul(i64::try_from(receptors.len()).unwrap_or(i64::MAX));
    if s.account.credit < total {
        return error(418, "NotEnoughCredit");
    }
    s.account.credit -= total;
    let line = s.account.lines.first().cloned().unwrap_or_default();
    let mut items = Vec::new();
    for (mobile, reference) in receptors {
        let id = s.next_id().to_string();
        s.states.insert(id.clone(), 0);
        items.push(
            json!({"receptor": mobile, "cost": cost, "messageId": id, "sendDate": SEND_DATE}),
        );
        s.received.push(Received {
            id,
            to: mobile,
            from: line.clone(),
            text: text_out.clone(),
            local_id: reference,
            template: Some(name.clone()),
            params: inputs.clone(),
            cost,
        });
    }
    ok(json!({"lineNumber": line, "messageBody": text_out, "items": items, "totalCost": total}))
}

fn check(s: &State, req: &Seen) -> Reply {
    let ids = req.param("Ids").unwrap_or_default();
    let by_reference = req.param("Type").as_deref() == Some("2");
    let ids: Vec<&str> = ids
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if ids.is_empty() {
        return error(400, "InvalidInput");
    }
    let data: Vec<Value> = s
        .received
        .iter()
        .filter(|r| {
            let key = if by_reference {
                r.local_id.as_deref()
            } else {
                Some(r.id.as_str())
            };
            key.is_some_and(|k| ids.contains(&k))
        })
        .map(|r| {
            json!({
                "messageId": r.id,
                "clientReferenceId": r.local_id,
                "message": r.text,
                "lineNumber": r.from,
                "receptor": r.to,
                "status": s.states.get(&r.id).copied().unwrap_or(0),
                "price": r.cost,
                "sendDate": SEND_DATE,
            })
        })
        .collect();
    ok(Value::Array(data))
}
