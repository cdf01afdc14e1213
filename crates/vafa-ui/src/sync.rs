//! What the window shows of head-office sync and backups, from `Vafa::sync_status` and
//! `Vafa::backup_status`, and the thread that does both while the window runs.

use std::path::PathBuf;
use std::time::Duration;
use vafa_text::Say;

use vafa_service::{BackupStatus, Vafa};

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
    /// The last automatic backup, and whether it is too old.
    pub backup: Option<BackupStatus>,
}

/// How often the housekeeping thread syncs with head office and checks whether a backup
/// is due.
const EVERY: Duration = Duration::from_secs(60);

/// Starts the window's housekeeping thread: every minute, on its own connection, it syncs
/// with head office (when this till is connected to one) and takes the automatic backup
/// when one is due. Sales go on meanwhile (WAL; the backup copies one snapshot). Failures
/// are recorded where `vafa sync status` and `vafa backup --status` show them, and the
/// window shows them from there.
pub fn start_housekeeping(dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("vafa-housekeeping".into())
        .spawn(move || {
            loop {
                if let Ok(mut v) = Vafa::open(&dir) {
                    if v.sync_status().is_ok_and(|s| s.connected) {
                        let _ = v.sync_once();
                    }
                    let _ = v.auto_backup(false);
                    // Messages to members: sent here, never inside a sale.
                    let _ = v.sms_send_now(false);
                }
                std::thread::sleep(EVERY);
            }
        });
    if let Err(e) = spawned {
        eprintln!("vafa: background sync and backups could not start: {e}");
    }
}

/// The backup status as the window warns about it ([`Vafa::backup_alarm`]).
fn backup(v: &Vafa) -> Option<BackupStatus> {
    let mut b = v.backup_status().ok()?;
    b.stale = v.backup_alarm(&b).unwrap_or(b.stale);
    Some(b)
}

pub fn status(v: &Vafa, lang: vafa_core::lang::Lang) -> SyncStatus {
    match v.sync_status() {
        Ok(s) => SyncStatus {
            online: s.connected && s.last_error.is_none() && s.last_success.is_some(),
            url: s.url,
            unsynced: s.pending,
            last_success: s.last_success,
            last_error: s.last_error,
            backup: backup(v),
        },
        Err(e) => SyncStatus {
            last_error: Some(e.say(lang)),
            unsynced: v.outbox_pending().unwrap_or(0),
            backup: backup(v),
            ..SyncStatus::default()
        },
    }
}
