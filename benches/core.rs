//! Core benchmark of issue 2 (a benchmark, not a timed test):
//! `CARGO_TARGET_DIR=target-bench cargo bench --bench core`.
//!
//! Generates once, cached in `target-bench/bench-data/core-1m/`, a valid shop of 1,000,000
//! members, 2,000,000 cards and 20,000,000 ledger entries; opens it as the till does
//! (`Vafa::open`: WAL, `synchronous=FULL`); prints p50/p99/max of lookup by card, lookup by
//! mobile and a durable sale, and of a bare one-row `synchronous=FULL` insert measured in the
//! same run. Env: `VAFA_BENCH_MEMBERS` (default 1000000; cards 2×, entries 20×),
//! `VAFA_BENCH_REGENERATE=1`, `VAFA_BENCH_DATA` (cache directory). `ledger::verify` runs on
//! a 2,000-member generation only: it is quadratic in members.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Duration as Span, FixedOffset, Utc};
use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};
use rusqlite::{Connection, Params, params};
use uuid::Builder;
use vafa_core::lang::Lang;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::Redeem;
use vafa_service::{CardInput, Customer, InitOptions, MemberKey, SaleRequest, Vafa};

type Res<T> = Result<T, Box<dyn Error>>;

const SAMPLES: usize = 2_000;
const WARMUP: usize = 200;
const SEED: u64 = 1405;
const BRANCH: &str = "bench-1";
/// Sales per member: each earns credit and points; four of them also redeem credit,
/// so every member has 8 × 2 + 4 = 20 ledger entries.
const SALES_PER_MEMBER: usize = 8;
const REDEEM_IN: [usize; 4] = [2, 4, 6, 7];
const CHUNK: u64 = 20_000;
/// Millisecond clocks of the generated UUIDv7s: increasing in insertion order (so every
/// B-tree keyed by id is appended to) and older than any id the till makes today.
const MEMBER_ID_MS: u64 = 1_700_000_000_000;
const ENTRY_ID_MS: u64 = 1_710_000_000_000;
const FIRST: [&str; 8] = [
    "Ali", "Sara", "Reza", "Maryam", "Hossein", "Zahra", "Mehdi", "Narges",
];
const LAST: [&str; 6] = ["Ahmadi", "Hosseini", "Karimi", "Rezaei", "Moradi", "Jafari"];

const MEMBER: &str = "INSERT INTO members (id, first_name, last_name, mobile, birth_date,
    birth_calendar, gender, fields, branch, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5, 'gregorian', ?6, '{}', ?7, ?8, ?8)";
const CARD: &str = "INSERT INTO cards (number, member_id, status, created_at, changed_at)
    VALUES (?1, ?2, 'active', ?3, ?3)";
const CARD_KEY: &str = "INSERT INTO card_keys (key, card_number) VALUES (?1, ?1)";
const SALE: &str = "INSERT INTO sales (id, member_id, card_number, branch, at, at_utc, gross,
    discount, credit_redeemed, paid, credit_earned, points_earned, offers, created_at)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, ?8, ?9, ?10, ?11, '[]', ?6)";
const LEDGER: &str = "INSERT INTO ledger (id, member_id, account, amount, kind, lot_id,
    expires_at, sale_id, at, branch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
const LOT: &str = "INSERT INTO lots (lot_id, member_id, account, remaining, expires_at, seq)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const DRAW: &str = "UPDATE lots SET remaining = remaining + ?2 WHERE lot_id = ?1";
const DAY: &str = "INSERT INTO member_days (member_id, day, visits, spend, points_earned)
    VALUES (?1, ?2, 1, ?3, ?4) ON CONFLICT (member_id, day) DO UPDATE
    SET visits = visits + 1, spend = spend + ?3, points_earned = points_earned + ?4";
const STATS: &str = "INSERT INTO member_stats (member_id, visits, first_visit, last_visit,
    total_spend, credit, points) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// History runs over the 360 days before `history_end()`; points expire after 365 days,
/// so no lot is due a day later, when the clock is set (the figures do not drift with time).
fn history_end() -> DateTime<Utc> {
    DateTime::from_timestamp(1_793_491_200, 0).unwrap_or_default() // 2026-11-01T00:00:00Z
}

fn v7(ms: u64, rng: &mut SmallRng) -> String {
    let b = Builder::from_unix_timestamp_millis(ms, &rng.random());
    b.into_uuid().to_string()
}
fn mobile(i: u64) -> String {
    format!("+989{:09}", (i * 387_420_489 + 12_345_678) % 1_000_000_000)
}
fn card(i: u64, c: u64) -> String {
    format!("9826{:012}", 2 * i + c)
}
fn ins(c: &Connection, sql: &str, p: impl Params) -> rusqlite::Result<()> {
    c.prepare_cached(sql)?.execute(p).map(drop)
}

struct Gen {
    rng: SmallRng,
    next_ms: u64,
}

/// One ledger entry to write: (account, amount, kind, lot drawn on, expiry).
type Entry<'a> = (&'a str, i64, &'a str, Option<&'a str>, Option<&'a str>);

impl Gen {
    fn id(&mut self) -> String {
        self.next_ms += 1;
        v7(self.next_ms, &mut self.rng)
    }

    /// Appends an entry and keeps its lot in step, as `store::ledger::append` does.
    fn entry(&mut self, c: &Connection, m: &str, e: Entry, sale: &str, at: &str) -> Res<String> {
        let (id, (acc, amt, kind, lot, exp)) = (self.id(), e);
        let p = params![id, m, acc, amt, kind, lot, exp, sale, at, BRANCH];
        ins(c, LEDGER, p)?;
        let seq = c.last_insert_rowid();
        match lot {
            None => ins(c, LOT, params![id, m, acc, amt, exp, seq])?,
            Some(lot) => ins(c, DRAW, params![lot, amt])?,
        }
        Ok(id)
    }

    /// Writes member `i`: the row, 2 cards, 8 sales with their 20 entries, lots, days, stats.
    fn member(&mut self, c: &Connection, i: u64) -> Res<()> {
        let id = v7(MEMBER_ID_MS + i, &mut self.rng);
        let start = history_end() - Span::days(360);
        let tz = FixedOffset::east_opt(12_600).ok_or("offset")?;
        let created = (start - Span::days(self.rng.random_range(1..700))).to_rfc3339();
        let year = self.rng.random_range(50..99);
        let birth = format!("19{year}-0{}-1{}", i % 9 + 1, i % 9);
        let (first, last) = (FIRST[i as usize % 8], LAST[i as usize % 6]);
        let (mob, gender) = (mobile(i), if i.is_multiple_of(2) { "m" } else { "f" });
        let p = params![id, first, last, mob, birth, gender, BRANCH, created];
        ins(c, MEMBER, p)?;
        for k in 0..2 {
            ins(c, CARD, params![card(i, k), id, created])?;
            ins(c, CARD_KEY, [card(i, k)])?;
        }
        let mut times: Vec<i64> = (0..SALES_PER_MEMBER)
            .map(|_| self.rng.random_range(0..360 * 86_400))
            .collect();
        times.sort_unstable();
        // This member's credit lots and what they still hold (credit never expires).
        let mut lots: Vec<(String, i64)> = Vec::new();
        let (mut credit, mut points, mut spend, mut visits) = (0, 0, 0, Vec::new());
        for (s, t) in times.into_iter().enumerate() {
            let at_utc = start + Span::seconds(t);
            let at = at_utc.with_timezone(&tz);
            let (at_s, day) = (at.to_rfc3339(), at.date_naive().to_string());
            let gross = self.rng.random_range(50..5_000) * 1_000;
            let sale = self.id();
            // A redeem draws on the oldest credit lot that still holds something.
            let lot = lots.iter().position(|l| l.1 > 0 && REDEEM_IN.contains(&s));
            let redeemed = lot.map_or(0, |l| lots[l].1.min(gross / 2));
            let paid = gross - redeemed;
            let (earn_c, earn_p) = (paid * 5 / 100 / 1_000 * 1_000, paid / 10_000);
            let (number, utc) = (card(i, s as u64 % 2), at_utc.to_rfc3339());
            let p = params![
                sale, id, number, BRANCH, at_s, utc, gross, redeemed, paid, earn_c, earn_p
            ];
            ins(c, SALE, p)?;
            if let Some(l) = lot {
                let lot_id = Some(lots[l].0.as_str());
                let e = ("credit", -redeemed, "redeem", lot_id, None);
                self.entry(c, &id, e, &sale, &at_s)?;
                lots[l].1 -= redeemed;
            }
            let lot_id =
                self.entry(c, &id, ("credit", earn_c, "earn", None, None), &sale, &at_s)?;
            lots.push((lot_id, earn_c));
            let expires = (at_utc + Span::days(365)).to_rfc3339();
            let e = ("points", earn_p, "earn", None, Some(expires.as_str()));
            self.entry(c, &id, e, &sale, &at_s)?;
            ins(c, DAY, params![id, day, gross, earn_p])?;
            (credit, points, spend) = (credit + earn_c - redeemed, points + earn_p, spend + gross);
            visits.push(at_s);
        }
        let (n, first, last) = (visits.len() as i64, visits.first(), visits.last());
        ins(c, STATS, params![id, n, first, last, spend, credit, points])?;
        Ok(())
    }
}

fn db_size(dir: &Path) -> f64 {
    let len = |p: PathBuf| fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let db = Vafa::db_path(dir);
    (len(db.clone()) + len(db.with_extension("db-wal"))) as f64 / 1e9
}

/// Creates the shop with `Vafa::init`, then bulk-loads it on a plain connection.
fn generate(dir: &Path, members: u64) -> Res<()> {
    let tmp = dir.with_extension("tmp");
    let _ = fs::remove_dir_all(&tmp); // an interrupted generation
    let opts = InitOptions {
        shop: "Bench shop".into(),
        branch: BRANCH.into(),
        branch_name: None,
        lang: Lang::En,
        unit: "toman".into(),
    };
    drop(Vafa::init(&tmp, &opts)?);
    let t0 = Instant::now();
    let conn = Connection::open(Vafa::db_path(&tmp))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=OFF", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA locking_mode=EXCLUSIVE;",
    )?;
    let mut g = Gen {
        rng: SmallRng::seed_from_u64(SEED),
        next_ms: ENTRY_ID_MS,
    };
    for from in (0..members).step_by(CHUNK as usize) {
        let (tx, done) = (conn.unchecked_transaction()?, (from + CHUNK).min(members));
        for i in from..done {
            g.member(&tx, i)?;
        }
        tx.commit()?;
        if done.is_multiple_of(100_000) || done == members {
            println!("  {done} members, {:.0?}", t0.elapsed());
        }
    }
    let entries: i64 = conn.query_row("SELECT max(seq) FROM ledger", [], |r| r.get(0))?;
    let wal: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    drop(conn);
    fs::rename(&tmp, dir)?;
    let (cards, took, size) = (2 * members, t0.elapsed(), db_size(dir));
    println!(
        "generated {members} members, {cards} cards, {entries} ledger entries in {took:.1?} \
         (journal {mode} -> {wal}); file {size:.2} GB"
    );
    Ok(())
}

fn sale(i: u64, c: u64, n: usize) -> SaleRequest {
    let who = Customer::Member(MemberKey::Card(CardInput::typed(card(i, c))));
    let mut req = SaleRequest::new(who, 250_000);
    if n % 5 == 4 {
        req.redeem = Redeem::All;
    }
    req
}

/// Proves on a small shop that the generator writes what `vafa check` accepts, and that
/// sales on top of it keep it so. (`verify` is quadratic in members, hence small.)
fn check_generator(dir: &Path, members: u64) -> Res<()> {
    let _ = fs::remove_dir_all(dir); // made afresh each run
    generate(dir, members)?;
    let mut v = Vafa::open(dir)?;
    v.set_now(Some(history_end() + Span::days(1)));
    let fk_sql = "SELECT count(*) FROM pragma_foreign_key_check";
    let fk: i64 = v.conn().query_row(fk_sql, [], |r| r.get(0))?;
    let (t, before) = (Instant::now(), v.check()?);
    let took = t.elapsed();
    for n in 0..100 {
        v.sell(&sale(n as u64 * 97 % members, n as u64 % 2, n))?;
    }
    let after = v.check()?;
    let (n, m) = (before.len(), after.len());
    println!(
        "generator check ({members} members): foreign_key_check {fk} rows; ledger::verify {n} \
         violations ({took:.1?}); after 100 sales {m} violations"
    );
    if !(before.is_empty() && after.is_empty() && fk == 0) {
        return Err(format!("inconsistent ledger: {before:?} {after:?}").into());
    }
    Ok(())
}

fn proc(file: &str) -> String {
    let text = fs::read_to_string(Path::new("/proc").join(file)).unwrap_or_default();
    text.trim().to_string()
}

/// What this thread has so far waited for a CPU (ns) and read from storage (bytes): on a
/// shared 2-core machine the first is time other processes had; the second, cache misses.
fn counters() -> (u64, u64) {
    let (stat, io) = (proc("thread-self/schedstat"), proc("thread-self/io"));
    let read = io.lines().find_map(|l| l.strip_prefix("read_bytes: "));
    let num = |w: Option<&str>| w.map_or(0, |w| w.parse().unwrap_or(0));
    (num(stat.split(' ').nth(1)), num(read))
}

/// (wall time, of which waiting for a CPU, bytes read from storage)
type Sample = (Duration, Duration, u64);

fn timed<T, E: Error + 'static>(f: impl FnOnce() -> Result<T, E>) -> Res<(T, Sample)> {
    let (before, t) = (counters(), Instant::now());
    let out = f()?;
    let (took, after) = (t.elapsed(), counters());
    let queued = Duration::from_nanos(after.0.saturating_sub(before.0));
    Ok((out, (took, queued, after.1.saturating_sub(before.1))))
}

const PASS: [&str; 2] = ["FAIL", "PASS"];

/// Prints p50/p99/max and returns (p50, p99) of the wall times, in microseconds.
fn report(name: &str, s: &[Sample], target: Option<Duration>) -> (u128, u128) {
    let pct = |d: &[u128], p: f64| d[((p * d.len() as f64).ceil() as usize).clamp(1, d.len()) - 1];
    let mut wall: Vec<u128> = s.iter().map(|x| x.0.as_micros()).collect();
    let mut own: Vec<u128> = s.iter().map(|x| (x.0 - x.1.min(x.0)).as_micros()).collect();
    wall.sort_unstable();
    own.sort_unstable();
    let (p50, p99, max) = (pct(&wall, 0.5), pct(&wall, 0.99), pct(&wall, 1.0));
    let verdict = match target.map(|t| t.as_micros()) {
        Some(t) => format!("  target p99 <= {t} us: {}", PASS[usize::from(p99 <= t)]),
        None => String::new(),
    };
    let (n, half_ms, own99) = (s.len(), Duration::from_micros(500), pct(&own, 0.99));
    let queued = s.iter().filter(|x| x.1 > half_ms).count();
    let kib = s.iter().map(|x| x.2).sum::<u64>() as f64 / n as f64 / 1024.0;
    println!(
        "{name:<21} n={n} p50={p50:>6} us  p99={p99:>6} us  max={max:>7} us{verdict}\n{:21} \
         (read from disk {kib:.1} KiB/op; waiting for a CPU > 0.5 ms in {queued} samples; \
         p99 without that wait {own99} us)",
        ""
    );
    (p50, p99)
}

fn measure(dir: &Path, members: u64) -> Res<()> {
    let mut v = Vafa::open(dir)?;
    v.set_now(Some(history_end() + Span::days(1)));
    let base = Connection::open(Vafa::db_path(dir))?;
    base.busy_timeout(Duration::from_secs(10))?;
    let mode: String = base.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    base.pragma_update(None, "synchronous", "FULL")?;
    let sync: i64 = base.query_row("PRAGMA synchronous", [], |r| r.get(0))?;
    // Both connections share one WAL: give the baseline the till's checkpoint threshold, or
    // whichever connection has the lower one pays for the other's checkpoints.
    let ckpt: i64 = v
        .conn()
        .query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
    base.pragma_update(None, "wal_autocheckpoint", ckpt)?;
    let scratch = "CREATE TABLE IF NOT EXISTS bench_baseline (id INTEGER PRIMARY KEY, v TEXT)";
    base.execute(scratch, [])?;
    let load = proc("loadavg");
    println!(
        "baseline: journal_mode={mode}, synchronous={sync} (2 = FULL), wal_autocheckpoint={ckpt} (as the till); loadavg {load}"
    );
    let mut rng = SmallRng::seed_from_u64(SEED + 1);
    let mut pick = || (rng.random_range(0..members), rng.random_range(0..2));

    let (mut by_card, mut by_mobile) = (Vec::new(), Vec::new());
    for n in 0..WARMUP + SAMPLES {
        let ((i, c), (j, _)) = (pick(), pick());
        let (number, phone) = (card(i, c), format!("0{}", &mobile(j)[3..]));
        // As a front asks: the card as typed, the mobile parsed.
        let (a, ta) = timed(|| v.find_member(&MemberKey::Card(CardInput::typed(&number))))?;
        let (b, tb) = timed(|| {
            let m = parse_mobile(&phone).ok_or(vafa_core::error::Error::InvalidMobile {
                value: phone.clone(),
            })?;
            v.find_member(&MemberKey::Mobile(m))
        })?;
        if a.mobile != mobile(i) || b.mobile != mobile(j) || a.cards.len() != 2 {
            return Err(format!("wrong member for card {number} or mobile {phone}").into());
        }
        if n >= WARMUP {
            by_card.push(ta);
            by_mobile.push(tb);
        }
    }
    report("lookup by card", &by_card, Some(Duration::from_millis(1)));
    report(
        "lookup by mobile",
        &by_mobile,
        Some(Duration::from_millis(1)),
    );

    let (mut sales, mut baseline, mut redeemed) = (Vec::new(), Vec::new(), 0);
    let mut insert = base.prepare("INSERT INTO bench_baseline (v) VALUES (?1)")?;
    for n in 0..WARMUP / 4 + SAMPLES {
        let (_, tb) = timed(|| insert.execute([format!("row {n}")]))?;
        let (i, c) = pick();
        let req = sale(i, c, n);
        let (r, ts) = timed(|| v.sell(&req))?;
        r.member_id
            .ok_or("a sale was not recorded for its member")?;
        if n >= WARMUP / 4 {
            redeemed += usize::from(r.credit_redeemed > 0);
            sales.push(ts);
            baseline.push(tb);
        }
    }
    drop(insert);
    let (s50, s99) = report("durable sale", &sales, None);
    let (b50, b99) = report("baseline 1-row insert", &baseline, None);
    let (ratio, r50) = (s99 as f64 / b99 as f64, s50 as f64 / b50 as f64); // unrounded
    let verdict = PASS[usize::from(ratio <= 2.0)];
    println!(
        "sale p99 / baseline p99 = {ratio:.3}  target <= 2.00: {verdict}  (p50 ratio {r50:.2}; \
         {redeemed} of {SAMPLES} sales redeemed credit)"
    );
    base.execute("DROP TABLE bench_baseline", [])?;
    println!("loadavg after: {}", proc("loadavg"));
    Ok(())
}

fn main() -> Res<()> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let members: u64 = env("VAFA_BENCH_MEMBERS").map_or(Ok(1_000_000), |v| v.parse())?;
    let root = env("VAFA_BENCH_DATA").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target-bench/bench-data"),
        PathBuf::from,
    );
    check_generator(&root.join("verify-2k"), members.min(2_000))?;

    let label = members.to_string().replace("000000", "m"); // core-1m
    let dir = root.join(format!("core-{label}"));
    if env("VAFA_BENCH_REGENERATE").as_deref() == Some("1") || !Vafa::db_path(&dir).exists() {
        let _ = fs::remove_dir_all(&dir);
        println!("generating {} ...", dir.display());
        generate(&dir, members)?;
    } else {
        println!("reusing {} ({:.2} GB)", dir.display(), db_size(&dir));
    }
    measure(&dir, members)?;
    let status = proc("self/status");
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
    let (hwm, size) = (hwm.unwrap_or("?").trim(), db_size(&dir));
    println!("database {size:.2} GB (with WAL); peak RSS {hwm}");
    Ok(())
}
