//! Phone surveys (CONTRACT "Lotteries and surveys"): import a survey file, the call list,
//! answers and call outcomes, results. The statistics are `vafa_club::survey`.
//!
//! A survey file (TOML):
//!
//! ```toml
//! id = "autumn"
//! name = "How are we doing?"
//! recent_days = 30          # who to call: members who visited in the last N days (default 30)
//! [[questions]]
//! id = "price"
//! kind = "scale"            # 1 to 5
//! fa = "قیمت‌ها چطور است؟"
//! en = "How are our prices?"
//! [[questions]]
//! id = "why"
//! kind = "choice"
//! choices = ["price", "quality", "near"]
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Vafa;
use vafa_club::survey::{self, AnswerError, Kind, Question, Results, Survey, SurveyError, Value};
use vafa_core::club::{AnswerFault, ClubError, SurveyFault};
use vafa_core::digits::normalize_digits;
use vafa_core::error::{Error, Field, Result};
use vafa_core::staff::Action;
use vafa_store as store;

/// Members to call by default.
pub const DEFAULT_RECENT_DAYS: u32 = 30;

/// One question of a survey file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionDef {
    pub id: String,
    /// `scale` or `choice`.
    pub kind: String,
    #[serde(default)]
    pub fa: Option<String>,
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default)]
    pub choices: Vec<String>,
}

/// A survey file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyDef {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub recent_days: Option<u32>,
    #[serde(default)]
    pub questions: Vec<QuestionDef>,
}

impl SurveyDef {
    /// The checked survey.
    pub fn survey(&self) -> std::result::Result<Survey, SurveyFault> {
        let mut qs = Vec::new();
        for q in &self.questions {
            let kind = match q.kind.as_str() {
                "scale" => Kind::Scale,
                "choice" => Kind::Choice(q.choices.clone()),
                k => {
                    return Err(SurveyFault::UnknownKind {
                        question: q.id.clone(),
                        kind: k.to_string(),
                    });
                }
            };
            qs.push(Question {
                id: q.id.clone(),
                kind,
            });
        }
        Survey::new(&self.id, qs).map_err(|e| match e {
            SurveyError::EmptyId => SurveyFault::EmptyId,
            SurveyError::NoQuestions => SurveyFault::NoQuestions,
            SurveyError::EmptyQuestionId => SurveyFault::EmptyQuestionId,
            SurveyError::DuplicateQuestion(question) => SurveyFault::DuplicateQuestion { question },
            SurveyError::NoChoices(question) => SurveyFault::NoChoices { question },
            SurveyError::DuplicateChoice { question, choice } => {
                SurveyFault::DuplicateChoice { question, choice }
            }
        })
    }

    /// A question's text in `lang`, else the other language, else its id.
    pub fn text(&self, id: &str, lang: vafa_core::lang::Lang) -> String {
        let q = self.questions.iter().find(|q| q.id == id);
        let (a, b) = match lang {
            vafa_core::lang::Lang::Fa => {
                (q.and_then(|q| q.fa.clone()), q.and_then(|q| q.en.clone()))
            }
            vafa_core::lang::Lang::En => {
                (q.and_then(|q| q.en.clone()), q.and_then(|q| q.fa.clone()))
            }
        };
        a.or(b).unwrap_or_else(|| id.to_string())
    }
}

/// Someone to call (`survey calls`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ToCall {
    pub member_id: String,
    pub name: String,
    pub mobile: String,
    pub last_visit: String,
    /// Earlier calls that did not reach them.
    pub tries: i64,
}

/// How a call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// `QUESTION=VALUE` pairs as typed.
    Answered(Vec<(String, String)>),
    Unreachable,
    Later,
}

/// `survey results`, with the groups asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyResults {
    pub survey: String,
    #[serde(flatten)]
    pub results: Results,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<BTreeMap<String, Results>>,
}

fn answer_fault(e: AnswerError) -> Error {
    let fault = match e {
        AnswerError::UnknownQuestion(question) => AnswerFault::UnknownQuestion { question },
        AnswerError::OutsideScale { question, value } => {
            AnswerFault::OutsideScale { question, value }
        }
        AnswerError::UnknownChoice { question, value } => {
            AnswerFault::UnknownChoice { question, value }
        }
        AnswerError::Repeated(question) => AnswerFault::Repeated { question },
        AnswerError::NoAnswers => AnswerFault::NoAnswers,
    };
    ClubError::Answer { fault }.into()
}

fn storage(e: impl std::fmt::Display) -> Error {
    Error::Storage {
        detail: e.to_string(),
    }
}

impl Vafa {
    /// Adds or replaces a survey from its file; refused whole if anything is wrong.
    pub fn survey_import(&mut self, text: &str) -> Result<SurveyDef> {
        self.require(Action::Survey)?;
        let def: SurveyDef = toml::from_str(text).map_err(|e| ClubError::SurveyFile {
            fault: SurveyFault::Unreadable {
                detail: e.message().to_string(),
            },
        })?;
        def.survey()
            .map_err(|fault| ClubError::SurveyFile { fault })?;
        let id = super::text_field(Field::ClubId, &def.id, 64)?;
        let name = super::text_field(Field::LotteryName, &def.name, 100)?;
        let json = serde_json::to_string(&def).map_err(storage)?;
        let tx = self.write_tx()?;
        self.audit(
            &tx,
            "survey_import",
            &id,
            serde_json::to_value(&def).map_err(storage)?,
        )?;
        store::club::survey_put(&tx, &id, &name, &json, &self.now().to_rfc3339())?;
        tx.commit()?;
        Ok(def)
    }

    /// Every imported survey: id and name (the window's list).
    pub fn surveys(&self) -> Result<Vec<(String, String)>> {
        self.require(Action::Survey)?;
        Ok(store::club::surveys(&self.conn)?)
    }

    /// The stored survey `id`.
    pub fn survey_def(&self, id: &str) -> Result<SurveyDef> {
        let json = store::club::survey(&self.conn, id)?
            .ok_or_else(|| Error::from(ClubError::UnknownSurvey { id: id.to_string() }))?;
        serde_json::from_str(&json).map_err(storage)
    }

    /// Whom to call next: members who visited in the survey's recent days and have not
    /// answered it (nor were called for it today); never called first, newest visit first.
    pub fn survey_calls(&self, id: &str, limit: u32) -> Result<Vec<ToCall>> {
        self.require(Action::Survey)?;
        let def = self.survey_def(id)?;
        let today = self.now().date_naive();
        let days = def.recent_days.unwrap_or(DEFAULT_RECENT_DAYS);
        let since = today - chrono::Duration::days(i64::from(days));
        let rows = store::club::call_list(
            &self.conn,
            id,
            &since.to_string(),
            &today.to_string(),
            i64::from(limit),
        )?;
        Ok(rows
            .into_iter()
            .map(|r| ToCall {
                name: format!("{} {}", r.first_name, r.last_name)
                    .trim()
                    .to_string(),
                member_id: r.member_id,
                mobile: r.mobile,
                last_visit: r.last_visit,
                tries: r.tries,
            })
            .collect())
    }

    /// Records a call: the member's answers (checked against the survey, all or nothing)
    /// or that they could not be reached.
    pub fn survey_answer(
        &mut self,
        id: &str,
        member: &str,
        outcome: &Outcome,
        note: Option<&str>,
    ) -> Result<()> {
        self.require(Action::Survey)?;
        let def = self.survey_def(id)?;
        let s = def
            .survey()
            .map_err(|fault| ClubError::SurveyFile { fault })?;
        let (member, _) =
            super::members::member_of(&self.conn, &super::MemberKey::Id(member.to_string()))?;
        let note = note
            .map(|n| super::text_field(Field::Note, n, 500))
            .transpose()?;
        let (kind, answers) = match outcome {
            Outcome::Answered(pairs) => {
                let typed: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(q, v)| (q.trim().to_string(), normalize_digits(v.trim())))
                    .collect();
                let refs: Vec<(&str, &str)> = typed
                    .iter()
                    .map(|(q, v)| (q.as_str(), v.as_str()))
                    .collect();
                let r = s
                    .response(&member, BTreeMap::new(), &refs)
                    .map_err(answer_fault)?;
                let values: BTreeMap<String, serde_json::Value> = r
                    .values
                    .into_iter()
                    .map(|(q, v)| {
                        let j = match v {
                            Value::Scale(n) => serde_json::json!(n),
                            Value::Choice(c) => serde_json::json!(c),
                        };
                        (q, j)
                    })
                    .collect();
                ("answered", serde_json::to_string(&values).map_err(storage)?)
            }
            Outcome::Unreachable => ("unreachable", "{}".to_string()),
            Outcome::Later => ("later", "{}".to_string()),
        };
        if kind == "answered" && store::club::answered(&self.conn, id, &member)? {
            return Err(ClubError::AlreadyAnswered {
                survey: id.to_string(),
                member,
            }
            .into());
        }
        let place = store::club::last_sale_place(&self.conn, &member)?;
        let at = self.now().to_rfc3339();
        let tx = self.write_tx()?;
        self.audit(
            &tx,
            "survey_call",
            &format!("{id} {member}"),
            serde_json::json!({"outcome": kind, "answers": serde_json::from_str::<serde_json::Value>(&answers).unwrap_or_default(), "note": note}),
        )?;
        let actor = self.actor.name.clone();
        store::club::call_insert(
            &tx,
            &store::club::Call {
                survey_id: id,
                member_id: &member,
                outcome: kind,
                answers: &answers,
                note: note.as_deref(),
                branch: place.as_ref().map(|p| p.0.as_str()),
                cashier: place.as_ref().and_then(|p| p.1.as_deref()),
                staff: &actor,
                at: &at,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The results, and per `by` (`branch` or `cashier`: of each member's last sale
    /// before the call) if asked.
    pub fn survey_results(&self, id: &str, by: Option<&str>) -> Result<SurveyResults> {
        self.require(Action::Survey)?;
        let def = self.survey_def(id)?;
        let s = def
            .survey()
            .map_err(|fault| ClubError::SurveyFile { fault })?;
        let mut responses = Vec::new();
        for (member, branch, cashier, answers) in store::club::answers(&self.conn, id)? {
            let raw: BTreeMap<String, serde_json::Value> =
                serde_json::from_str(&answers).map_err(storage)?;
            let values = raw
                .into_iter()
                .filter_map(|(q, v)| {
                    let v = match v {
                        serde_json::Value::Number(n) => {
                            Value::Scale(u8::try_from(n.as_u64()?).ok()?)
                        }
                        serde_json::Value::String(c) => Value::Choice(c),
                        _ => return None,
                    };
                    Some((q, v))
                })
                .collect();
            let mut groups = BTreeMap::new();
            if let Some(b) = branch {
                groups.insert("branch".to_string(), b);
            }
            if let Some(c) = cashier {
                groups.insert("cashier".to_string(), c);
            }
            responses.push(survey::Response {
                member,
                groups,
                values,
            });
        }
        Ok(SurveyResults {
            survey: s.id().to_string(),
            results: survey::results(&s, &responses),
            by: by.map(|k| survey::results_by(&s, &responses, k)),
        })
    }
}
