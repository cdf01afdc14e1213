//! Ids are UUIDv7 strings: made by the client, time-ordered, unique across branches.
//!
//! Each kind of id has its own type (`MemberId`, `SaleId`, `EntryId`...), so a sale's id
//! cannot be passed where a member's is meant. They are plain strings on the wire and in
//! the databases (serde-transparent), and borrow as `&str` for code that only reads them.
//!
//! The storage crates bind and read these ids, card numbers and the ledger's enums through
//! [`Text`]: the orphan rule keeps `ToSql`/`FromSql` for core types out of them, so each
//! has one local wrapper (`Sql<T>`) over this trait.

use uuid::Uuid;

pub fn new_id() -> String {
    Uuid::now_v7().to_string()
}

/// An id made from `tag` and another id, the same each time (a UUID, version 8): what one
/// act makes of one thing, so that doing the act twice finds the first one's result.
pub fn derived_id(tag: &str, from: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("vafa:{tag}:{from}").as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// A canonical (lower-case, hyphenated) id, or `None` if `s` is not a UUID.
pub fn parse_id(s: &str) -> Option<String> {
    Uuid::parse_str(s.trim()).ok().map(|u| u.to_string())
}

/// A core value kept in a database as text: an id, a card number, an account, an entry
/// kind or a card status.
pub trait Text: Sized {
    fn as_text(&self) -> &str;
    /// `None` when `s` is not one (an enum's unknown spelling).
    fn from_text(s: String) -> Option<Self>;
}

impl Text for crate::ledger::Account {
    fn as_text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: String) -> Option<Self> {
        Self::parse(&s)
    }
}

impl Text for crate::ledger::EntryKind {
    fn as_text(&self) -> &str {
        self.as_str()
    }
    fn from_text(s: String) -> Option<Self> {
        Self::parse(&s)
    }
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh UUIDv7.
            pub fn fresh() -> $name {
                $name(new_id())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> $name {
                $name(s)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> $name {
                $name(s.to_string())
            }
        }

        impl From<&String> for $name {
            fn from(s: &String) -> $name {
                $name(s.clone())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl Text for $name {
            fn as_text(&self) -> &str {
                &self.0
            }
            fn from_text(s: String) -> Option<$name> {
                Some($name(s))
            }
        }
    };
}

string_id!(
    /// A member (`members.id`, `member_id` in every record).
    MemberId
);
string_id!(
    /// A sale (`sales.id`, a `sale` record's id, an entry's `sale_id`).
    SaleId
);
string_id!(
    /// A void of a sale (a `void` record's id).
    VoidId
);
string_id!(
    /// A ledger entry. A lot is named by the entry that opened it: see [`LotId`].
    EntryId
);
string_id!(
    /// A till registered at head office.
    TerminalId
);
string_id!(
    /// A branch's code (`A`, `tehran-1`): letters, digits, `-` or `_`.
    BranchCode
);
string_id!(
    /// A card's number as the till records it (the reader's or the typed spelling).
    CardNumber
);

/// A lot is the entry that opened it: an entry's `lot_id` is that entry's id.
pub type LotId = EntryId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_strings_on_the_wire() {
        let id = MemberId::from("0193a");
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"0193a\"");
        let back: MemberId = serde_json::from_str("\"0193a\"").expect("json");
        assert_eq!(back, id);
        assert_eq!(back, "0193a");
        assert_eq!(&*back, "0193a");
        assert_eq!(MemberId::from_text("x".into()), Some(MemberId::from("x")));
    }

    #[test]
    fn fresh_ids_are_uuids() {
        let id = SaleId::fresh();
        assert_eq!(parse_id(&id).as_deref(), Some(id.as_str()));
    }
}
