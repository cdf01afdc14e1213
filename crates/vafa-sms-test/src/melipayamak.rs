//! Melipayamak's REST web service as its SDKs show it: `POST /api/SendSMS/{Method}`, form
//! fields with `username` and `password`, answers `{Value, RetStatus, StrRetStatus}`
//! (HTTP 200). An accepted send has `RetStatus` 1 and a long record id in `Value`; a
//! refusal has its code in `Value` and `RetStatus`.

use serde_json::json;

use super::{Received, Reply, Seen, State, decimal, render};

fn answer(value: &str, status: i64, name: &str) -> Reply {
    Reply::json(
        200,
        json!({"Value": value, "RetStatus": status, "StrRetStatus": name}).to_string(),
    )
}

fn refuse(code: i64, name: &str) -> Reply {
    answer(&code.to_string(), code, name)
}

fn ok(value: &str) -> Reply {
    answer(value, 1, "Ok")
}

pub(super) fn handle(s: &mut State, req: &Seen) -> Reply {
    let Some(method) = req.path.strip_prefix("/api/SendSMS/") else {
        return Reply {
            status: 404,
            content_type: "text/html",
            body: "<h1>404</h1>".into(),
        };
    };
    if req.method != "POST" {
        return Reply {
            status: 405,
            content_type: "text/html",
            body: "<h1>405</h1>".into(),
        };
    }
    let user_ok = req.param("username").as_deref() == Some(s.account.username.as_str());
    let pass_ok = req.param("password").as_deref() == Some(s.account.api_key.as_str());
    if !(user_ok && pass_ok) {
        return refuse(0, "InvalidUserPass");
    }
    match method {
        "SendSMS" => send(s, req),
        "BaseServiceNumber" => base_service(s, req),
        "GetDeliveries2" => {
            let rec = req.param("recId").unwrap_or_default();
            let code = if s.received.iter().any(|r| r.id == rec) {
                s.states.get(&rec).copied().unwrap_or(0)
            } else {
                -1
            };
            ok(&code.to_string())
        }
        "GetCredit" => ok(&decimal(s.account.credit)),
        _ => Reply {
            status: 404,
            content_type: "text/html",
            body: "<h1>404</h1>".into(),
        },
    }
}

/// Record ids are 19-digit numbers.
fn rec_id(s: &mut State) -> String {
    (4_000_000_000_000_000_000_u64 + s.next_id()).to_string()
}

fn send(s: &mut State, req: &Seen) -> Reply {
    let to = req.param("to").unwrap_or_default();
    let from = req.param("from").unwrap_or_default();
    let text = req.param("text").unwrap_or_default();
    let numbers: Vec<&str> = to
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    if !s.account.lines.contains(&from) {
        return refuse(5, "InvalidSenderNumber");
    }
    if text.trim().is_empty() {
        return refuse(17, "EmptyText");
    }
    if numbers.is_empty() || !numbers.iter().all(|n| s.number_ok(n)) {
        return refuse(16, "ReceiverNotFound");
    }
    if numbers.len() > 1 && !(text.contains("لغو11") || text.contains("لغو۱۱")) {
        return refuse(15, "MissingOptOut");
    }
    if numbers.iter().any(|n| s.blacklisted(n)) {
        return refuse(35, "BlackList");
    }
    let cost = s.cost(&text);
    let total = cost.saturating_mul(i64::try_from(numbers.len()).unwrap_or(i64::MAX));
    if s.account.credit < total {
        return refuse(2, "CreditNotEnough");
    }
    s.account.credit -= total;
    let mut first = String::new();
    for n in numbers {
        let id = rec_id(s);
        s.states.insert(id.clone(), 0);
        if first.is_empty() {
            first = id.clone();
        }
        s.received.push(Received {
            id,
            to: n.to_string(),
            from: from.clone(),
            text: text.clone(),
            local_id: None,
            template: None,
            params: Vec::new(),
            cost,
        });
    }
    ok(&first)
}

fn base_service(s: &mut State, req: &Seen) -> Reply {
    let to = req.param("to").unwrap_or_default();
    let body_id = req.param("bodyId").unwrap_or_default();
    let args: Vec<String> = req
        .param("text")
        .unwrap_or_default()
        .split(';')
        .map(str::to_string)
        .collect();
    let Some(template) = s.template(&body_id) else {
        return refuse(4, "InvalidBodyId");
    };
    if args.len() != template.params.len() {
        return refuse(5, "TextDoesNotMatch");
    }
    if !s.number_ok(&to) {
        return refuse(16, "ReceiverNotFound");
    }
    let values: Vec<(String, String)> = template.params.iter().cloned().zip(args).collect();
    let text = render(&template, &values);
    let cost = s.cost(&text);
    if s.account.credit < cost {
        return refuse(2, "CreditNotEnough");
    }
    s.account.credit -= cost;
    let id = rec_id(s);
    s.states.insert(id.clone(), 0);
    s.received.push(Received {
        id: id.clone(),
        to,
        from: s.account.lines.first().cloned().unwrap_or_default(),
        text,
        local_id: None,
        template: Some(body_id),
        params: values,
        cost,
    });
    ok(&id)
}
