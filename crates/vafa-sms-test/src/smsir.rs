//! sms.ir API v1 as its SDKs show it: header `X-API-KEY`, JSON, `{status, message, data}`
//! with status 1 for success; logical errors with HTTP 400, a bad key with 401. Costs and
//! credit are decimal numbers (the account keeps thousandths).

use serde_json::{Value, json};

use super::{Received, Reply, Seen, State, decimal, render};

const NUM: &str = "\"__NUM__\"";

pub(super) fn error(http: u16, status: i64, message: &str) -> Reply {
    Reply::json(
        http,
        json!({"status": status, "message": message, "data": null}).to_string(),
    )
}

/// A success; `num`, when given, replaces the string `"__NUM__"` in `data` with a decimal.
fn ok(data: Value, num: Option<i64>) -> Reply {
    let mut body = json!({"status": 1, "message": "موفق", "data": data}).to_string();
    if let Some(milli) = num {
        body = body.replace(NUM, &decimal(milli));
    }
    Reply::json(200, body)
}

fn text_field(v: &Value, name: &str) -> Option<String> {
    match v.get(name)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn handle(s: &mut State, req: &Seen) -> Reply {
    if req.header("x-api-key") != Some(s.account.api_key.as_str()) {
        return error(401, 10, "کلید وب سرویس نامعتبر است");
    }
    match (req.method.as_str(), req.path.as_str()) {
        ("POST", "/v1/send/bulk") => bulk(s, req),
        ("POST", "/v1/send/verify") => verify(s, req),
        ("GET", "/v1/credit") => ok(json!(NUM.trim_matches('"')), Some(s.account.credit)),
        ("GET", p) if p.starts_with("/v1/send/") => report(s, &p["/v1/send/".len()..]),
        _ => Reply {
            status: 404,
            content_type: "text/html",
            body: "<h1>404 Not Found</h1>".into(),
        },
    }
}

fn bulk(s: &mut State, req: &Seen) -> Reply {
    let Some(v) = req.json() else {
        return error(400, 16, "مقدار پارامترها نامعتبر است");
    };
    let line = text_field(&v, "lineNumber").unwrap_or_default();
    let text = text_field(&v, "messageText").unwrap_or_default();
    let mobiles: Vec<String> = v
        .get("mobiles")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|m| m.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    if !s.account.lines.contains(&line) {
        return error(400, 101, "شماره خط نامعتبر میباشد");
    }
    if text.trim().is_empty() {
        return error(400, 103, "متن پیام خالی است");
    }
    if mobiles.is_empty() {
        return error(400, 107, "لیست شماره‌ها خالی است");
    }
    if mobiles.len() > 100 {
        return error(400, 105, "تعداد شماره‌ها بیش از ۱۰۰ است");
    }
    if !mobiles.iter().all(|m| s.number_ok(m)) {
        return error(400, 104, "شماره موبایل نامعتبر است");
    }
    if mobiles.iter().any(|m| s.blacklisted(m)) {
        return error(400, 115, "شماره موبایل در لیست سیاه قرار دارد");
    }
    let cost = s.cost(&text);
    let total = cost.saturating_mul(i64::try_from(mobiles.len()).unwrap_or(i64::MAX));
    if s.account.credit < total {
        return error(400, 102, "اعتبار کافی نیست");
    }
    s.account.credit -= total;
    let mut ids = Vec::new();
    for to in mobiles {
        let id = s.next_id();
        ids.push(id);
        s.received.push(Received {
            id: id.to_string(),
            to,
            from: line.clone(),
            text: text.clone(),
            local_id: None,
            template: None,
            params: Vec::new(),
            cost,
        });
    }
    let pack = format!(
        "{:08x}-0000-4000-8000-{:012x}",
        ids[0] % 0xffff_ffff,
        ids[0]
    );
    ok(
        json!({"packId": pack, "messageIds": ids, "cost": NUM.trim_matches('"')}),
        Some(total),
    )
}

fn verify(s: &mut State, req: &Seen) -> Reply {
    let Some(v) = req.json() else {
        return error(400, 16, "مقدار پارامترها نامعتبر است");
    };
    let mobile = text_field(&v, "mobile").unwrap_or_default();
    let template_id = text_field(&v, "templateId").unwrap_or_default();
    let params: Vec<(String, String)> = v
        .get("parameters")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|p| {
                    (
                        text_field(p, "name").unwrap_or_default(),
                        text_field(p, "value").unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    if !s.number_ok(&mobile) {
        return error(400, 104, "شماره موبایل نامعتبر است");
    }
    let Some(template) = s.template(&template_id) else {
        return error(400, 113, "قالب یافت نشد");
    };
    if params.iter().any(|(n, _)| n.is_empty()) {
        return error(400, 116, "نام پارامتر خالی است");
    }
    if params.iter().any(|(_, val)| val.chars().count() > 25) {
        return error(400, 114, "طول مقدار پارامتر بیش از ۲۵ کاراکتر است");
    }
    if template
        .params
        .iter()
        .any(|p| !params.iter().any(|(n, _)| n == p))
    {
        return error(400, 16, "مقدار پارامترها نامعتبر است");
    }
    let text = render(&template, &params);
    let cost = s.cost(&text);
    if s.account.credit < cost {
        return error(400, 102, "اعتبار کافی نیست");
    }
    s.account.credit -= cost;
    let id = s.next_id();
    s.received.push(Received {
        id: id.to_string(),
        to: mobile,
        from: s.account.lines.first().cloned().unwrap_or_default(),
        text,
        local_id: None,
        template: Some(template_id),
        params,
        cost,
    });
    ok(
        json!({"messageId": id, "cost": NUM.trim_matches('"')}),
        Some(cost),
    )
}

fn report(s: &State, id: &str) -> Reply {
    let Some(r) = s.received.iter().find(|r| r.id == id) else {
        return error(400, 111, "ارسالی با این شناسه یافت نشد");
    };
    let state = s.states.get(&r.id).copied();
    let data = json!({
        "messageId": r.id.parse::<u64>().unwrap_or(0),
        "mobile": r.to,
        "messageText": r.text,
        "sendDateTime": 1_764_000_000,
        "lineNumber": r.from.parse::<u64>().unwrap_or(0),
        "cost": NUM.trim_matches('"'),
        "deliveryState": state,
        "deliveryDateTime": state.map(|_| 1_764_000_060),
    });
    ok(data, Some(r.cost))
}
