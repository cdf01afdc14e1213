//! The explanation as stored with a sale: every line, but each distinct reason written once
//! (a thousand offers that lost to the same winner share one sentence), so that a sale with
//! many active offers stays a few pages on disk. It reads back to exactly the same lines.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::engine::OfferLine;
use crate::money::Rials;

#[derive(Serialize, Deserialize)]
struct Stored {
    /// Distinct reasons.
    r: Vec<Arc<str>>,
    /// (offer id, 1 = eligible + 2 = chosen, value, index into `r`).
    l: Vec<(Arc<str>, u8, Rials, usize)>,
}

/// Encodes the explanation for storage.
pub fn encode(lines: &[OfferLine]) -> String {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut r: Vec<Arc<str>> = Vec::new();
    let l = lines
        .iter()
        .map(|line| {
            let k = *index.entry(&line.reason).or_insert_with(|| {
                r.push(line.reason.clone());
                r.len() - 1
            });
            let flags = u8::from(line.eligible) | (u8::from(line.chosen) << 1);
            (line.id.clone(), flags, line.value, k)
        })
        .collect();
    serde_json::to_string(&Stored { r, l }).unwrap_or_else(|_| "[]".into())
}

/// Decodes a stored explanation (also the plain list form, `[{"id": ...}, ...]`).
pub fn decode(text: &str) -> Vec<OfferLine> {
    if let Ok(plain) = serde_json::from_str::<Vec<OfferLine>>(text) {
        return plain;
    }
    let Ok(s) = serde_json::from_str::<Stored>(text) else {
        return Vec::new();
    };
    s.l.into_iter()
        .map(|(id, flags, value, k)| OfferLine {
            id,
            eligible: flags & 1 != 0,
            chosen: flags & 2 != 0,
            value,
            reason: s.r.get(k).cloned().unwrap_or_else(|| Arc::from("")),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_shares_reasons() {
        let lose: Arc<str> = Arc::from("worth less than Birthday bonus");
        let mut lines = vec![OfferLine {
            id: "birthday".into(),
            eligible: true,
            chosen: true,
            value: 1_200_000,
            reason: "birthday today".into(),
        }];
        for i in 0..500 {
            lines.push(OfferLine {
                id: format!("o{i}").into(),
                eligible: i % 2 == 0,
                chosen: false,
                value: i,
                reason: if i % 2 == 0 {
                    lose.clone()
                } else {
                    "outside 14:00-17:00".into()
                },
            });
        }
        let text = encode(&lines);
        assert_eq!(decode(&text), lines);
        assert_eq!(text.matches("worth less than").count(), 1);
        assert!(text.len() < serde_json::to_string(&lines).expect("json").len() / 3);
        assert_eq!(decode("[]"), vec![]);
        assert_eq!(decode(&serde_json::to_string(&lines).expect("json")), lines);
    }
}
