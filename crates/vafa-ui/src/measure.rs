//! `VAFA_MEASURE=N vafa --data-dir DIR`: the real window measures itself and exits. It
//! skips sign-in (nothing is written), starts a simulated card reader (a pseudo-terminal
//! read by a real reader worker), and once a second swipes one of N cards spread across the
//! shop; each read is timed from the moment the worker decoded it to the next frame the
//! window draws (the member is then on screen). It prints start to the first frame of the
//! till, card read → frame p50/p99/max and the resident memory, on stderr.

use std::time::{Duration, Instant};

use vafa_service::Vafa;

#[derive(Debug)]
pub struct Measure {
    started: Instant,
    pub first_frame: Option<Duration>,
    /// When the read being timed was decoded by the worker.
    pub pending: Option<Instant>,
    pub lat: Vec<Duration>,
    pub cards: Vec<String>,
    pub next: usize,
}

impl Measure {
    /// `Some` when `VAFA_MEASURE` asks for a measurement.
    pub fn from_env(started: Instant) -> Option<Measure> {
        let n: usize = std::env::var("VAFA_MEASURE").ok()?.parse().ok()?;
        Some(Measure {
            started,
            first_frame: None,
            pending: None,
            lat: Vec::new(),
            cards: Vec::with_capacity(n.max(1)),
            next: n.max(1),
        })
    }

    /// Cards to swipe: all-digit numbers spread between the smallest and the largest card
    /// (measurement only: read straight from the cards table).
    pub fn pick_cards(&mut self, v: &Vafa) {
        let n = self.next;
        self.next = 0;
        self.cards = vafa_store::cards::spread(v.conn(), n).unwrap_or_default();
    }

    /// The next card to swipe, if any is left and none is being timed.
    pub fn next_card(&mut self) -> Option<String> {
        if self.pending.is_some() || self.first_frame.is_none() {
            return None;
        }
        let c = self.cards.get(self.next).cloned();
        self.next += 1;
        c
    }

    /// A frame was drawn. `true` when the measurement is complete.
    pub fn frame(&mut self) -> bool {
        if self.first_frame.is_none() {
            self.first_frame = Some(self.started.elapsed());
        }
        if let Some(at) = self.pending.take() {
            self.lat.push(at.elapsed());
        }
        self.next >= self.cards.len()
            && self.pending.is_none()
            && self.lat.len() == self.cards.len()
    }

    pub fn report(&self) {
        let mut lat = self.lat.clone();
        lat.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let pct = |p: f64| {
            lat.get(((lat.len().saturating_sub(1)) as f64 * p).round() as usize)
                .copied()
                .unwrap_or_default()
        };
        let rss = rss_mb();
        eprintln!(
            "start to the first till frame: {:.0} ms",
            ms(self.first_frame.unwrap_or_default())
        );
        eprintln!(
            "card read -> member on screen ({} reads): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            lat.len(),
            ms(pct(0.5)),
            ms(pct(0.99)),
            ms(lat.last().copied().unwrap_or_default())
        );
        eprintln!("resident memory: {rss:.0} MB");
    }
}

/// The process's resident memory (`VmRSS`), in MB; 0 where /proc is not there.
pub fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}
