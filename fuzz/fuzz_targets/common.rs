// Shared checks: a successful read always carries a clean, non-empty card number and keys.
use vafa_devices::{CardRead, ReadError};

pub fn check(r: &Result<CardRead, ReadError>) {
    match r {
        Ok(read) => {
            assert!(!read.card.is_empty());
            assert!(read.card.len() <= 4096);
            assert!(!read.card.chars().any(|c| c.is_control() && c != '\u{1d}'));
            let idx = read.index_keys();
            assert_eq!(idx[0], read.card);
            let look = read.lookup_keys();
            assert!(look.iter().any(|k| idx.contains(k)), "a read must find itself");
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            assert!(!e.to_string().is_empty());
            assert!(!e.message_fa().is_empty());
        }
    }
}
