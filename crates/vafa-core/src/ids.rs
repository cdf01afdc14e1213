//! Ids are UUIDv7 strings: made by the client, time-ordered, unique across branches.

use uuid::Uuid;

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// A canonical (lower-case, hyphenated) id, or `None` if `s` is not a UUID.
pub fn parse_id(s: &str) -> Option<String> {
    Uuid::parse_str(s.trim()).ok().map(|u| u.to_string())
}
