//! What the window shows of head-office sync. Sync (issue 6) is not merged yet: this is the
//! one place to wire it, returning what exists today (not connected; records waiting).

use crate::service::Vafa;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// Head office's address, when this till is connected to one.
    pub url: Option<String>,
    pub online: bool,
    /// Records waiting in the outbox.
    pub unsynced: i64,
}

pub fn status(v: &Vafa) -> SyncStatus {
    SyncStatus {
        url: None,
        online: false,
        unsynced: v.outbox_pending().unwrap_or(0),
    }
}
