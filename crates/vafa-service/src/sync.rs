//! Sync with head office: connect, push the outbox, pull what other branches did, and the
//! `[offline]` limits on spending credit while head office has not acknowledged it.

use serde::Serialize;

use super::Vafa;
use vafa_core::error::{Error, Result};
use vafa_core::offline;
use vafa_store::{self as store, Connection, sync::State};
use vafa_text::Say;

use crate::client::Link;
use vafa_core::protocol::{Hello, MAX_BODY, OutRecord, PROTOCOL, PullResponse, PushResponse};
use vafa_store::apply::{Applied, apply};

/// Records per push and per pull (`VAFA_SYNC_BATCH` overrides it, 1 to 1,000).
fn batch() -> i64 {
    std::env::var("VAFA_SYNC_BATCH")
        .ok()
        .and_then(|v| v.parse::<i64>().ok())
        .map(|n| n.clamp(1, vafa_core::protocol::MAX_BATCH as i64))
        .unwrap_or(500)
}

/// The bytes of a push body around its records: `{"protocol":N,"records":[` and `]}`.
const ENVELOPE: usize = 32;

/// The largest push body to send: head office's limit (`protocol::MAX_BODY`, which
/// `hello` announces as `max_body`); `VAFA_SYNC_MAX_BYTES` lowers it.
fn max_push_bytes() -> usize {
    std::env::var("VAFA_SYNC_MAX_BYTES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map(|n| n.clamp(1024, MAX_BODY))
        .unwrap_or(MAX_BODY)
}

/// Each waiting record as the JSON it travels as.
fn encode(waiting: &[store::outbox::Waiting]) -> Result<Vec<String>> {
    waiting
        .iter()
        .map(|w| {
            let r = OutRecord {
                seq: w.seq,
                kind: w.kind.clone(),
                record_id: w.record_id.clone(),
                payload: serde_json::from_str(&w.payload).unwrap_or(serde_json::Value::Null),
                created_at: w.created_at.clone(),
            };
            serde_json::to_string(&r).map_err(|e| Error::Storage {
                detail: e.to_string(),
            })
        })
        .collect()
}

/// How many of `parts`, from the first, fit in a body of `limit` bytes, and that body's
/// size.
fn fits(parts: &[String], limit: usize) -> (usize, usize) {
    let mut size = ENVELOPE;
    for (i, p) in parts.iter().enumerate() {
        let more = p.len() + usize::from(i > 0);
        if size + more > limit {
            return (i, size);
        }
        size += more;
    }
    (parts.len(), size)
}

/// A push body of `parts` and the audit claim (as `PushRequest` serialises).
fn push_body(parts: &[String], audit: Option<&str>) -> String {
    let audit = audit.map(|a| format!(",\"audit\":{a}")).unwrap_or_default();
    format!(
        "{{\"protocol\":{PROTOCOL},\"records\":[{}]{audit}}}",
        parts.join(",")
    )
}

/// A record head office refused, parked (as `vafa sync status` shows it).
pub use store::sync::ParkedRow as Parked;

/// What `vafa sync status` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncStatus {
    pub connected: bool,
    pub url: Option<String>,
    pub terminal_id: Option<String>,
    pub pending: i64,
    pub parked: Vec<Parked>,
    pub skipped: i64,
    /// Members who owe credit spent twice while branches were apart, and how much in
    /// all (head office recovers it from their later earnings).
    pub owing_members: i64,
    pub owed_credit: i64,
    pub cursor: i64,
    pub last_success: Option<String>,
    pub last_attempt: Option<String>,
    pub last_error: Option<String>,
}

/// What one `vafa sync --once` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncReport {
    pub pushed: i64,
    pub parked: i64,
    pub pulled: i64,
    pub applied: i64,
    pub skipped: i64,
    pub pending: i64,
    pub cursor: i64,
}

fn state(conn: &Connection) -> Result<Option<State>> {
    Ok(store::sync::state(conn)?)
}

/// Checks the `[offline]` rules (`vafa_core::offline::check`) for a sale that redeems
/// `redeemed` rials of credit, inside its transaction (the sale's own outbox record already
/// counted). A till never connected to head office has no limits.
pub(crate) fn check_offline(
    conn: &Connection,
    config: &vafa_core::config::ShopConfig,
    member: &str,
    day: &str,
    redeemed: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    if redeemed <= 0 {
        // Earning is never limited: nothing to read.
        return Ok(());
    }
    let Some(st) = state(conn)? else {
        return Ok(());
    };
    let since = st.last_success.as_deref().unwrap_or(&st.connected_at);
    let since_sync =
        vafa_core::calendar::parse_time(since).map(|t| now - t.with_timezone(&chrono::Utc));
    let (total, mine) = store::outbox::unacked_redeemed(conn, member, day)?;
    // What was paid out before this sale.
    let before = offline::Unsynced {
        member_today: mine - redeemed,
        till: total - redeemed,
    };
    offline::check(Some(&config.offline), since_sync, before, redeemed).map_err(|r| {
        Error::OfflineLimit {
            why: r.why,
            allowed: r.allowed,
        }
    })
}

/// Checks the `[offline]` gift limits (`vafa_core::offline::check_gift`) for a sale that
/// takes `redeemed` rials from gift card `card`, inside its transaction (its own gift line
/// already counted). A till never connected to head office has no limits.
pub(crate) fn check_gift_offline(
    conn: &Connection,
    config: &vafa_core::config::ShopConfig,
    card: &str,
    redeemed: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let Some(st) = state(conn)? else {
        return Ok(());
    };
    let since = st.last_success.as_deref().unwrap_or(&st.connected_at);
    let since_sync =
        vafa_core::calendar::parse_time(since).map(|t| now - t.with_timezone(&chrono::Utc));
    let (total, this) = store::gift::unacked_redeemed(conn, card)?;
    let before = offline::GiftUnsynced {
        card: this - redeemed,
        till: total - redeemed,
    };
    offline::check_gift(Some(&config.offline), since_sync, before, redeemed).map_err(|r| {
        Error::OfflineLimit {
            why: r.why,
            allowed: r.allowed,
        }
    })
}

impl Vafa {
    /// `vafa hq connect`: checks the token with head office and remembers it.
    /// `ca_pem`: the PEM text of a private CA to trust for an `https://` head office.
    pub fn hq_connect(
        &mut self,
        url: &str,
        token: &str,
        ca_pem: Option<&str>,
    ) -> Result<SyncStatus> {
        self.require(vafa_core::staff::Action::Configure)?;
        let url = url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::Invalid {
                field: vafa_core::error::Field::HqUrl,
                value: url.into(),
                why: vafa_core::error::Why::BadChars,
            });
        }
        let link = Link::new(url, token.trim(), ca_pem)?;
        let hello: Hello = link.call("/v1/hello", None)?;
        if hello.branch != self.shop.branch_code {
            return Err(Error::HqRefused {
                status: 409,
                code: "wrong_branch".into(),
                message: format!(
                    "the token is for branch {}, this till is branch {}",
                    hello.branch, self.shop.branch_code
                ),
            });
        }
        let now = self.now_utc().to_rfc3339();
        let tx = self.write_tx()?;
        let same = state(&tx)?.is_some_and(|s| hello.terminal_id == s.terminal_id);
        if same {
            store::sync::reconnect(&tx, link.url(), token.trim(), ca_pem)?;
        } else {
            store::sync::connect(
                &tx,
                link.url(),
                token.trim(),
                ca_pem,
                &hello.terminal_id,
                &hello.branch,
                &now,
            )?;
        }
        // The token is a secret: the trail records where and as which terminal, not it.
        self.audit(
            &tx,
            "hq_connect",
            &hello.terminal_id,
            serde_json::json!({"url": link.url(), "branch": hello.branch, "private_ca": ca_pem.is_some()}),
        )?;
        tx.commit()?;
        self.sync_status()
    }

    pub fn sync_status(&self) -> Result<SyncStatus> {
        let conn = self.conn();
        let st = state(conn)?;
        let parked = store::sync::parked(conn)?;
        let skipped = store::sync::skipped(conn)?;
        let pending = store::outbox::pending(conn)?;
        let (owing_members, owed_credit) = store::sync::owing(conn)?;
        Ok(SyncStatus {
            connected: st.is_some(),
            url: st.as_ref().map(|s| s.url.clone()),
            terminal_id: st.as_ref().map(|s| s.terminal_id.clone()),
            pending,
            parked,
            skipped,
            owing_members,
            owed_credit,
            cursor: st.as_ref().map(|s| s.cursor).unwrap_or(0),
            last_success: st.as_ref().and_then(|s| s.last_success.clone()),
            last_attempt: st.as_ref().and_then(|s| s.last_attempt.clone()),
            last_error: st.and_then(|s| s.last_error),
        })
    }

    /// `vafa sync --once`: pushes everything waiting, then pulls everything new. Progress
    /// is committed batch by batch, so an interrupted sync resumes where it stopped.
    pub fn sync_once(&mut self) -> Result<SyncReport> {
        let st = state(self.conn())?.ok_or(Error::NotConnected)?;
        let link = Link::new(&st.url, &st.token, st.ca_pem.as_deref())?;
        let result = self.push_all(&link).and_then(|mut report| {
            self.pull_all(&link, &mut report)?;
            Ok(report)
        });
        let now = self.now_utc().to_rfc3339();
        match &result {
            Ok(_) => store::sync::succeeded(self.conn(), &now)?,
            Err(e) => store::sync::failed(self.conn(), &now, &e.say(self.lang()))?,
        }
        let mut report = result?;
        report.pending = store::outbox::pending(self.conn())?;
        report.cursor = state(self.conn())?.map(|s| s.cursor).unwrap_or(0);
        Ok(report)
    }

    fn push_all(&mut self, link: &Link) -> Result<SyncReport> {
        let mut report = SyncReport::default();
        // Batches are counted in bytes under head office's limit; a 413 (a head office or
        // a proxy with a lower one) halves it for the rest of this sync.
        let max = max_push_bytes();
        let mut limit = max;
        loop {
            let st = state(self.conn())?.ok_or(Error::NotConnected)?;
            let waiting = store::outbox::after(self.conn(), st.acked_through, batch())?;
            let Some(first) = waiting.first() else {
                return Ok(report);
            };
            let parts = encode(&waiting)?;
            // Where the audit trail stands goes with every push (head office anchors it).
            let audit = store::audit::claim(self.conn())?
                .map(|a| serde_json::to_string(&a))
                .transpose()
                .map_err(|e| Error::Storage {
                    detail: e.to_string(),
                })?;
            let extra = audit.as_ref().map_or(0, |a| a.len() + ",\"audit\":".len());
            let (mut n, mut size) = fits(&parts, limit.saturating_sub(extra));
            size += extra;
            if n == 0 {
                let alone = ENVELOPE + extra + parts[0].len();
                if alone > max {
                    // Alone over head office's limit: parked, and the rest goes on.
                    self.park_too_large(first.seq, alone, max)?;
                    report.parked += 1;
                    continue;
                }
                // Over a limit halved after a 413 only: head office says for itself.
                (n, size) = (1, alone);
            }
            let body = push_body(&parts[..n], audit.as_deref());
            let res: PushResponse = match link.call("/v1/push", Some(&body)) {
                Err(Error::HqRefused { status: 413, .. }) => {
                    if n == 1 {
                        // What head office takes, if it says (else: less than this).
                        let max = link
                            .call::<Hello>("/v1/hello", None)
                            .ok()
                            .and_then(|h| h.max_body)
                            .unwrap_or(size.saturating_sub(1));
                        self.park_too_large(first.seq, size, max)?;
                        report.parked += 1;
                    } else {
                        limit = size / 2;
                    }
                    continue;
                }
                r => r?,
            };
            let batch = &waiting[..n];
            let last = batch.last().map(|w| w.seq).unwrap_or(first.seq);
            let now = self.now_utc().to_rfc3339();
            let tx = self.write_tx()?;
            let mut through = st.acked_through;
            for w in batch {
                if res.acked.contains(&w.seq) {
                    report.pushed += 1;
                } else if let Some(r) = res.rejected.iter().find(|r| r.seq == w.seq) {
                    store::sync::park(&tx, w.seq, &r.code, &r.message, &now)?;
                    report.parked += 1;
                } else {
                    break;
                }
                through = w.seq;
            }
            store::sync::acked_through(&tx, through)?;
            store::audit::asked(&tx, &res.audit_ask, &now)?;
            tx.commit()?;
            if through == st.acked_through {
                return Err(Error::HqUnreachable {
                    url: link.url().to_string(),
                    detail: format!(
                        "head office acknowledged nothing of records {}..{last}",
                        st.acked_through + 1
                    ),
                });
            }
        }
    }

    /// Parks the next record to send (`seq`), `bytes` long alone, over head office's
    /// `max`: it is not sent again, and `vafa sync status` says why in the shop's language.
    fn park_too_large(&mut self, seq: i64, bytes: usize, max: usize) -> Result<()> {
        let now = self.now_utc().to_rfc3339();
        let message = vafa_text::hq::record_too_large(bytes, max, self.lang());
        let tx = self.write_tx()?;
        store::sync::park(&tx, seq, vafa_text::hq::RECORD_TOO_LARGE, &message, &now)?;
        store::sync::acked_through(&tx, seq)?;
        tx.commit()?;
        Ok(())
    }

    fn pull_all(&mut self, link: &Link, report: &mut SyncReport) -> Result<()> {
        loop {
            let st = state(self.conn())?.ok_or(Error::NotConnected)?;
            let res: PullResponse = link.call(
                &format!(
                    "/v1/pull?cursor={}&limit={}&protocol={PROTOCOL}",
                    st.cursor,
                    batch()
                ),
                None,
            )?;
            let now = self.now_utc().to_rfc3339();
            let mut rules_changed = false;
            let mut rewind: Option<i64> = None;
            let tx = self.write_tx()?;
            for r in &res.records {
                report.pulled += 1;
                match apply(&tx, r, &now)? {
                    Applied::Rewind(c) => {
                        report.applied += 1;
                        rewind = Some(rewind.map_or(c, |x: i64| x.min(c)));
                    }
                    Applied::Done => report.applied += 1,
                    Applied::RulesChanged => {
                        report.applied += 1;
                        rules_changed = true;
                    }
                    Applied::AlreadyHere => {}
                    Applied::Skipped(_) => report.skipped += 1,
                }
            }
            store::sync::advance_cursor(&tx, res.next_cursor)?;
            if let Some(c) = rewind {
                store::sync::rewind_cursor(&tx, c)?;
            }
            tx.commit()?;
            if rules_changed {
                self.reload_rules()?;
            }
            if rewind.is_none() && (!res.more || res.records.is_empty()) {
                return Ok(());
            }
        }
    }

    /// Reloads configuration and offers after head office changed them.
    fn reload_rules(&mut self) -> Result<()> {
        let (_, config) = super::load_shop(self.conn())?;
        std::sync::Arc::make_mut(&mut self.rules).config = config;
        self.reload_offers()
    }
}
