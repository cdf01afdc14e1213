//! Backups: on demand, automatic (every `[backup] every_hours`, keeping the last
//! `[backup] keep`, each verified after writing), before every restore and, in
//! `store::open`, before every migration. What happened last is kept in `settings` so the
//! till can show when the last good backup was taken and warn when it is old.

use std::path::{Path, PathBuf};
use vafa_text::Say;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{Vafa, load_shop};
use vafa_core::error::{Error, Result};
use vafa_core::staff::Action;
use vafa_store as store;

const STATUS_KEY: &str = "backup_status";

/// The last automatic backup, as the till shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupStatus {
    /// When the last good backup was written (RFC 3339).
    pub last_ok: Option<String>,
    pub last_path: Option<String>,
    pub last_bytes: Option<u64>,
    /// The last failure since then, in the shop's language.
    pub last_error: Option<String>,
    pub last_error_at: Option<String>,
    /// Hours since the last good backup (None: never).
    #[serde(default)]
    pub age_hours: Option<i64>,
    /// The last good backup is older than `[backup] warn_after_hours`, or there is none.
    #[serde(default)]
    pub stale: bool,
}

/// What `auto_backup` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutoBackup {
    /// The file written, or None if no backup was due.
    pub written: Option<String>,
    /// Older automatic backups removed to keep the last `keep`.
    pub removed: Vec<String>,
    pub status: BackupStatus,
}

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

impl Vafa {
    /// Writes a verified online backup to `dest`.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        self.require(Action::Backup)?;
        store::backup::backup_to(&self.conn, dest)?;
        let tx = self.write_tx()?;
        self.audit(
            &tx,
            "backup",
            &dest.display().to_string(),
            json!({"bytes": std::fs::metadata(dest).map(|m| m.len()).ok()}),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The folder automatic backups go to.
    pub fn backup_folder(&self) -> PathBuf {
        let f = self.rules.config.backup.folder.trim();
        if f.is_empty() {
            self.dir.join(store::open::BACKUP_DIR)
        } else {
            PathBuf::from(f)
        }
    }

    /// Whether the till window warns about backups: the last one is too old, or there is
    /// none and the shop was set up at least `[backup] warn_after_hours` ago (no alarm on
    /// a shop made a minute ago; `vafa backup --status` still says `stale`).
    pub fn backup_alarm(&self, s: &BackupStatus) -> Result<bool> {
        if !s.stale || s.last_ok.is_some() {
            return Ok(s.stale);
        }
        let now = self.now_utc();
        let shop_age = store::shop::created_at(&self.conn)?
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| (now - t.with_timezone(&Utc)).num_hours());
        Ok(shop_age.is_none_or(|h| h >= i64::from(self.rules.config.backup.warn_after_hours)))
    }

    /// The last automatic backup and whether it is too old.
    pub fn backup_status(&self) -> Result<BackupStatus> {
        let mut s: BackupStatus = store::settings::get(&self.conn, STATUS_KEY)?
            .and_then(|j| serde_json::from_str(&j).ok())
            .unwrap_or_default();
        let now = self.now_utc();
        s.age_hours = s
            .last_ok
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| (now - t.with_timezone(&Utc)).num_hours());
        s.stale = s
            .age_hours
            .is_none_or(|h| h >= i64::from(self.rules.config.backup.warn_after_hours));
        Ok(s)
    }

    /// Takes an automatic backup if one is due (or `force`), then keeps only the newest
    /// `[backup] keep`. A failure (folder missing, disk full) is recorded for the till to
    /// show and returned; trading is not affected. Safe to run from a second connection
    /// while the till sells: the copy reads one snapshot.
    pub fn auto_backup(&self, force: bool) -> Result<AutoBackup> {
        let status = self.backup_status()?;
        let due = force
            || status
                .age_hours
                .is_none_or(|h| h >= i64::from(self.rules.config.backup.every_hours));
        if !due {
            return Ok(AutoBackup {
                written: None,
                removed: Vec::new(),
                status,
            });
        }
        match self.write_auto_backup() {
            Ok((path, removed)) => {
                let bytes = std::fs::metadata(&path).map(|m| m.len()).ok();
                let s = BackupStatus {
                    last_ok: Some(self.now().to_rfc3339()),
                    last_path: Some(path.display().to_string()),
                    last_bytes: bytes,
                    ..BackupStatus::default()
                };
                self.save_backup_status(&s)?;
                Ok(AutoBackup {
                    written: Some(path.display().to_string()),
                    removed: removed.iter().map(|p| p.display().to_string()).collect(),
                    status: self.backup_status()?,
                })
            }
            Err(e) => {
                let s = BackupStatus {
                    last_error: Some(e.say(self.lang())),
                    last_error_at: Some(self.now().to_rfc3339()),
                    ..status
                };
                // Recording the failure must not hide it.
                let _ = self.save_backup_status(&s);
                Err(e)
            }
        }
    }

    fn save_backup_status(&self, s: &BackupStatus) -> Result<()> {
        let json = serde_json::to_string(s).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })?;
        let tx = self.write_tx()?;
        store::settings::put(&tx, STATUS_KEY, &json, &self.now().to_rfc3339())?;
        tx.commit()?;
        Ok(())
    }

    fn write_auto_backup(&self) -> Result<(PathBuf, Vec<PathBuf>)> {
        let folder = self.backup_folder();
        if self.rules.config.backup.folder.trim().is_empty() {
            std::fs::create_dir_all(&folder).map_err(|e| io(&folder, e))?;
        } else if !folder.is_dir() {
            // A configured folder is never created: it may be a drive that is not there.
            return Err(Error::BackupFolderMissing {
                folder: folder.display().to_string(),
            });
        }
        let prefix = format!("vafa-{}-", self.shop.branch_code);
        let name = format!("{prefix}{}.db", self.now_utc().format("%Y%m%dT%H%M%S%.3fZ"));
        let path = folder.join(name);
        store::backup::backup_to(&self.conn, &path)?;
        // Keep the newest `keep`; names sort by time.
        let mut ours: Vec<PathBuf> = std::fs::read_dir(&folder)
            .map_err(|e| io(&folder, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".db"))
            })
            .collect();
        ours.sort();
        let keep = self.rules.config.backup.keep.max(1) as usize;
        let mut removed = Vec::new();
        if ours.len() > keep {
            for old in ours.drain(..ours.len() - keep) {
                if old != path && std::fs::remove_file(&old).is_ok() {
                    removed.push(old);
                }
            }
        }
        Ok((path, removed))
    }

    /// Replaces this shop's data with the backup at `src`, after verifying it and keeping a
    /// copy of the current data in `<data dir>/backups/before-restore-<time>.db`. The
    /// restore is recorded in the restored data's audit trail, and the acts recorded since the
    /// backup are carried over.
    pub fn restore(&mut self, src: &Path) -> Result<PathBuf> {
        self.require(Action::Restore)?;
        store::backup::verify_file(src)?;
        let keep_dir = self.dir.join(store::open::BACKUP_DIR);
        std::fs::create_dir_all(&keep_dir).map_err(|e| io(&keep_dir, e))?;
        let keep = keep_dir.join(format!(
            "before-restore-{}.db",
            self.now_utc().format("%Y%m%dT%H%M%S%.3fZ")
        ));
        store::backup::backup_to(&self.conn, &keep)?;
        let replaced_head = store::audit::head(&self.conn)?;
        let replaced_trail = store::audit::all(&self.conn)?;
        store::backup::restore_from(&mut self.conn, src)?;
        // The restored file may be from an older vafa: bring it up to date, then reload.
        let path = Self::db_path(&self.dir);
        let version = store::open::check_identity(&self.conn, &path)?;
        store::open::configure(&self.conn)?;
        if version < store::open::latest_version() {
            store::open::migrate(&self.conn, version, store::open::latest_version())?;
        }
        let (shop, config) = load_shop(&self.conn)?;
        self.shop = shop;
        std::sync::Arc::make_mut(&mut self.rules).config = config;
        self.reload_offers()?;
        // A restore brings the data back, not the past: what was on the audit trail
        // and is not in the backup's trail is carried over (re-chained, with its
        // original number), so that nobody can erase their acts by restoring.
        let restored: std::collections::HashSet<String> = store::audit::all(&self.conn)?
            .into_iter()
            .map(|r| r.hash)
            .collect();
        let tx = self.write_tx()?;
        for r in replaced_trail
            .iter()
            .filter(|r| !restored.contains(&r.hash))
        {
            let detail = json!({
                "carried_over_from": r.seq,
                "detail": serde_json::from_str::<serde_json::Value>(&r.detail)
                    .unwrap_or_else(|_| serde_json::Value::String(r.detail.clone())),
            });
            store::audit::append(
                &tx,
                &store::audit::Act {
                    at: &r.at,
                    actor: &r.actor,
                    role: &r.role,
                    terminal: &r.terminal,
                    action: &r.action,
                    subject: &r.subject,
                    detail: &detail,
                },
            )?;
        }
        self.audit(
            &tx,
            "restore",
            &src.display().to_string(),
            json!({
                "kept_current_as": keep.display().to_string(),
                "replaced_trail_head": replaced_head.map(|(seq, hash)| json!({"seq": seq, "hash": hash})),
            }),
        )?;
        tx.commit()?;
        Ok(keep)
    }
}
