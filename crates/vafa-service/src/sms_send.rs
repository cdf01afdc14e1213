//! The SMS sender (`vafa sms send-now`, `vafa sync`, the window's housekeeping): quiet
//! hours, the blackout calendar and the day's budget; each message sent once.
//!
//! Exactly once: one sender at a time (a lock file in the data directory); a message is
//! marked `sending` in its own committed transaction before the request, and its state
//! moves only on the provider's answer. A message found `sending` when a sender starts
//! was in flight when the last one died: it is resent only where the provider
//! deduplicates by our id (Kavenegar, Ghasedak), looked up where the provider can find it
//! by our id, and otherwise kept as `unknown` for a person to decide (sms.ir,
//! Melipayamak: a resend would be a second SMS). Transient errors are retried with
//! backoff (`next_attempt_at`) and given up after `max_attempts`, the reason kept; an
//! account error (a wrong key, no credit, an unknown line) stops all sending until the
//! configuration is imported again or a person sends by hand. Nothing here runs inside a
//! sale: trading never waits for SMS.

use std::fs::{File, OpenOptions, TryLockError};
use std::time::Duration;

use chrono::{Duration as Span, Timelike};

use vafa_core::error::{Error, Result};
use vafa_core::sms::Event;
use vafa_sms::{
    Accepted, Amount, Class, Dedup, DeliveryState, Gateway, GatewayConfig, LocalId, LocalLookup,
    Msisdn, Outgoing, ProviderId, SendError, Timeouts,
};
use vafa_store::{self as store};
use vafa_text::sms::Held;

use super::Vafa;
use super::sms::{KEY_SETTING, STOP_SETTING};

/// What one run of the sender did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct SendReport {
    pub sent: usize,
    pub failed: usize,
    pub unknown: usize,
    /// Still queued after this run (quiet hours, blackout, budget, backoff).
    pub waiting: usize,
    /// Delivery reports that arrived.
    pub delivered: usize,
    /// Birthday messages the day's job queued in this run.
    pub birthdays: usize,
    /// Why the run stopped early, in the shop's language.
    pub held: Option<String>,
}

/// The first retry waits this long; each next one twice as long, up to an hour.
const BACKOFF: i64 = 30;
const PAGE: i64 = 500;

fn backoff(attempts: i64) -> Span {
    let exp = u32::try_from(attempts.clamp(1, 8) - 1).unwrap_or(0);
    Span::seconds((BACKOFF * 2_i64.pow(exp)).min(3_600))
}

fn env_ms(name: &str) -> Option<Duration> {
    std::env::var(name)
        .ok()?
        .parse()
        .ok()
        .map(Duration::from_millis)
}

fn cost(a: Option<Amount>) -> (Option<i64>, Option<i64>) {
    match a {
        Some(Amount::Rials(r)) => (Some(r), None),
        Some(Amount::Units { milli }) => (None, Some(milli)),
        None => (None, None),
    }
}

fn state_of(s: Option<DeliveryState>) -> &'static str {
    match s {
        Some(DeliveryState::Delivered) => "delivered",
        Some(DeliveryState::Undelivered | DeliveryState::Blacklisted | DeliveryState::Filtered) => {
            "undelivered"
        }
        _ => "sent",
    }
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage {
        detail: e.to_string(),
    }
}

impl Vafa {
    /// The provider as `[sms]` and the stored key say.
    pub(crate) fn gateway(&self) -> std::result::Result<Box<dyn Gateway>, String> {
        let sms = &self.config().sms;
        let provider: vafa_sms::Provider = sms.provider.parse().map_err(|e| format!("{e}"))?;
        let key = store::settings::get(&self.conn, KEY_SETTING)
            .map_err(|e| e.to_string())?
            .unwrap_or_default();
        let mut t = Timeouts::default();
        if let Some(ms) = env_ms("VAFA_SMS_TIMEOUT_MS") {
            t.overall = ms;
            t.connect = t.connect.min(ms);
        }
        let cfg = GatewayConfig::new(provider, &key)
            .base_url(&sms.base_url)
            .timeouts(t);
        vafa_sms::connect(&cfg).map_err(|e| e.to_string())
    }

    /// One run of the sender. `by_hand`: a person asked (`vafa sms send-now`), so a stop
    /// after an account error is tried again.
    pub fn sms_send_now(&mut self, by_hand: bool) -> Result<SendReport> {
        let mut r = SendReport::default();
        let lang = self.shop.lang;
        let sms = self.config().sms.clone();
        if !sms.enabled() {
            r.held = Some(vafa_text::sms::held(&Held::Off, lang));
            return Ok(r);
        }
        let Some(_lock) = self.sender_lock()? else {
            r.held = Some(vafa_text::sms::held(&Held::Busy, lang));
            return Ok(r);
        };
        // The day's birthdays first (once a member and year), so that they go out today.
        let tx = self.write_tx()?;
        r.birthdays = self.queue_birthdays(&tx)?;
        tx.commit()?;
        let stopped = store::settings::get(&self.conn, STOP_SETTING)?.filter(|s| !s.is_empty());
        if let Some(reason) = stopped.filter(|_| !by_hand) {
            r.held = Some(vafa_text::sms::held(&Held::Account(reason), lang));
            r.waiting = self.waiting()?;
            return Ok(r);
        }
        let g = match self.gateway() {
            Ok(g) => g,
            Err(reason) => {
                r.held = Some(vafa_text::sms::held(&Held::Account(reason), lang));
                r.waiting = self.waiting()?;
                return Ok(r);
            }
        };
        self.recover(g.as_ref(), &mut r)?;
        let local = self.now();
        let minute = local.hour() * 60 + local.minute();
        if sms.is_quiet(minute) {
            let end = sms.quiet().map(|q| q.1).unwrap_or(0);
            r.held = Some(vafa_text::sms::held(&Held::Quiet(end), lang));
        } else {
            self.send_due(g.as_ref(), &sms, &mut r)?;
        }
        r.delivered = self.poll(g.as_ref())?;
        r.waiting = self.waiting()?;
        Ok(r)
    }

    fn waiting(&self) -> Result<usize> {
        let n = store::sms::counts(&self.conn)?
            .into_iter()
            .find(|(s, _)| s == "queued")
            .map(|(_, n)| n)
            .unwrap_or(0);
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// One sender at a time: a lock on `sms-sender.lock`, held while the run lasts (and
    /// let go by the system if the process dies).
    fn sender_lock(&self) -> Result<Option<File>> {
        let f = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.dir.join("sms-sender.lock"))
            .map_err(storage)?;
        match f.try_lock() {
            Ok(()) => Ok(Some(f)),
            Err(TryLockError::WouldBlock) => Ok(None),
            Err(TryLockError::Error(e)) => Err(storage(e)),
        }
    }

    /// Messages left `sending` by a sender that died mid-send.
    fn recover(&self, g: &dyn Gateway, r: &mut SendReport) -> Result<()> {
        let caps = g.capabilities();
        let now = self.now_utc().to_rfc3339();
        for m in store::sms::in_state(&self.conn, "sending", i64::MAX)? {
            if caps.send_dedup != Dedup::None {
                store::sms::requeue(&self.conn, &m.id, None, "resent after an interrupted send")?;
                continue;
            }
            let found = match LocalId::parse(&m.id) {
                Ok(id) if caps.lookup_by_local_id => g.lookup_local(&id).ok(),
                _ => None,
            };
            match found {
                Some(LocalLookup::Found(d)) => {
                    let acc = Accepted {
                        provider_id: d.provider_id,
                        cost: d.cost,
                        state: Some(d.state),
                    };
                    self.accepted(&m.id, &acc)?;
                }
                Some(LocalLookup::NotFound) => {
                    store::sms::requeue(&self.conn, &m.id, None, "not found at the provider")?
                }
                _ => {
                    store::sms::settle(
                        &self.conn,
                        &m.id,
                        "unknown",
                        "the sender stopped mid-send and the provider cannot tell whether it was sent",
                        &now,
                    )?;
                    r.unknown += 1;
                }
            }
        }
        Ok(())
    }

    fn accepted(&self, id: &str, a: &Accepted) -> Result<()> {
        let (rials, milli) = cost(a.cost);
        let now = self.now_utc();
        let day = self.now().date_naive().to_string();
        store::sms::mark_sent(
            &self.conn,
            id,
            &store::sms::Accepted {
                provider_id: &a.provider_id.0,
                cost_rials: rials,
                cost_milli: milli,
                state: state_of(a.state),
                at: &now.to_rfc3339(),
                day: &day,
            },
        )?;
        Ok(())
    }

    fn send_due(
        &self,
        g: &dyn Gateway,
        sms: &vafa_core::sms::Sms,
        r: &mut SendReport,
    ) -> Result<()> {
        let lang = self.shop.lang;
        let today = self.now().date_naive().to_string();
        let blackout = sms.is_blackout(&today);
        let mut budget = match sms.daily_budget {
            0 => i64::MAX,
            b => i64::from(b) - store::sms::sent_on(&self.conn, &today)?,
        };
        let now = self.now_utc();
        let now_s = now.to_rfc3339();
        let mut after: Option<(String, String)> = None;
        loop {
            let page = store::sms::due(&self.conn, &now_s, after.as_ref(), PAGE)?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = Some((last.created_at.clone(), last.id.clone()));
            for m in page {
                let event = Event::parse(&m.event).unwrap_or(Event::Campaign);
                if blackout && event.celebratory() {
                    continue;
                }
                if budget <= 0 {
                    r.held = Some(vafa_text::sms::held(&Held::Budget(sms.daily_budget), lang));
                    return Ok(());
                }
                let (Ok(id), Ok(to)) = (LocalId::parse(&m.id), Msisdn::parse(&m.mobile)) else {
                    store::sms::settle(&self.conn, &m.id, "failed", "not a mobile number", &now_s)?;
                    r.failed += 1;
                    continue;
                };
                store::sms::mark_sending(&self.conn, &m.id, g.provider().name())?;
                budget -= 1;
                let out = Outgoing {
                    local_id: id,
                    to,
                    text: m.text.clone(),
                    sender: sms.sender.clone(),
                };
                match g.send(&out) {
                    Ok(acc) => {
                        self.accepted(&m.id, &acc)?;
                        r.sent += 1;
                    }
                    Err(e) => {
                        if !self.refused(g, sms, &m, &e, r)? {
                            return Ok(());
                        }
                    }
                }
            }
        }
    }

    /// Records a failed send; false when sending must stop for now (an account error, an
    /// outage or a rate limit: the rest waits).
    fn refused(
        &self,
        g: &dyn Gateway,
        sms: &vafa_core::sms::Sms,
        m: &store::sms::Message,
        e: &SendError,
        r: &mut SendReport,
    ) -> Result<bool> {
        let now = self.now_utc();
        let now_s = now.to_rfc3339();
        let reason = e.to_string();
        match e.class() {
            Class::Permanent => {
                store::sms::settle(&self.conn, &m.id, "failed", &reason, &now_s)?;
                r.failed += 1;
                Ok(true)
            }
            Class::Account => {
                store::sms::requeue(&self.conn, &m.id, None, &reason)?;
                store::settings::put(&self.conn, STOP_SETTING, &reason, &now_s)?;
                r.held = Some(vafa_text::sms::held(&Held::Account(reason), self.shop.lang));
                Ok(false)
            }
            Class::Transient => {
                let attempts = m.attempts + 1;
                if e.maybe_delivered && g.capabilities().send_dedup == Dedup::None {
                    store::sms::settle(&self.conn, &m.id, "unknown", &reason, &now_s)?;
                    r.unknown += 1;
                } else if attempts >= i64::from(sms.max_attempts) {
                    store::sms::settle(&self.conn, &m.id, "failed", &reason, &now_s)?;
                    r.failed += 1;
                } else {
                    let wait = e
                        .retry_after
                        .and_then(|d| Span::from_std(d).ok())
                        .unwrap_or_else(|| backoff(attempts));
                    let next = (now + wait).to_rfc3339();
                    store::sms::requeue(&self.conn, &m.id, Some(&next), &reason)?;
                }
                Ok(false)
            }
        }
    }

    /// Asks the provider what became of sent messages; the number that reached a final
    /// state.
    fn poll(&self, g: &dyn Gateway) -> Result<usize> {
        let sent = store::sms::in_state(&self.conn, "sent", 100)?;
        let ids: Vec<ProviderId> = sent
            .iter()
            .filter_map(|m| m.provider_id.clone().map(ProviderId))
            .collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let Ok(reports) = g.status(&ids) else {
            return Ok(0);
        };
        let now = self.now_utc().to_rfc3339();
        let mut n = 0;
        for d in reports.into_iter().filter(|d| d.state.is_final()) {
            store::sms::delivered(&self.conn, &d.provider_id.0, state_of(Some(d.state)), &now)?;
            n += 1;
        }
        Ok(n)
    }
}
