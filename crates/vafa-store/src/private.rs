//! Data files are their owner's alone (issue 13 item 9): the database, its WAL and shared
//! memory, its rollback journal and every backup are created, and on each open set, to
//! mode 0600 on Unix (SQLite gives a WAL, shm or journal it creates the database's mode).
//! Elsewhere the folder's permissions decide.

use std::path::{Path, PathBuf};

use vafa_core::error::{Error, Result};

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// `path` and the files SQLite keeps beside it.
fn with_companions(path: &Path) -> Vec<PathBuf> {
    let mut out = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        out.push(PathBuf::from(name));
    }
    out
}

/// Creates `path` empty if it does not exist, and makes it and its companions readable
/// and writable by their owner only.
#[cfg(unix)]
pub fn private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if !path.exists() {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(|e| io(path, e))?;
    }
    for p in with_companions(path) {
        if p.exists() {
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| io(&p, e))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
pub fn private(path: &Path) -> Result<()> {
    let _ = with_companions(path);
    if !path.exists() {
        std::fs::File::create(path).map_err(|e| io(path, e))?;
    }
    Ok(())
}
