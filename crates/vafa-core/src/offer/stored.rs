//! The explanation as stored with a sale: every line, with each distinct [`Why`] written
//! once (a thousand offers that lost to the same winner share one entry), so that a sale
//! with many active offers stays a few pages on disk. It reads back to exactly the same
//! lines.
//!
//! Sales stored before the explanation was data hold sentences (`{"r": [sentences], "l":
//! [...]}`, or a plain list of `{id, eligible, chosen, value, reason}`): they read back as
//! [`Why::Text`], shown as they were written. They are not rewritten: the sentence is all
//! that is known of them.

use std::collections::HashMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::engine::OfferLine;
use super::why::Why;
use crate::money::Rials;

/// This form's version (`v`).
const VERSION: u32 = 2;

/// (offer id, 1 = eligible + 2 = chosen, value, index into the distinct explanations).
type Line = (Arc<str>, u8, Rials, usize);

#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    /// Distinct explanations.
    w: Vec<Why>,
    l: Vec<Line>,
}

/// The form before version 2: distinct sentences.
#[derive(Deserialize)]
struct Sentences {
    r: Vec<Arc<str>>,
    l: Vec<Line>,
}

/// The first form of all: the lines as `vafa sale --json` printed them.
#[derive(Deserialize)]
struct PlainLine {
    id: Arc<str>,
    eligible: bool,
    chosen: bool,
    value: Rials,
    reason: Arc<str>,
}

fn flags(line: &OfferLine) -> u8 {
    u8::from(line.eligible) | (u8::from(line.chosen) << 1)
}

fn line(id: Arc<str>, flags: u8, value: Rials, why: Why) -> OfferLine {
    OfferLine {
        id,
        eligible: flags & 1 != 0,
        chosen: flags & 2 != 0,
        value,
        why,
    }
}

/// Encodes the explanation for storage.
pub fn encode(lines: &[OfferLine]) -> String {
    let mut index: HashMap<&Why, usize> = HashMap::new();
    let mut w: Vec<Why> = Vec::new();
    let l = lines
        .iter()
        .map(|line| {
            let k = *index.entry(&line.why).or_insert_with(|| {
                w.push(line.why.clone());
                w.len() - 1
            });
            (line.id.clone(), flags(line), line.value, k)
        })
        .collect();
    serde_json::to_string(&Stored { v: VERSION, w, l }).unwrap_or_else(|_| "[]".into())
}

/// Decodes a stored explanation, of this form or an earlier one.
pub fn decode(text: &str) -> Vec<OfferLine> {
    if let Ok(s) = serde_json::from_str::<Stored>(text) {
        return s
            .l
            .into_iter()
            .map(|(id, f, value, k)| {
                let why = s.w.get(k).cloned().unwrap_or(Why::Text(Arc::from("")));
                line(id, f, value, why)
            })
            .collect();
    }
    if let Ok(s) = serde_json::from_str::<Sentences>(text) {
        return s
            .l
            .into_iter()
            .map(|(id, f, value, k)| {
                let text = s.r.get(k).cloned().unwrap_or_else(|| Arc::from(""));
                line(id, f, value, Why::Text(text))
            })
            .collect();
    }
    serde_json::from_str::<Vec<PlainLine>>(text)
        .map(|plain| {
            plain
                .into_iter()
                .map(|p| OfferLine {
                    id: p.id,
                    eligible: p.eligible,
                    chosen: p.chosen,
                    value: p.value,
                    why: Why::Text(p.reason),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offer::why::{Met, Unmet, Yearly};

    #[test]
    fn round_trips_and_shares_explanations() {
        let lose = Why::Lost {
            to: Arc::from("birthday"),
        };
        let mut lines = vec![OfferLine {
            id: "birthday".into(),
            eligible: true,
            chosen: true,
            value: 1_200_000,
            why: Why::Met(vec![Met::Near {
                day: Yearly::Birthday,
                days: 0,
            }]),
        }];
        for i in 0..500 {
            lines.push(OfferLine {
                id: format!("o{i}").into(),
                eligible: i % 2 == 0,
                chosen: false,
                value: i,
                why: if i % 2 == 0 {
                    lose.clone()
                } else {
                    Why::Unmet(Unmet::OutsideHours {
                        from: 14 * 60,
                        to: 17 * 60,
                    })
                },
            });
        }
        let text = encode(&lines);
        assert_eq!(decode(&text), lines);
        assert_eq!(text.matches("lost").count(), 1);
        assert_eq!(text.matches("outside_hours").count(), 1);
        assert!(text.len() < serde_json::to_string(&lines).expect("json").len() / 3);
        assert_eq!(decode("[]"), vec![]);
        assert_eq!(decode(&encode(&[])), vec![]);
    }

    #[test]
    fn sentences_stored_by_an_earlier_vafa_read_back_as_they_were_written() {
        // Exactly what vafa wrote before the explanation was data.
        let old = r#"{"r":["ارزش کمتر از «هدیه تولد»","تولد امروز"],"l":[["big-basket",1,600000,0],["birthday",3,1200000,1]]}"#;
        let lines = decode(old);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].why, Why::Text("ارزش کمتر از «هدیه تولد»".into()));
        assert!(lines[0].eligible && !lines[0].chosen);
        assert_eq!(lines[1].why, Why::Text("تولد امروز".into()));
        assert!(lines[1].chosen);
        assert_eq!(lines[1].value, 1_200_000);
        let plain = r#"[{"id":"x","eligible":false,"chosen":false,"value":0,"reason":"outside 14:00-17:00"}]"#;
        assert_eq!(
            decode(plain)[0].why,
            Why::Text("outside 14:00-17:00".into())
        );
    }
}
