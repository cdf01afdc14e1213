//! The store's error and transactions. `DbError` is rusqlite's error inside the store; the
//! service sees it as `Error::Storage` (`From<DbError> for Error`), so nothing above the
//! store names rusqlite's error.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use vafa_core::error::Error;

/// A database error: something went wrong in storage (disk full, I/O error...).
#[derive(Debug)]
pub struct DbError(pub rusqlite::Error);

pub type Result<T, E = DbError> = std::result::Result<T, E>;

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        DbError(e)
    }
}

impl From<DbError> for Error {
    fn from(e: DbError) -> Self {
        // Another program holding the database past the busy timeout (a backup, a restore):
        // nothing was written, and trying again later will do.
        if let rusqlite::Error::SqliteFailure(f, _) = &e.0
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return Error::Busy;
        }
        Error::Storage {
            detail: e.0.to_string(),
        }
    }
}

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for DbError {}

/// For store functions that return the domain's errors: a rusqlite result as one.
pub(crate) trait Db<T> {
    fn db(self) -> vafa_core::error::Result<T>;
}

impl<T> Db<T> for rusqlite::Result<T> {
    fn db(self) -> vafa_core::error::Result<T> {
        self.map_err(|e| DbError(e).into())
    }
}

/// An open transaction: SQL runs through it like a connection (`&tx` is a `&Connection`);
/// `commit` reports a [`DbError`].
pub struct Tx<'c>(Transaction<'c>);

impl<'c> std::ops::Deref for Tx<'c> {
    type Target = Transaction<'c>;
    fn deref(&self) -> &Transaction<'c> {
        &self.0
    }
}

impl Tx<'_> {
    pub fn commit(self) -> Result<()> {
        Ok(self.0.commit()?)
    }

    /// Undoes everything (a dry run).
    pub fn rollback(self) -> Result<()> {
        Ok(self.0.rollback()?)
    }

    /// Starts a savepoint `name`: what follows can be undone alone ([`Tx::rollback_to`]).
    pub fn savepoint(&self, name: &str) -> Result<()> {
        Ok(self.0.execute_batch(&format!("SAVEPOINT {name}"))?)
    }

    /// Keeps what was done since the savepoint.
    pub fn release(&self, name: &str) -> Result<()> {
        Ok(self.0.execute_batch(&format!("RELEASE {name}"))?)
    }

    /// Undoes what was done since the savepoint, and ends it.
    pub fn rollback_to(&self, name: &str) -> Result<()> {
        Ok(self
            .0
            .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"))?)
    }
}

/// A write transaction that takes the write lock at once (so that two tills or processes
/// queue rather than fail half-way).
pub fn write(conn: &Connection) -> Result<Tx<'_>> {
    Ok(Tx(Transaction::new_unchecked(
        conn,
        TransactionBehavior::Immediate,
    )?))
}

/// A transaction that takes the write lock at its first write (for a database this
/// process has just made).
pub fn begin(conn: &Connection) -> Result<Tx<'_>> {
    Ok(Tx(conn.unchecked_transaction()?))
}
