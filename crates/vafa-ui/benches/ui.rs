//! The till window's figures (a measurement, not a timed test):
//!
//! ```text
//! cargo bench --bench ui                                   # a fresh 300-member demo shop
//! VAFA_UI_BENCH_DIR=/path/to/data-dir cargo bench --bench ui   # e.g. the 1,000,000-member one
//! ```
//!
//! Prints: start to an interactive till screen (open the shop, build the first till frame,
//! lay it out and draw it headless, as the window does); card read → member on screen
//! p50/p99 through the app's own message loop (`App::update` with the reader's message,
//! then view, layout and draw); and the process's resident memory. Nothing is sold: the
//! reads only look members up (a signed-in manager is set directly, no PIN is stored).

use std::time::{Duration, Instant};

use iced::Settings;
use iced_test::Simulator;
use vafa_devices::{ReaderEvent, typed_card};
use vafa_service::demo::{self, DemoOptions};
use vafa_ui::app::Phase;
use vafa_ui::{App, Message, Screen, font};

const READS: usize = 300;

fn settings() -> Settings {
    Settings {
        fonts: vec![font::REGULAR_BYTES.into(), font::BOLD_BYTES.into()],
        default_font: font::REGULAR,
        ..Settings::default()
    }
}

/// Lays out and draws what the app shows now, as one frame of the window.
fn frame(app: &App) {
    let mut ui = Simulator::with_size(settings(), (1280.0, 800.0), app.view());
    let _ = ui.snapshot(&app.theme());
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let tmp;
    let dir = match std::env::var_os("VAFA_UI_BENCH_DIR") {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp = tempfile::tempdir().expect("a temp dir");
            demo::create(tmp.path(), &DemoOptions::default()).expect("the demo shop");
            tmp.path().to_path_buf()
        }
    };
    // Cards to read, spread across the whole shop: between the smallest and the largest
    // number (all-digit numbers of one length), the next card after an evenly spaced point.
    let cards: Vec<String> = {
        let v = vafa_service::Vafa::open(&dir).expect("the shop opens");
        let c = v.conn();
        let edge = |sql: &str| -> String { c.query_row(sql, [], |r| r.get(0)).unwrap_or_default() };
        let lo = edge("SELECT min(number) FROM cards");
        let hi = edge("SELECT max(number) FROM cards");
        let mut next = c
            .prepare("SELECT number FROM cards WHERE number >= ?1 AND status = 'active' ORDER BY number LIMIT 1")
            .expect("sample cards");
        let numeric = lo.len() == hi.len()
            && lo.len() <= 18
            && lo.chars().chain(hi.chars()).all(|ch| ch.is_ascii_digit());
        let mut out = Vec::with_capacity(READS);
        if numeric {
            let (a, b): (u64, u64) = (lo.parse().unwrap_or(0), hi.parse().unwrap_or(0));
            for k in 0..READS as u64 {
                let at = a + (b - a) / READS as u64 * k;
                let key = format!("{at:0width$}", width = lo.len());
                if let Ok(n) = next.query_row([key], |r| r.get::<_, String>(0)) {
                    out.push(n);
                }
            }
        } else {
            let mut all = c
                .prepare("SELECT number FROM cards WHERE status = 'active' LIMIT ?1")
                .expect("sample cards");
            out = all
                .query_map([READS as i64], |r| r.get(0))
                .expect("sample")
                .filter_map(Result::ok)
                .collect();
        }
        out
    };

    let t0 = Instant::now();
    let (mut app, _) = App::new(&dir);
    app.staff = Some("bench".into());
    app.phase = Phase::Main;
    let _ = app.update(Message::Go(Screen::Till));
    frame(&app);
    let start = t0.elapsed();

    let mut lat = Vec::with_capacity(cards.len());
    let mut upd = Vec::with_capacity(cards.len());
    let mut missed = 0;
    for card in &cards {
        let read = typed_card(card, None).expect("a card");
        let at = Instant::now();
        let _ = app.update(Message::Reader(ReaderEvent::Read {
            reader: "bench".into(),
            read,
            at,
        }));
        upd.push(at.elapsed());
        frame(&app);
        lat.push(at.elapsed());
        if !matches!(app.till.stage, vafa_ui::screen::till::Stage::Member(_)) {
            missed += 1;
        }
        let _ = app.update(Message::Till(vafa_ui::screen::till::Message::Cancel));
    }
    lat.sort();
    upd.sort();
    // The cost of a frame alone (the idle till, nothing changed): what a fresh headless
    // renderer adds to every figure above.
    let mut idle: Vec<Duration> = (0..50)
        .map(|_| {
            let t = Instant::now();
            frame(&app);
            t.elapsed()
        })
        .collect();
    idle.sort();
    println!("data dir: {}", dir.display());
    println!(
        "start to interactive till screen: {:.0} ms",
        start.as_secs_f64() * 1e3
    );
    if !lat.is_empty() {
        println!(
            "card read -> member on screen ({} reads, {missed} not found): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            lat.len(),
            pct(&lat, 0.50).as_secs_f64() * 1e3,
            pct(&lat, 0.99).as_secs_f64() * 1e3,
            lat[lat.len() - 1].as_secs_f64() * 1e3
        );
    }
    if !upd.is_empty() {
        println!(
            "  of which the app's update (lookup, member view, till state): p50 {:.2} ms, p99 {:.2} ms",
            pct(&upd, 0.50).as_secs_f64() * 1e3,
            pct(&upd, 0.99).as_secs_f64() * 1e3,
        );
    }
    println!(
        "  a frame alone (idle till: view, layout, draw in a fresh headless renderer): p50 {:.1} ms",
        pct(&idle, 0.50).as_secs_f64() * 1e3
    );
    println!("resident memory: {:.0} MB", vafa_ui::measure::rss_mb());
}
