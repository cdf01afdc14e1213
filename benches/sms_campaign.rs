//! A campaign of many members queued and handed to a provider at its rate limit (issue 16;
//! a benchmark, not a timed test): `cargo bench --bench sms_campaign`.
//!
//! A shop of `VAFA_BENCH_MEMBERS` members (default 100,000; bulk-loaded), Kavenegar's
//! loopback test server (`crates/vafa-sms-test`) limited to `VAFA_BENCH_RATE`
//! requests a second (default 100, answering 429 with `Retry-After: 1` past it, as a
//! provider does). Prints how long `vafa sms campaign --all` takes to work out (dry run) and
//! to queue in its one transaction, how long the sender takes to hand every message over
//! (run again after each second, as the housekeeping does, until nothing waits), and the
//! peak RSS (the test server's own record of every request included). The real clock.
//! `VAFA_BENCH_SEND_SECS` (default 0: until nothing waits) stops handing over after that
//! long, for a rate on a busy machine.

use std::error::Error;
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use vafa_core::lang::Lang;
use vafa_service::sms_campaign::{Audience, CampaignRequest};
use vafa_service::{InitOptions, Vafa};
use vafa_sms::Provider;
use vafa_sms_test::{Account, TestServer};

type Res<T> = Result<T, Box<dyn Error>>;

const KEY: &str = "BENCH-KEY";

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:").map(|v| v.trim().to_string()))
        })
        .unwrap_or_else(|| "?".into())
}

fn load(dir: &std::path::Path, members: u64) -> Res<()> {
    let conn = Connection::open(Vafa::db_path(dir))?;
    let tx = conn.unchecked_transaction()?;
    {
        let mut st = tx.prepare(
            "INSERT INTO members (id, first_name, last_name, mobile, fields, branch, created_at, updated_at)
             VALUES (?1, ?2, 'Tester', ?3, '{}', 'bench-1', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')",
        )?;
        for i in 0..members {
            let id = format!("01900000-0000-7000-8000-{i:012}");
            let first = ["Sara", "Reza", "Maryam", "Ali"][(i % 4) as usize];
            st.execute(params![id, first, format!("+98912{:07}", i)])?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn main() -> Res<()> {
    let members = env("VAFA_BENCH_MEMBERS", 100_000);
    let rate = env("VAFA_BENCH_RATE", 100);
    let send_for = env("VAFA_BENCH_SEND_SECS", 0);
    let dir = tempfile::tempdir()?;
    let opts = InitOptions {
        shop: "Bench shop".into(),
        branch: "bench-1".into(),
        branch_name: None,
        lang: Lang::Fa,
        unit: "toman".into(),
    };
    drop(Vafa::init(dir.path(), &opts)?);
    let t = Instant::now();
    load(dir.path(), members)?;
    println!("{members} members loaded in {:.1?}", t.elapsed());

    let mut account = Account::new(KEY);
    account.credit = i64::MAX / 2;
    let server = TestServer::start(Provider::Kavenegar, account);
    server.rate_limit(u32::try_from(rate)?);
    let mut v = Vafa::open(dir.path())?;
    v.import_config(&format!(
        "[sms]\nprovider = \"kavenegar\"\napi_key = \"{KEY}\"\nsender = \"10004346\"\nbase_url = \"{}\"\n\
         quiet_hours = \"\"\nprice_per_part = 1200\n\n[sms.templates.yalda]\n\
         fa = \"{{first_name}} عزیز، شب یلدا ۲۰٪ تخفیف در {{shop}}. اعتبار شما: {{credit}} تومان\"\n",
        server.base_url()
    ))?;
    let mut req = CampaignRequest {
        audience: Audience::All,
        template: "yalda".into(),
        id: None,
        at: None,
        budget: None,
        dry_run: true,
    };
    let t = Instant::now();
    let dry = v.sms_campaign(&req)?;
    println!(
        "dry run: {} members, {} parts, {:?} rials in {:.1?}",
        dry.members,
        dry.parts,
        dry.cost_rials,
        t.elapsed()
    );
    req.dry_run = false;
    let t = Instant::now();
    let run = v.sms_campaign(&req)?;
    println!(
        "queued {:?} in one transaction in {:.1?}; peak RSS {}",
        run.queued,
        t.elapsed(),
        peak_rss()
    );
    let t = Instant::now();
    let mut runs = 0;
    let (mut sent, mut failed) = (0, 0);
    loop {
        let r = v.sms_send_now(false)?;
        runs += 1;
        sent += r.sent;
        failed += r.failed + r.unknown;
        if r.waiting == 0 || (send_for > 0 && t.elapsed().as_secs() >= send_for) {
            break;
        }
        std::thread::sleep(Duration::from_secs(1));
    }
    let took = t.elapsed();
    println!(
        "handed over: {sent} sent, {failed} failed, {} waiting in {took:.1?} ({runs} runs of the sender, {:.0} a second at a limit of {rate}); server received {}; peak RSS {}",
        members as usize - sent - failed,
        sent as f64 / took.as_secs_f64(),
        server.received().len(),
        peak_rss()
    );
    Ok(())
}
