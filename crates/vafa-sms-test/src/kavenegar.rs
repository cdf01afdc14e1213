//! Kavenegar as its REST documentation gives it: `/v1/{API-KEY}/{method}.json`, form or
//! query parameters, `{"return": {"status", "message"}, "entries"}`, the code also as
//! the HTTP status; `localid` dedup on `sms/send`.

use serde_json::{Value, json};

use super::{Received, Reply, Seen, State, render};

pub(super) fn error(code: u16, message: &str) -> Reply {
    let body = json!({"return": {"status": code, "message": message}, "entries": null});
    Reply::json(code, body.to_string())
}

fn ok(entries: Value) -> Reply {
    let body = json!({"return": {"status": 200, "message": "تایید شد"}, "entries": entries});
    Reply::json(200, body.to_string())
}

fn status_text(code: i64) -> &'static str {
    match code {
        1 => "در صف ارسال",
        2 => "زمان بندی شده",
        4 | 5 => "ارسال شده به مخابرات",
        6 => "خطا در ارسال پیام",
        10 => "رسیده به گیرنده",
        11 => "نرسیده به گیرنده",
        13 => "لغو شده",
        14 => "بلاک شده",
        _ => "شناسه پیامک نامعتبر است",
    }
}

/// Blacklisted numbers are taken and then reported blocked (14).
fn initial_state(s: &State, national: &str) -> i64 {
    if s.blacklisted(national) { 14 } else { 1 }
}

fn entry(s: &State, r: &Received) -> Value {
    let code = s.states.get(&r.id).copied().unwrap_or(1);
    json!({
        "messageid": r.id.parse::<u64>().unwrap_or(0),
        "message": r.text,
        "status": code,
        "statustext": status_text(code),
        "sender": r.from,
        "receptor": r.to,
        "date": 1_764_000_000,
        "cost": r.cost,
    })
}

/// `%XX` decoded, as a web server decodes a path segment.
fn percent_decode(segment: &str) -> String {
    let b = segment.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| char::from(c).to_digit(16);
        match (
            b[i],
            b.get(i + 1).copied().and_then(hex),
            b.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub(super) fn handle(s: &mut State, req: &Seen) -> Reply {
    let mut segs = req.path.trim_start_matches('/').splitn(3, '/');
    let (Some("v1"), Some(key), Some(method)) = (segs.next(), segs.next(), segs.next()) else {
        return error(404, "متدی با این نام پیدا نشده است");
    };
    if percent_decode(key) != s.account.api_key {
        return error(403, "کد شناسائی API-Key معتبر نمی‌باشد");
    }
    match method {
        "sms/send.json" => send(s, req),
        "verify/lookup.json" => lookup(s, req),
        "sms/status.json" => status(s, req),
        "sms/statuslocalmessageid.json" => status_local(s, req),
        "account/info.json" => ok(
            json!({"remaincredit": s.account.credit, "expiredate": 1_893_456_000, "type": "master"}),
        ),
        _ => error(404, "متدی با این نام پیدا نشده است"),
    }
}

fn send(s: &mut State, req: &Seen) -> Reply {
    let (Some(receptor), Some(message)) = (req.param("receptor"), req.param("message")) else {
        return error(400, "پارامترها ناقص هستند");
    };
    let sender = req
        .param("sender")
        .unwrap_or_else(|| s.account.lines.first().cloned().unwrap_or_default());
    let receptors: Vec<&str> = receptor.split(',').map(str::trim).collect();
    if receptors.len() > 200 {
        return error(414, "حجم درخواست بیشتر از حد مجاز است");
    }
    if !receptors.iter().all(|r| s.number_ok(r)) {
        return error(411, "شماره گیرنده پیام معتبر نمی باشد");
    }
    if !s.account.lines.contains(&sender) {
        return error(412, "شماره فرستنده معتبر نمیباشد");
    }
    if message.is_empty() || message.chars().count() > 900 {
        return error(413, "پیام خالی است و یا طول پیام بیش از حد مجاز میباشد");
    }
    let local_id = req.param("localid").filter(|l| !l.is_empty());
    // A repeated localid is not sent again: the first message's entry comes back.
    if let Some(l) = &local_id {
        let firsts: Vec<Value> = s
            .received
            .iter()
            .filter(|r| r.local_id.as_ref() == Some(l))
            .map(|r| entry(s, r))
            .collect();
        if !firsts.is_empty() {
            return ok(Value::Array(firsts));
        }
    }
    let cost = s.cost(&message);
    let total = cost.saturating_mul(i64::try_from(receptors.len()).unwrap_or(i64::MAX));
    if s.account.credit < total {
        return error(418, "اعتبار حساب شما کافی نیست");
    }
    s.account.credit -= total;
    let mut entries = Vec::new();
    for to in receptors {
        let id = s.next_id().to_string();
        let code = initial_state(s, to);
        s.states.insert(id.clone(), code);
        let r = Received {
            id,
            to: to.to_string(),
            from: sender.clone(),
            text: message.clone(),
            local_id: local_id.clone(),
            template: None,
            params: Vec::new(),
            cost,
        };
        entries.push(entry(s, &r));
        s.received.push(r);
    }
    ok(Value::Array(entries))
}

fn lookup(s: &mut State, req: &Seen) -> Reply {
    const SLOTS: [&str; 5] = ["token", "token2", "token3", "token10", "token20"];
    let (Some(receptor), Some(name)) = (req.param("receptor"), req.param("template")) else {
        return error(400, "پارامترها ناقص هستند");
    };
    if !s.number_ok(&receptor) {
        return error(411, "شماره گیرنده پیام معتبر نمی باشد");
    }
    let Some(template) = s.template(&name) else {
        return error(424, "الگوی مورد نظر پیدا نشد یا هنوز تائید نشده است");
    };
    let given: Vec<(String, String)> = SLOTS
        .iter()
        .filter_map(|slot| req.param(slot).map(|v| (slot.to_string(), v)))
        .collect();
    if !given.iter().any(|(k, _)| k == "token") {
        return error(400, "پارامترها ناقص هستند");
    }
    if given
        .iter()
        .any(|(_, v)| v.contains(' ') || v.contains('\n'))
    {
        return error(
            431,
            "ساختار کد صحیح نمی‌باشد (توکن نباید خط جدید یا فاصله داشته باشد)",
        );
    }
    if given.iter().any(|(k, _)| !template.params.contains(k)) {
        return error(432, "پارامتر کد در متن پیام پیدا نشد");
    }
    let text = render(&template, &given);
    let cost = s.cost(&text);
    if s.account.credit < cost {
        return error(418, "اعتبار حساب شما کافی نیست");
    }
    s.account.credit -= cost;
    let id = s.next_id().to_string();
    s.states.insert(id.clone(), 1);
    let r = Received {
        id,
        to: receptor,
        from: s.account.lines.first().cloned().unwrap_or_default(),
        text,
        local_id: None,
        template: Some(name),
        params: given,
        cost,
    };
    let e = entry(s, &r);
    s.received.push(r);
    ok(json!([e]))
}

fn status(s: &mut State, req: &Seen) -> Reply {
    let Some(ids) = req.param("messageid") else {
        return error(400, "پارامترها ناقص هستند");
    };
    let ids: Vec<&str> = ids
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if ids.len() > 500 {
        return error(414, "حجم درخواست بیشتر از حد مجاز است");
    }
    let entries: Vec<Value> = ids
        .iter()
        .map(|id| {
            let code = if s.received.iter().any(|r| r.id == *id) { s.states.get(*id).copied().unwrap_or(1) } else { 100 };
            json!({"messageid": id.parse::<u64>().unwrap_or(0), "status": code, "statustext": status_text(code)})
        })
        .collect();
    ok(Value::Array(entries))
}

fn status_local(s: &mut State, req: &Seen) -> Reply {
    let Some(local) = req.param("localid") else {
        return error(400, "پارامترها ناقص هستند");
    };
    let found = s
        .received
        .iter()
        .find(|r| r.local_id.as_deref() == Some(local.as_str()));
    let e = match found {
        Some(r) => {
            let code = s.states.get(&r.id).copied().unwrap_or(1);
            json!({"messageid": r.id.parse::<u64>().unwrap_or(0), "localid": local, "status": code, "statustext": status_text(code)})
        }
        None => {
            json!({"messageid": 0, "localid": local, "status": 100, "statustext": status_text(100)})
        }
    };
    ok(json!([e]))
}
