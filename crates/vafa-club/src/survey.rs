//! Phone surveys (CONTRACT "Lotteries and surveys"): a survey's questions, answers checked
//! against them, and the results.
//!
//! A question is a 1–5 scale or a choice among named options. Results per question: how
//! many answered it, the mean of a scale (the exact mean rounded toward zero to 2 places by
//! the one rule of [`crate::figures`]: 4.666… is `4.66`; `0.00` when nobody answered; `null`
//! for a choice), and the count of every value (every scale point and every option, zeros
//! included, in order). Results can be grouped by a key the storage layer attaches to each
//! response (`branch`, `cashier`); a response without that key is left out of the grouping.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::figures::{MEAN_PLACES, ratio};

/// The points of a scale: 1 to 5.
pub const SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// What a question asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Scale,
    Choice(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
}

/// Why a survey definition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyError {
    EmptyId,
    NoQuestions,
    EmptyQuestionId,
    DuplicateQuestion(String),
    NoChoices(String),
    DuplicateChoice { question: String, choice: String },
}

/// Why an answer was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    UnknownQuestion(String),
    /// Not a whole number from 1 to 5.
    OutsideScale {
        question: String,
        value: String,
    },
    UnknownChoice {
        question: String,
        value: String,
    },
    /// The same question answered twice in one response.
    Repeated(String),
    NoAnswers,
}

/// An accepted answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Scale(u8),
    Choice(String),
}

/// One member's answers, with the keys results may be grouped by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub member: String,
    pub groups: BTreeMap<String, String>,
    pub values: BTreeMap<String, Value>,
}

/// A checked survey definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survey {
    id: String,
    questions: Vec<Question>,
}

impl Survey {
    /// Checks a definition: an id, at least one question, question ids non-empty and unique,
    /// choices present and unique.
    pub fn new(id: &str, questions: Vec<Question>) -> Result<Survey, SurveyError> {
        if id.trim().is_empty() {
            return Err(SurveyError::EmptyId);
        }
        if questions.is_empty() {
            return Err(SurveyError::NoQuestions);
        }
        let mut seen = BTreeSet::new();
        for q in &questions {
            if q.id.trim().is_empty() {
                return Err(SurveyError::EmptyQuestionId);
            }
            if !seen.insert(q.id.as_str()) {
                return Err(SurveyError::DuplicateQuestion(q.id.clone()));
            }
            if let Kind::Choice(options) = &q.kind {
                if options.is_empty() {
                    return Err(SurveyError::NoChoices(q.id.clone()));
                }
                let mut seen = BTreeSet::new();
                if let Some(dup) = options.iter().find(|o| !seen.insert(o.as_str())) {
                    return Err(SurveyError::DuplicateChoice {
                        question: q.id.clone(),
                        choice: dup.clone(),
                    });
                }
            }
        }
        Ok(Survey {
            id: id.to_string(),
            questions,
        })
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn questions(&self) -> &[Question] {
        &self.questions
    }

    /// Checks one answer as typed (`4`, `price`); digits are ASCII (the CLI normalizes
    /// Persian digits before).
    pub fn answer(&self, question: &str, value: &str) -> Result<Value, AnswerError> {
        let q = self
            .questions
            .iter()
            .find(|q| q.id == question)
            .ok_or_else(|| AnswerError::UnknownQuestion(question.to_string()))?;
        let v = value.trim();
        match &q.kind {
            Kind::Scale => match v.parse::<u8>() {
                Ok(n) if SCALE.contains(&n) => Ok(Value::Scale(n)),
                _ => Err(AnswerError::OutsideScale {
                    question: question.to_string(),
                    value: value.to_string(),
                }),
            },
            Kind::Choice(options) if options.iter().any(|o| o == v) => {
                Ok(Value::Choice(v.to_string()))
            }
            Kind::Choice(_) => Err(AnswerError::UnknownChoice {
                question: question.to_string(),
                value: value.to_string(),
            }),
        }
    }

    /// Checks a member's `QUESTION=VALUE` answers: at least one, each question once.
    pub fn response(
        &self,
        member: &str,
        groups: BTreeMap<String, String>,
        answers: &[(&str, &str)],
    ) -> Result<Response, AnswerError> {
        if answers.is_empty() {
            return Err(AnswerError::NoAnswers);
        }
        let mut values = BTreeMap::new();
        for &(q, v) in answers {
            let value = self.answer(q, v)?;
            if values.insert(q.to_string(), value).is_some() {
                return Err(AnswerError::Repeated(q.to_string()));
            }
        }
        Ok(Response {
            member: member.to_string(),
            groups,
            values,
        })
    }
}

/// Counts per value, in the question's order (serialized as a JSON object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts(pub Vec<(String, u64)>);

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// One question's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuestionResult {
    pub id: String,
    pub answers: u64,
    /// Scales only.
    pub mean: Option<Decimal>,
    pub counts: Counts,
}

/// CONTRACT `survey results`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Results {
    /// Responses counted.
    pub answers: u64,
    pub questions: Vec<QuestionResult>,
}

/// The results of `responses`. A value that does not fit its question (a response kept
/// from before the survey changed) is not counted.
pub fn results<'a>(survey: &Survey, responses: impl IntoIterator<Item = &'a Response>) -> Results {
    let responses: Vec<&Response> = responses.into_iter().collect();
    let questions = survey
        .questions
        .iter()
        .map(|q| {
            let values = responses.iter().filter_map(|r| r.values.get(&q.id));
            let mut counts: Vec<(String, u64)> = match &q.kind {
                Kind::Scale => SCALE.map(|n| (n.to_string(), 0)).collect(),
                Kind::Choice(options) => options.iter().map(|o| (o.clone(), 0)).collect(),
            };
            let (mut n, mut sum) = (0u64, 0i128);
            for v in values {
                let key = match (v, &q.kind) {
                    (Value::Scale(x), Kind::Scale) if SCALE.contains(x) => {
                        sum += i128::from(*x);
                        x.to_string()
                    }
                    (Value::Choice(c), Kind::Choice(_)) => c.clone(),
                    _ => continue,
                };
                if let Some(slot) = counts.iter_mut().find(|c| c.0 == key) {
                    slot.1 += 1;
                    n += 1;
                }
            }
            QuestionResult {
                id: q.id.clone(),
                answers: n,
                mean: match q.kind {
                    Kind::Scale => Some(ratio(sum, n.into(), MEAN_PLACES)),
                    Kind::Choice(_) => None,
                },
                counts: Counts(counts),
            }
        })
        .collect();
    Results {
        answers: responses.len() as u64,
        questions,
    }
}

/// The results per value of the group key `key` (`"branch"`, `"cashier"`), by that value.
pub fn results_by(survey: &Survey, responses: &[Response], key: &str) -> BTreeMap<String, Results> {
    let mut groups: BTreeMap<&str, Vec<&Response>> = BTreeMap::new();
    for r in responses {
        if let Some(g) = r.groups.get(key) {
            groups.entry(g.as_str()).or_default().push(r);
        }
    }
    groups
        .into_iter()
        .map(|(g, rs)| (g.to_string(), results(survey, rs)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(id: &str) -> Question {
        Question {
            id: id.into(),
            kind: Kind::Scale,
        }
    }

    fn choice(id: &str, options: &[&str]) -> Question {
        Question {
            id: id.into(),
            kind: Kind::Choice(options.iter().map(|o| o.to_string()).collect()),
        }
    }

    fn survey() -> Survey {
        Survey::new(
            "s1",
            vec![
                scale("price"),
                scale("staff"),
                choice("why", &["price", "quality", "near"]),
            ],
        )
        .expect("valid survey")
    }

    fn groups(branch: &str, cashier: &str) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("branch".to_string(), branch.to_string()),
            ("cashier".to_string(), cashier.to_string()),
        ])
    }

    #[test]
    fn definitions_are_checked() {
        assert_eq!(survey().id(), "s1");
        assert_eq!(survey().questions().len(), 3);
        assert_eq!(
            Survey::new(" ", vec![scale("a")]),
            Err(SurveyError::EmptyId)
        );
        assert_eq!(Survey::new("s", vec![]), Err(SurveyError::NoQuestions));
        assert_eq!(
            Survey::new("s", vec![scale(" ")]),
            Err(SurveyError::EmptyQuestionId)
        );
        assert_eq!(
            Survey::new("s", vec![scale("a"), scale("b"), choice("a", &["x"])]),
            Err(SurveyError::DuplicateQuestion("a".into()))
        );
        assert_eq!(
            Survey::new("s", vec![choice("c", &[])]),
            Err(SurveyError::NoChoices("c".into()))
        );
        assert_eq!(
            Survey::new("s", vec![choice("c", &["x", "y", "x"])]),
            Err(SurveyError::DuplicateChoice {
                question: "c".into(),
                choice: "x".into()
            })
        );
    }

    #[test]
    fn answers_outside_the_scale_are_refused() {
        let s = survey();
        assert_eq!(s.answer("price", "1"), Ok(Value::Scale(1)));
        assert_eq!(s.answer("price", " 5 "), Ok(Value::Scale(5)));
        for bad in ["0", "6", "3.5", "-1", "", "x", "256"] {
            assert_eq!(
                s.answer("price", bad),
                Err(AnswerError::OutsideScale {
                    question: "price".into(),
                    value: bad.into()
                }),
                "{bad:?}"
            );
        }
        assert_eq!(s.answer("why", "near"), Ok(Value::Choice("near".into())));
        assert_eq!(
            s.answer("why", "cheap"),
            Err(AnswerError::UnknownChoice {
                question: "why".into(),
                value: "cheap".into()
            })
        );
        assert_eq!(
            s.answer("mood", "3"),
            Err(AnswerError::UnknownQuestion("mood".into()))
        );
        assert_eq!(
            s.response("m", BTreeMap::new(), &[("price", "3"), ("price", "4")]),
            Err(AnswerError::Repeated("price".into()))
        );
        assert_eq!(
            s.response("m", BTreeMap::new(), &[]),
            Err(AnswerError::NoAnswers)
        );
        let r = s.response("m", groups("b1", "ali"), &[("price", "3"), ("why", "near")]);
        let r = r.expect("valid");
        assert_eq!((r.member.as_str(), r.values.len()), ("m", 2));
        assert_eq!(r.groups["cashier"], "ali");
    }

    fn responses() -> Vec<Response> {
        let s = survey();
        let mk = |m: &str, b: &str, c: &str, a: &[(&str, &str)]| {
            s.response(m, groups(b, c), a).expect("valid answers")
        };
        vec![
            mk(
                "m1",
                "b1",
                "ali",
                &[("price", "5"), ("staff", "4"), ("why", "near")],
            ),
            mk(
                "m2",
                "b1",
                "sara",
                &[("price", "4"), ("staff", "2"), ("why", "price")],
            ),
            mk("m3", "b2", "ali", &[("price", "5"), ("why", "near")]),
            mk("m4", "b2", "sara", &[("staff", "5")]),
        ]
    }

    fn counts(q: &QuestionResult) -> Vec<(&str, u64)> {
        q.counts.0.iter().map(|(k, v)| (k.as_str(), *v)).collect()
    }

    #[test]
    fn results_by_hand() {
        // price: 5, 4, 5 → 3 answers, mean 14 / 3 = 4.666… → 4.66
        // staff: 4, 2, 5 → 3 answers, mean 11 / 3 = 3.666… → 3.66
        // why: near 2, price 1, quality 0 (in the question's order)
        let r = results(&survey(), &responses());
        assert_eq!(r.answers, 4);
        let [price, staff, why] = &r.questions[..] else {
            panic!("three questions")
        };
        assert_eq!((price.id.as_str(), price.answers), ("price", 3));
        assert_eq!(price.mean.map(|m| m.to_string()), Some("4.66".into()));
        assert_eq!(
            counts(price),
            vec![("1", 0), ("2", 0), ("3", 0), ("4", 1), ("5", 2)]
        );
        assert_eq!(staff.mean.map(|m| m.to_string()), Some("3.66".into()));
        assert_eq!(staff.answers, 3);
        assert_eq!(why.mean, None);
        assert_eq!(why.answers, 3);
        assert_eq!(counts(why), vec![("price", 1), ("quality", 0), ("near", 2)]);
    }

    #[test]
    fn results_grouped_by_cashier_and_branch() {
        // ali: m1, m3 → price 5, 5: mean 5.00; staff 4 → 4.00.
        // sara: m2, m4 → price 4: 4.00; staff 2, 5 → 7 / 2 = 3.50.
        let by = results_by(&survey(), &responses(), "cashier");
        assert_eq!(by.keys().collect::<Vec<_>>(), vec!["ali", "sara"]);
        let mean = |r: &Results, i: usize| r.questions[i].mean.map(|m| m.to_string());
        assert_eq!(
            (by["ali"].answers, mean(&by["ali"], 0)),
            (2, Some("5.00".into()))
        );
        assert_eq!(mean(&by["ali"], 1), Some("4.00".into()));
        assert_eq!(mean(&by["sara"], 0), Some("4.00".into()));
        assert_eq!(mean(&by["sara"], 1), Some("3.50".into()));
        let by = results_by(&survey(), &responses(), "branch");
        assert_eq!(by.keys().collect::<Vec<_>>(), vec!["b1", "b2"]);
        // No response carries "shift": no groups.
        assert!(results_by(&survey(), &responses(), "shift").is_empty());
    }

    #[test]
    fn nobody_answered_gives_zeros() {
        let r = results(&survey(), &[]);
        assert_eq!(r.answers, 0);
        assert_eq!(
            r.questions[0].mean.map(|m| m.to_string()),
            Some("0.00".into())
        );
        assert_eq!(r.questions[0].answers, 0);
        assert!(r.questions[2].counts.0.iter().all(|c| c.1 == 0));
    }

    #[test]
    fn values_that_do_not_fit_are_not_counted() {
        let stale = Response {
            member: "m".into(),
            groups: BTreeMap::new(),
            values: BTreeMap::from([
                ("price".to_string(), Value::Scale(9)),
                ("staff".to_string(), Value::Choice("near".into())),
                ("why".to_string(), Value::Choice("gone".into())),
                ("old".to_string(), Value::Scale(3)),
            ]),
        };
        let ok = survey()
            .response("n", BTreeMap::new(), &[("price", "2")])
            .expect("valid");
        let r = results(&survey(), [&stale, &ok]);
        assert_eq!(r.questions[0].answers, 1);
        assert_eq!(
            r.questions[0].mean.map(|m| m.to_string()),
            Some("2.00".into())
        );
        assert_eq!(r.questions[1].answers, 0);
        assert_eq!(r.questions[2].answers, 0);
        // A scale value 0 is outside too.
        let zero = Response {
            values: BTreeMap::from([("price".to_string(), Value::Scale(0))]),
            ..ok.clone()
        };
        assert_eq!(results(&survey(), [&zero]).questions[0].answers, 0);
        // A scale answer to a choice question is not counted.
        let wrong = Response {
            values: BTreeMap::from([("why".to_string(), Value::Scale(1))]),
            ..ok
        };
        assert_eq!(results(&survey(), [&wrong]).questions[2].answers, 0);
    }
}
