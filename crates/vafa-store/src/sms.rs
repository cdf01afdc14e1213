//! Messages to members: the SMS outbox (`sms_messages`) and consent (`sms_optout`).
//! Queued in the transaction of the event that causes them; moved by the sender, each
//! step its own committed transaction.

use rusqlite::{Connection, OptionalExtension, Row, named_params, params};

use super::Result;

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage<'a> {
    pub id: &'a str,
    pub member_id: Option<&'a str>,
    pub mobile: &'a str,
    pub event: &'a str,
    /// What caused it (a sale's id, a campaign's name), so that it is queued once.
    pub source: Option<&'a str>,
    pub text: &'a str,
    pub parts: i64,
    pub created_at: &'a str,
    pub branch: &'a str,
    /// Not sent before this time (UTC, RFC 3339: a campaign's `--at`); `None`: at once.
    pub not_before: Option<&'a str>,
}

/// A message as the outbox holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Message {
    pub id: String,
    pub member_id: Option<String>,
    pub mobile: String,
    pub event: String,
    pub source: Option<String>,
    pub text: String,
    pub parts: i64,
    pub created_at: String,
    pub state: String,
    pub attempts: i64,
    pub next_attempt_at: Option<String>,
    pub provider: Option<String>,
    pub provider_id: Option<String>,
    pub cost_rials: Option<i64>,
    pub cost_milli: Option<i64>,
    pub reason: Option<String>,
    pub sent_at: Option<String>,
}

const COLS: &str = "id, member_id, mobile, event, source, text, parts, created_at, state, attempts,
    next_attempt_at, provider, provider_id, cost_rials, cost_milli, reason, sent_at";

fn row(r: &Row<'_>) -> rusqlite::Result<Message> {
    Ok(Message {
        id: r.get(0)?,
        member_id: r.get(1)?,
        mobile: r.get(2)?,
        event: r.get(3)?,
        source: r.get(4)?,
        text: r.get(5)?,
        parts: r.get(6)?,
        created_at: r.get(7)?,
        state: r.get(8)?,
        attempts: r.get(9)?,
        next_attempt_at: r.get(10)?,
        provider: r.get(11)?,
        provider_id: r.get(12)?,
        cost_rials: r.get(13)?,
        cost_milli: r.get(14)?,
        reason: r.get(15)?,
        sent_at: r.get(16)?,
    })
}

/// Queues a message; false when this event already queued one for this member.
pub fn queue(conn: &Connection, m: &NewMessage<'_>) -> Result<bool> {
    let n = conn
        .prepare_cached(
            "INSERT INTO sms_messages (id, member_id, mobile, event, source, text, parts, created_at, branch, next_attempt_at)
             VALUES (:id, :member, :mobile, :event, :source, :text, :parts, :created, :branch, :not_before)
             ON CONFLICT DO NOTHING",
        )?
        .execute(named_params! {
            ":id": m.id, ":member": m.member_id, ":mobile": m.mobile, ":event": m.event,
            ":source": m.source, ":text": m.text, ":parts": m.parts, ":created": m.created_at,
            ":branch": m.branch, ":not_before": m.not_before,
        })?;
    Ok(n == 1)
}

pub fn opted_out(conn: &Connection, member_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM sms_optout WHERE member_id = ?1")?
        .query_row([member_id], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A member a campaign may reach: not opted out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reachable {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
}

/// Every member who has not said no to messages, by id.
pub fn reachable(conn: &Connection) -> Result<Vec<Reachable>> {
    let mut st = conn.prepare_cached(
        "SELECT m.id, m.first_name, m.last_name, m.mobile FROM members m
         WHERE NOT EXISTS (SELECT 1 FROM sms_optout o WHERE o.member_id = m.id)
         ORDER BY m.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Reachable {
            id: r.get(0)?,
            first_name: r.get(1)?,
            last_name: r.get(2)?,
            mobile: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records the member's consent (`on`) or refusal.
pub fn set_consent(conn: &Connection, member_id: &str, on: bool, now: &str) -> Result<()> {
    if on {
        conn.prepare_cached("DELETE FROM sms_optout WHERE member_id = ?1")?
            .execute([member_id])?;
    } else {
        conn.prepare_cached(
            "INSERT INTO sms_optout (member_id, at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute([member_id, now])?;
    }
    Ok(())
}

/// Messages due to be sent at `now`, oldest first, after `after` (created_at, id).
pub fn due(
    conn: &Connection,
    now: &str,
    after: Option<&(String, String)>,
    limit: i64,
) -> Result<Vec<Message>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM sms_messages
         WHERE state = 'queued' AND route = 'self' AND (next_attempt_at IS NULL OR next_attempt_at <= ?1)
           AND (created_at, id) > (?2, ?3)
         ORDER BY created_at, id LIMIT ?4"
    ))?;
    let (c, i) = after
        .map(|(c, i)| (c.as_str(), i.as_str()))
        .unwrap_or(("", ""));
    let rows = st.query_map(params![now, c, i, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Messages in a state, oldest first.
pub fn in_state(conn: &Connection, state: &str, limit: i64) -> Result<Vec<Message>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM sms_messages WHERE state = ?1 ORDER BY created_at, id LIMIT ?2"
    ))?;
    let rows = st.query_map(params![state, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The log: newest first, of one member or everyone.
pub fn log(conn: &Connection, member_id: Option<&str>, limit: i64) -> Result<Vec<Message>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM sms_messages WHERE (?1 IS NULL OR member_id = ?1)
         ORDER BY created_at DESC, id DESC LIMIT ?2"
    ))?;
    let rows = st.query_map(params![member_id, limit], row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many messages are in each state.
pub fn counts(conn: &Connection) -> Result<Vec<(String, i64)>> {
    let mut st = conn
        .prepare_cached("SELECT state, COUNT(*) FROM sms_messages GROUP BY state ORDER BY state")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Messages handed to the provider on `day` (the budget).
pub fn sent_on(conn: &Connection, day: &str) -> Result<i64> {
    Ok(conn
        .prepare_cached("SELECT COUNT(*) FROM sms_messages WHERE sent_day = ?1")?
        .query_row([day], |r| r.get(0))?)
}

/// Marks a message in flight (its own transaction, committed before the request).
pub fn mark_sending(conn: &Connection, id: &str, provider: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sms_messages SET state = 'sending', attempts = attempts + 1, provider = ?2
         WHERE id = ?1 AND state = 'queued'",
    )?
    .execute([id, provider])?;
    Ok(())
}

/// What the provider answered: accepted.
#[derive(Debug, Clone, Default)]
pub struct Accepted<'a> {
    pub provider_id: &'a str,
    pub cost_rials: Option<i64>,
    pub cost_milli: Option<i64>,
    /// `sent`, or already `delivered` / `undelivered`.
    pub state: &'a str,
    pub at: &'a str,
    pub day: &'a str,
}

pub fn mark_sent(conn: &Connection, id: &str, a: &Accepted<'_>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sms_messages SET state = :state, provider_id = :pid, cost_rials = :rials,
            cost_milli = :milli, sent_at = :at, sent_day = :day, reason = NULL, next_attempt_at = NULL
         WHERE id = :id",
    )?
    .execute(named_params! {
        ":id": id, ":state": a.state, ":pid": a.provider_id, ":rials": a.cost_rials,
        ":milli": a.cost_milli, ":at": a.at, ":day": a.day,
    })?;
    Ok(())
}

/// Back to the queue to be tried at `next` (`None`: at once), keeping why.
pub fn requeue(conn: &Connection, id: &str, next: Option<&str>, reason: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sms_messages SET state = 'queued', next_attempt_at = ?2, reason = ?3 WHERE id = ?1",
    )?
    .execute(params![id, next, reason])?;
    Ok(())
}

/// Ends a message in `state` (`failed`, `unknown`) with its reason.
pub fn settle(conn: &Connection, id: &str, state: &str, reason: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sms_messages SET state = ?2, reason = ?3, final_at = ?4, next_attempt_at = NULL
         WHERE id = ?1",
    )?
    .execute([id, state, reason, now])?;
    Ok(())
}

/// A delivery report: the final state.
pub fn delivered(conn: &Connection, provider_id: &str, state: &str, now: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE sms_messages SET state = ?2, final_at = ?3 WHERE provider_id = ?1 AND state = 'sent'",
    )?
    .execute([provider_id, state, now])?;
    Ok(())
}
