//! Terminals (registered tills, each of one branch, known by a token's hash) and who owns
//! each branch.

use rand::RngCore;
use serde::Serialize;

use super::HqError;
use super::clock::now;
use super::storage::{FromRow, Pool, Row, Sql};
use vafa_core::ids::{BranchCode, TerminalId};
use vafa_core::protocol;

/// A registered till.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Terminal {
    pub id: TerminalId,
    pub branch: BranchCode,
    pub name: String,
}

impl FromRow for Terminal {
    fn from_row(r: &Row) -> Result<Terminal, HqError> {
        Ok(Terminal {
            id: r.core("id")?,
            branch: r.core("branch")?,
            name: r.get("name")?,
        })
    }
}

fn code_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 32
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Registers a terminal; returns it and its token (shown once, stored only as a hash).
pub fn add_terminal(pool: &Pool, branch: &str, name: &str) -> Result<(Terminal, String), HqError> {
    let branch = branch.trim();
    if !code_ok(branch) {
        return Err(HqError::InvalidBranch {
            branch: branch.to_string(),
        });
    }
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(HqError::InvalidTerminalName);
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = format!("vt1_{}", protocol::hex(&raw));
    let t = Terminal {
        id: TerminalId::fresh(),
        branch: branch.into(),
        name: name.to_string(),
    };
    pool.tx(|db| {
        db.exec(
            "INSERT INTO terminals (id, branch, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
            &[
                Sql(&t.id).into(),
                Sql(&t.branch).into(),
                (&t.name).into(),
                protocol::token_hash(&token).into(),
                now().into(),
            ],
        )?;
        Ok(())
    })?;
    Ok((t, token))
}

pub fn revoke_terminal(pool: &Pool, id: &str) -> Result<(), HqError> {
    let n = pool.tx(|db| {
        db.exec(
            "UPDATE terminals SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            &[id.into(), now().into()],
        )
    })?;
    if n == 0 {
        return Err(HqError::UnknownTerminal { id: id.into() });
    }
    Ok(())
}

/// Sets who owns a branch (settlement between owners).
pub fn set_owner(pool: &Pool, branch: &str, owner: &str) -> Result<(), HqError> {
    if !code_ok(branch) || owner.trim().is_empty() {
        return Err(HqError::InvalidOwner);
    }
    pool.tx(|db| {
        db.exec(
            "INSERT INTO branches (code, owner) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET owner = excluded.owner",
            &[branch.into(), owner.trim().into()],
        )?;
        Ok(())
    })
}

/// The terminal a bearer token belongs to; 401 for unknown or revoked tokens.
pub fn authenticate(pool: &Pool, token: &str) -> Result<Terminal, HqError> {
    if token.is_empty() || token.len() > 200 {
        return Err(HqError::Unauthorised);
    }
    pool.read(|db| {
        db.fetch_opt::<Terminal>(
            "SELECT id, branch, name FROM terminals WHERE token_hash = $1 AND revoked_at IS NULL",
            &[protocol::token_hash(token).into()],
        )
    })?
    .ok_or(HqError::Unauthorised)
}
