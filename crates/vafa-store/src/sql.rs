//! Core values in SQL: ids, card numbers, accounts, entry kinds and card statuses go in
//! and out of the till's database through `Sql<T>`, the one bridge for every type that
//! implements `vafa_core::ids::Text` (the orphan rule keeps `ToSql`/`FromSql` for core
//! types out of this crate). Bind `Sql(&value)`; read `get(row, i)` or `Sql<T>`.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use vafa_core::ids::Text;

/// A core value bound to (`Sql(&v)`) or read from (`Sql<T>`) a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sql<T>(pub T);

impl<T: Text> ToSql for Sql<&T> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(ValueRef::Text(
            self.0.as_text().as_bytes(),
        )))
    }
}

impl<T: Text> FromSql for Sql<T> {
    fn column_result(v: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = v.as_str()?;
        T::from_text(s.to_string())
            .map(Sql)
            .ok_or_else(|| FromSqlError::Other(format!("unknown value {s:?}").into()))
    }
}

/// Column `i` of `r` as a core value.
pub fn get<T: Text>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<T> {
    Ok(r.get::<_, Sql<T>>(i)?.0)
}

/// Column `i` of `r` as a core value, or `None` for NULL.
pub fn get_opt<T: Text>(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<T>> {
    Ok(r.get::<_, Option<Sql<T>>>(i)?.map(|s| s.0))
}

/// An optional core value to bind.
pub fn opt<T: Text>(v: &Option<T>) -> Option<Sql<&T>> {
    v.as_ref().map(Sql)
}
