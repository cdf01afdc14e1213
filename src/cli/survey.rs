//! `vafa survey import|calls|answer|results` (CONTRACT "Lotteries and surveys"). Results
//! are JSON (`--json`), a table in the shop's language, and/or a chart per question
//! (`--out FILE.svg` or a self-contained `FILE.html`).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::io::read_file;
use super::lottery::count;
use super::output::Out;
use vafa_chart::{Bar, Bars, html, svg};
use vafa_core::club::{AnswerFault, ClubError};
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::survey::{Outcome, SurveyDef, SurveyResults};
use vafa_text::club::{Word, word};
use vafa_text::format::{plain, show_day};
use vafa_text::printable as p;
use vafa_text::report::decimal;

#[derive(Subcommand, Debug)]
pub enum SurveyCmd {
    /// Add or replace a survey from its file (id, name, questions: 1-5 scales or choices).
    Import { file: PathBuf },
    /// Whom to call next: members who visited recently and were not asked.
    Calls {
        id: String,
        #[arg(long)]
        limit: Option<String>,
    },
    /// Record a call: the answers (QUESTION=VALUE...), or --unreachable, or --later.
    Answer(AnswerArgs),
    /// The results: answers, and per question the mean and the count of each value.
    Results {
        id: String,
        /// Also the results per branch or per cashier (of each member's last sale).
        #[arg(long, value_parser = ["branch", "cashier"])]
        by: Option<String>,
        /// Also draw the charts to FILE.svg or FILE.html.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct AnswerArgs {
    id: String,
    #[arg(long)]
    member: String,
    /// QUESTION=VALUE for each question answered.
    answers: Vec<String>,
    #[arg(long)]
    note: Option<String>,
    /// Nobody answered the phone.
    #[arg(long, conflicts_with_all = ["answers", "later"])]
    unreachable: bool,
    /// They asked to be called later.
    #[arg(long, conflicts_with = "answers")]
    later: bool,
}

/// Members listed by `calls` unless `--limit`.
const DEFAULT_LIMIT: u32 = 20;

fn pair(text: &str) -> Result<(String, String)> {
    text.split_once('=')
        .map(|(q, v)| (q.to_string(), v.to_string()))
        .ok_or_else(|| {
            ClubError::Answer {
                fault: AnswerFault::NotAPair {
                    text: text.to_string(),
                },
            }
            .into()
        })
}

pub(crate) fn run(cmd: SurveyCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let l = v.lang();
    let mut o = std::io::stdout().lock();
    match cmd {
        SurveyCmd::Import { file } => {
            let def = v.survey_import(&read_file(&file)?)?;
            if out.json() {
                json(&mut o, &def);
            } else {
                let _ = writeln!(
                    o,
                    "{} «{}» ({} {})",
                    word(l, Word::SurveyImported),
                    p(&def.id),
                    plain(def.questions.len(), l),
                    word(l, Word::Questions)
                );
            }
        }
        SurveyCmd::Calls { id, limit } => {
            let n = limit
                .as_deref()
                .map(|t| count(Field::Limit, t, 1))
                .transpose()?
                .unwrap_or(DEFAULT_LIMIT);
            let calls = v.survey_calls(&id, n)?;
            if out.json() {
                json(&mut o, &serde_json::json!({ "calls": calls }));
            } else if calls.is_empty() {
                let _ = writeln!(o, "{}", word(l, Word::NobodyToCall));
            } else {
                let _ = writeln!(
                    o,
                    "{}\t{}\t{}",
                    word(l, Word::Member),
                    word(l, Word::Mobile),
                    word(l, Word::LastVisit)
                );
                for c in &calls {
                    let _ = writeln!(
                        o,
                        "{} {}\t{}\t{}",
                        p(&c.member_id),
                        p(&c.name),
                        vafa_text::format::digits(&c.mobile, l),
                        show_day(&c.last_visit, l)
                    );
                }
            }
        }
        SurveyCmd::Answer(a) => {
            let outcome = if a.unreachable {
                Outcome::Unreachable
            } else if a.later {
                Outcome::Later
            } else {
                Outcome::Answered(a.answers.iter().map(|t| pair(t)).collect::<Result<_>>()?)
            };
            v.survey_answer(&a.id, &a.member, &outcome, a.note.as_deref())?;
            let msg = match outcome {
                Outcome::Answered(_) => word(l, Word::AnswerRecorded),
                _ => word(l, Word::CallRecorded),
            };
            if out.json() {
                json(&mut o, &serde_json::json!({"ok": true, "detail": msg}));
            } else {
                let _ = writeln!(o, "{msg}");
            }
        }
        SurveyCmd::Results { id, by, out: file } => {
            if let Some(f) = &file {
                kind_of(f)?;
            }
            let r = v.survey_results(&id, by.as_deref())?;
            let def = v.survey_def(&id)?;
            if out.json() {
                json(&mut o, &r);
            } else {
                let (head, rows) = table(&def, &r, l);
                let _ = writeln!(
                    o,
                    "{}: {}",
                    word(l, Word::Answers),
                    plain(r.results.answers, l)
                );
                let _ = writeln!(o, "{}", head.join("\t"));
                for row in rows {
                    let _ = writeln!(o, "{}", row.join("\t"));
                }
            }
            if let Some(f) = file {
                write_chart(&f, &def, &r, l)?;
            }
        }
    }
    Ok(())
}

fn json<T: serde::Serialize>(o: &mut dyn Write, x: &T) {
    let _ = writeln!(o, "{}", serde_json::to_string_pretty(x).unwrap_or_default());
}

#[derive(Clone, Copy)]
enum Chart {
    Svg,
    Html,
}

fn kind_of(path: &Path) -> Result<Chart> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(Chart::Svg),
        Some("html" | "htm") => Ok(Chart::Html),
        _ => Err(Error::Invalid {
            field: Field::OutFile,
            value: path.display().to_string(),
            why: Why::UnknownChoice,
        }),
    }
}

/// Question, answers, mean, then each value's count.
fn table(def: &SurveyDef, r: &SurveyResults, l: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        word(l, Word::Question),
        word(l, Word::Answers),
        word(l, Word::Mean),
        word(l, Word::Count),
    ];
    let rows = r
        .results
        .questions
        .iter()
        .map(|q| {
            let counts: Vec<String> = q
                .counts
                .0
                .iter()
                .map(|(k, n)| format!("{}: {}", vafa_text::format::digits(k, l), plain(n, l)))
                .collect();
            vec![
                def.text(&q.id, l),
                plain(q.answers, l),
                q.mean
                    .map(|m| decimal(&m.to_string(), l))
                    .unwrap_or_default(),
                counts.join(l.pick("، ", ", ")),
            ]
        })
        .collect();
    (head, rows)
}

fn charts(def: &SurveyDef, r: &SurveyResults, l: Lang) -> Vec<Bars> {
    r.results
        .questions
        .iter()
        .map(|q| {
            let mean = q
                .mean
                .map(|m| format!(" · {} {}", word(l, Word::Mean), decimal(&m.to_string(), l)))
                .unwrap_or_default();
            Bars {
                title: def.text(&q.id, l),
                subtitle: format!("{} {}{mean}", word(l, Word::Answers), plain(q.answers, l)),
                bars: q
                    .counts
                    .0
                    .iter()
                    .map(|(k, n)| Bar {
                        label: vafa_text::format::digits(k, l),
                        value: i64::try_from(*n).unwrap_or(i64::MAX),
                        shown: plain(*n, l),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn write_chart(path: &Path, def: &SurveyDef, r: &SurveyResults, l: Lang) -> Result<()> {
    let c = charts(def, r, l);
    let text = match kind_of(path)? {
        Chart::Svg => svg(&c, l),
        Chart::Html => {
            let (head, rows) = table(def, r, l);
            let title = format!("{} — {}", word(l, Word::Results), def.name);
            let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
            html(&title, &head, &rows, &c, l)
        }
    };
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}
