//! `vafa suggest`: offers suggested from behaviour, each with its reasoning (as data) and the
//! members it targets, for managers and above. Two kinds so far:
//! - **win back** the lapsing regulars (`vafa_club::report::visits::lapsing`: at least 4
//!   visit days in the window and more than twice their own median gap since the last);
//! - **cross-sell** category `b` to members who buy `a` but never `b`, for each category rule
//!   `a ⇒ b` of the window's baskets with lift above 1 (at most [`CROSS_SELL_RULES`]).
//!
//! Writing a suggestion as an offer file (`--write`) is not built yet.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use vafa_club::report::products::products;
use vafa_club::report::visits::{Lapsing, lapsing};
use vafa_core::error::Result;
use vafa_core::staff::Action;
use vafa_store as store;

use super::Vafa;
use super::reports::{MIN_TOGETHER, Window};

/// The most cross-sell rules suggested (by lift).
pub const CROSS_SELL_RULES: usize = 3;

/// Why a suggestion is made, with its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Regulars who stopped coming, each with their usual gap and days since.
    WinBack { lapsing: Vec<Lapsing> },
    /// Who buys `a` also buys `b` (`confidence`, `lift`), and these members buy `a` only.
    CrossSell {
        a: String,
        b: String,
        confidence: Decimal,
        lift: Decimal,
    },
}

/// One suggestion: why, and whom it targets (member ids).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    #[serde(flatten)]
    pub reason: Reason,
    pub members: Vec<String>,
}

/// `vafa suggest --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestions {
    pub suggestions: Vec<Suggestion>,
}

impl Vafa {
    /// The suggestions over `w` (see the module docs); none is made without members to target.
    pub fn suggest(&self, w: &Window) -> Result<Suggestions> {
        self.require(Action::Reports)?;
        let mut out = Vec::new();
        let visits = store::reports::visits(&self.conn, w.from(), w.to())?;
        let lapsed = lapsing(&visits, w);
        if !lapsed.is_empty() {
            out.push(Suggestion {
                members: lapsed.iter().map(|l| l.member.clone()).collect(),
                reason: Reason::WinBack { lapsing: lapsed },
            });
        }
        let baskets = store::reports::baskets(&self.conn, w.from(), w.to())?;
        let rules = products(&baskets, MIN_TOGETHER).category_pairs;
        let mut bought: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (member, category) in store::reports::member_categories(&self.conn)? {
            bought.entry(member).or_default().insert(category);
        }
        for rule in rules
            .into_iter()
            .filter(|r| r.lift > Decimal::ONE)
            .take(CROSS_SELL_RULES)
        {
            let members: Vec<String> = bought
                .iter()
                .filter(|(_, c)| c.contains(&rule.a) && !c.contains(&rule.b))
                .map(|(m, _)| m.clone())
                .collect();
            if !members.is_empty() {
                out.push(Suggestion {
                    members,
                    reason: Reason::CrossSell {
                        a: rule.a,
                        b: rule.b,
                        confidence: rule.confidence,
                        lift: rule.lift,
                    },
                });
            }
        }
        Ok(Suggestions { suggestions: out })
    }
}
