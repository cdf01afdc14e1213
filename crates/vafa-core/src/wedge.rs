//! Keyboard-wedge burst detector: tells a scanner (or a swipe reader typing like a keyboard)
//! from a person by key timing. Scanners type 10-50 ms a key; people 100 ms or more.
//!
//! A pure state machine over `(character, timestamp in ms)`: the till window feeds it every
//! key and calls [`WedgeDetector::tick`] now and then. It never swallows a person's typing:
//! every key is given back either inside a [`WedgeOutput::Scan`] or as [`WedgeOutput::Typed`].
//! A burst ends on Enter or Tab (the key is part of the scan and not given back); with
//! `end_on_idle`, a fast burst followed by silence also counts as a scan. Persian and
//! Arabic-Indic digits in a scan are read as ASCII.

use super::digits::ascii_digit;

/// Tuning of the detector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WedgeConfig {
    /// Longest gap between two keys of one scan (scanners: 10-50 ms; people: 100+).
    pub max_key_gap_ms: u64,
    /// Fewest characters a scan has.
    pub min_len: usize,
    /// A fast burst that then stops without Enter/Tab is a scan (for readers configured
    /// without a suffix). Off by default: then only Enter/Tab ends a scan, so a person who
    /// pauses mid-burst never produces a card number.
    pub end_on_idle: bool,
}

impl Default for WedgeConfig {
    fn default() -> Self {
        Self {
            max_key_gap_ms: 80,
            min_len: 4,
            end_on_idle: false,
        }
    }
}

/// What the detector gives back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WedgeOutput {
    /// A scanner burst: the characters without the terminator, digits as ASCII.
    Scan(String),
    /// Keys typed by a person, to be handled as ordinary typing (in the order typed).
    Typed(String),
}

/// The detector's state.
#[derive(Debug, Clone, Default)]
pub struct WedgeDetector {
    config: WedgeConfig,
    pending: String,
    /// Time of the last pending key.
    last_ms: Option<u64>,
    /// `pending` may still become a scan: every gap was short, and it did not start right
    /// after a fast burst that broke off (the rest of an interrupted scan is not a card).
    fast: bool,
    /// When a fast burst last broke off without Enter/Tab.
    broken_at: Option<u64>,
}

/// After a fast burst breaks off, keys within this long cannot start a scan.
const BROKEN_BURST_MS: u64 = 1000;

impl WedgeDetector {
    pub fn new(config: WedgeConfig) -> Self {
        Self {
            config,
            ..Self::default()
        }
    }

    /// Feeds one key (`'\r'`/`'\n'` for Enter, `'\t'` for Tab) pressed at `at_ms`.
    pub fn key(&mut self, c: char, at_ms: u64) -> Vec<WedgeOutput> {
        let mut out = Vec::new();
        let gap_ok = self
            .last_ms
            .is_some_and(|t| at_ms.saturating_sub(t) <= self.config.max_key_gap_ms);
        if matches!(c, '\r' | '\n' | '\t') {
            if self.is_scan() && gap_ok {
                out.push(WedgeOutput::Scan(self.take_scan()));
            } else {
                let mut typed = std::mem::take(&mut self.pending);
                typed.push(c);
                self.clear();
                out.push(WedgeOutput::Typed(typed));
            }
            return out;
        }
        if !self.pending.is_empty() && !gap_ok {
            // A slow key: what came before was not (the middle of) a scan, or the scan ended.
            out.extend(self.flush_idle());
        }
        if self.pending.is_empty() {
            self.fast = self
                .broken_at
                .is_none_or(|t| at_ms.saturating_sub(t) > BROKEN_BURST_MS);
        }
        self.pending.push(c);
        self.last_ms = Some(at_ms);
        out
    }

    /// Ends a burst after silence. Call it every few tens of milliseconds.
    pub fn tick(&mut self, now_ms: u64) -> Vec<WedgeOutput> {
        match self.last_ms {
            Some(t) if now_ms.saturating_sub(t) > self.config.max_key_gap_ms => {
                self.flush_idle().into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// Keys are being held back while a burst may be under way.
    pub fn is_holding(&self) -> bool {
        !self.pending.is_empty()
    }

    fn is_scan(&self) -> bool {
        self.fast && self.pending.chars().count() >= self.config.min_len
    }

    fn flush_idle(&mut self) -> Option<WedgeOutput> {
        if self.pending.is_empty() {
            self.clear();
            return None;
        }
        if self.config.end_on_idle && self.is_scan() {
            return Some(WedgeOutput::Scan(self.take_scan()));
        }
        if self.pending.chars().nth(1).is_some() {
            self.broken_at = self.last_ms;
        }
        let typed = std::mem::take(&mut self.pending);
        self.clear();
        Some(WedgeOutput::Typed(typed))
    }

    fn take_scan(&mut self) -> String {
        let s = self.pending.chars().map(ascii_digit).collect();
        self.clear();
        s
    }

    fn clear(&mut self) {
        self.pending.clear();
        self.last_ms = None;
        self.fast = false;
    }

    #[cfg(test)]
    fn pending(&self) -> &str {
        &self.pending
    }
}

/// Runs a whole key sequence through a fresh detector (with a final tick long after).
pub fn detect(config: WedgeConfig, keys: &[(char, u64)]) -> Vec<WedgeOutput> {
    let mut d = WedgeDetector::new(config);
    let mut out = Vec::new();
    for &(c, t) in keys {
        out.extend(d.key(c, t));
    }
    let end = keys.last().map_or(0, |k| k.1).saturating_add(10_000);
    out.extend(d.tick(end));
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn keys(s: &str, start: u64, gap: u64) -> Vec<(char, u64)> {
        s.chars()
            .enumerate()
            .map(|(i, c)| (c, start + gap * i as u64))
            .collect()
    }

    fn typed_back(out: &[WedgeOutput]) -> String {
        out.iter()
            .map(|o| match o {
                WedgeOutput::Typed(s) => s.clone(),
                WedgeOutput::Scan(_) => String::new(),
            })
            .collect()
    }

    #[test]
    fn scanner_burst_is_a_scan() {
        let out = detect(WedgeConfig::default(), &keys("5901234123457\r", 1000, 20));
        assert_eq!(out, vec![WedgeOutput::Scan("5901234123457".into())]);
        let out = detect(WedgeConfig::default(), &keys("۱۲۳۴٥\t", 0, 10));
        assert_eq!(out, vec![WedgeOutput::Scan("12345".into())]);
    }

    #[test]
    fn person_typing_is_given_back_whole() {
        let out = detect(WedgeConfig::default(), &keys("5901234\r", 0, 150));
        assert_eq!(typed_back(&out), "5901234\r");
        assert!(out.iter().all(|o| matches!(o, WedgeOutput::Typed(_))));
    }

    #[test]
    fn person_pausing_mid_burst_gives_no_card() {
        let mut k = keys("59012", 0, 20);
        k.extend(keys("34123457\r", 400, 20));
        let out = detect(WedgeConfig::default(), &k);
        assert!(
            out.iter().all(|o| matches!(o, WedgeOutput::Typed(_))),
            "{out:?}"
        );
        assert_eq!(typed_back(&out), "5901234123457\r");
        // Short fast bursts (a person's quick double key) are not scans.
        let out = detect(WedgeConfig::default(), &keys("12\r", 0, 20));
        assert_eq!(out, vec![WedgeOutput::Typed("12\r".into())]);
    }

    #[test]
    fn person_then_scanner() {
        let mut k = keys("ab", 0, 300);
        k.extend(keys("12345678\r", 1000, 15));
        let out = detect(WedgeConfig::default(), &k);
        assert_eq!(
            out,
            vec![
                WedgeOutput::Typed("a".into()),
                WedgeOutput::Typed("b".into()),
                WedgeOutput::Scan("12345678".into())
            ]
        );
    }

    #[test]
    fn idle_end_only_when_configured() {
        let cfg = WedgeConfig {
            end_on_idle: true,
            ..WedgeConfig::default()
        };
        let out = detect(cfg, &keys("12345678", 0, 15));
        assert_eq!(out, vec![WedgeOutput::Scan("12345678".into())]);
        let out = detect(WedgeConfig::default(), &keys("12345678", 0, 15));
        assert_eq!(out, vec![WedgeOutput::Typed("12345678".into())]);
        let mut d = WedgeDetector::new(cfg);
        assert!(d.key('1', 0).is_empty());
        assert!(d.is_holding());
        assert_eq!(d.pending(), "1");
        assert!(d.tick(50).is_empty());
        assert_eq!(d.tick(500), vec![WedgeOutput::Typed("1".into())]);
        assert!(!d.is_holding());
    }

    #[test]
    fn slow_enter_after_fast_keys_is_typing() {
        let mut k = keys("12345678", 0, 15);
        k.push(('\r', 1000));
        let out = detect(WedgeConfig::default(), &k);
        assert_eq!(typed_back(&out), "12345678\r");
    }
}
