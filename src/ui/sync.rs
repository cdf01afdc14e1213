//! What the window shows of head-office sync, from `Vafa::sync_status` (the `vafa sync`
//! process does the syncing; the window reads where it stands).

use crate::service::Vafa;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// Head office's address, when this till is connected to one.
    pub url: Option<String>,
    /// Connected, and the last exchange with head office succeeded.
    pub online: bool,
    /// Records waiting in the outbox.
    pub unsynced: i64,
    /// When the last exchange succeeded (RFC 3339).
    pub last_success: Option<String>,
    /// Why the last exchange failed, if it did.
    pub last_error: Option<String>,
}

pub fn status(v: &Vafa) -> SyncStatus {
    match v.sync_status() {
        Ok(s) => SyncStatus {
            online: s.connected && s.last_error.is_none() && s.last_success.is_some(),
            url: s.url,
            unsynced: s.pending,
            last_success: s.last_success,
            last_error: s.last_error,
        },
        Err(e) => SyncStatus {
            last_error: Some(e.message(v.lang())),
            unsynced: v.outbox_pending().unwrap_or(0),
            ..SyncStatus::default()
        },
    }
}
