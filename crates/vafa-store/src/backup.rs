//! Online backups and verified restores.

use crate::Db;
use std::path::{Path, PathBuf};

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::open::check_identity;
use vafa_core::error::{Error, Result};

fn io(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Copies the live database into `dest` with SQLite's online backup (sales may continue),
/// writing to a temporary file first and renaming it into place once verified.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    let tmp = tmp_path(dest);
    let _ = std::fs::remove_file(&tmp);
    let result = (|| {
        super::private::private(&tmp)?;
        let mut out = Connection::open(&tmp).map_err(|e| io(&tmp, e))?;
        {
            // Failures here are failures to write the copy (a full or missing disk).
            let b = Backup::new(conn, &mut out).map_err(|e| io(&tmp, e))?;
            // Every page in one step: the copy reads one snapshot of the database (WAL lets
            // sales go on meanwhile), so it is consistent and never restarts because a sale
            // was written while it ran.
            match b.step(-1).map_err(|e| io(dest, e))? {
                rusqlite::backup::StepResult::Done => {}
                other => {
                    return Err(Error::Storage {
                        detail: format!("the backup could not read the database ({other:?})"),
                    });
                }
            }
        }
        // A backup is a single self-contained file: no WAL beside it.
        out.pragma_update(None, "journal_mode", "DELETE")
            .map_err(|e| io(dest, e))?;
        strip_token(&out).map_err(|e| io(dest, e))?;
        drop(out);
        verify_file(&tmp)?;
        std::fs::rename(&tmp, dest).map_err(|e| io(dest, e))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A backup holds no terminal token: whoever has a copy cannot push as this till. The
/// token is blanked with SQLite's secure delete (its old bytes are zeroed in the file); a
/// restore onto the same till keeps the token it has (`restore_from`), a restore anywhere
/// else needs `vafa hq connect` with the terminal's token again.
fn strip_token(out: &Connection) -> rusqlite::Result<()> {
    let has: i64 = out.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'",
        [],
        |r| r.get(0),
    )?;
    if has == 1 {
        out.pragma_update(None, "secure_delete", "ON")?;
        out.execute("UPDATE sync_state SET token = ''", [])?;
    }
    Ok(())
}

/// This till's terminal and token, if it is connected.
fn live_token(conn: &Connection) -> Result<Option<(String, String)>> {
    use rusqlite::OptionalExtension;
    let has: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sync_state'",
            [],
            |r| r.get(0),
        )
        .db()?;
    if has == 0 {
        return Ok(None);
    }
    conn.query_row("SELECT terminal_id, token FROM sync_state", [], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })
    .optional()
    .db()
}

fn tmp_path(dest: &Path) -> PathBuf {
    let mut name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Checks that `path` is a complete, intact vafa database this program can read.
pub fn verify_file(path: &Path) -> Result<()> {
    if !path.is_file() {
        return Err(io(path, "no such file"));
    }
    let conn =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|e| {
            Error::DatabaseUnreadable {
                path: path.display().to_string(),
                detail: e.to_string(),
            }
        })?;
    check_identity(&conn, path)?;
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| Error::DatabaseUnreadable {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
    if ok != "ok" {
        return Err(Error::DatabaseUnreadable {
            path: path.display().to_string(),
            detail: format!("integrity check: {ok}"),
        });
    }
    Ok(())
}

/// Replaces the live database's contents with `src` after verifying it. The copy runs in
/// one write transaction on the live database: if anything fails, the current data stays.
pub fn restore_from(conn: &mut Connection, src: &Path) -> Result<()> {
    verify_file(src)?;
    let token = live_token(conn)?;
    let from = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| io(src, e))?;
    {
        let b = Backup::new(&from, conn).db()?;
        // -1: every page in one step, so the live database changes in one write
        // transaction, whatever its size. A busy or locked database is reported, and
        // nothing is changed.
        match b.step(-1).db()? {
            rusqlite::backup::StepResult::Done => {}
            other => {
                return Err(Error::Storage {
                    detail: format!(
                        "the database is in use ({other:?}); close the till and try again"
                    ),
                });
            }
        }
    }
    // The backup has no token: the same terminal keeps the one it had.
    if let Some((terminal, token)) = token {
        conn.execute(
            "UPDATE sync_state SET token = ?1 WHERE terminal_id = ?2 AND token = ''",
            [&token, &terminal],
        )
        .db()?;
    }
    Ok(())
}
