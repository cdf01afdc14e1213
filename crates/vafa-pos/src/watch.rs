//! The folder watcher (`vafa pos watch DIR`), for programs that can only export files: a
//! CSV dropped into the folder is recorded once and moved to `done/`, or to `failed/`
//! with `NAME.reason.txt` saying why (in the shop's language) and nothing of it recorded.
//!
//! A file is taken only when it has stood still (the same size and time) for `settle`
//! since an earlier look, so that one still being written is not taken early; names
//! starting with `.` or ending in `.part`/`.tmp` are a program's work in progress and are
//! left alone. Columns (a header first): `id` (the program's invoice number), `amount`
//! (rials), `mobile` or `card`, and `at` (RFC 3339, optional). Each row's id makes its
//! sale id: a file dropped twice records nothing new.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use serde::{Deserialize, Serialize};

use vafa_core::error::{Error, Field, Result, RowError, Why};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::pos_import::{Imported, Invoice};
use vafa_text::Say;

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub file: String,
    /// `done` or `failed`.
    pub moved_to: &'static str,
    pub recorded: usize,
    pub again: usize,
    /// Why it failed, as written to its `.reason.txt`.
    pub reason: Option<String>,
}

/// A folder being watched.
pub struct Watcher {
    dir: PathBuf,
    source: String,
    settle: Duration,
    /// Each file's size and time at the look that first saw them so.
    seen: HashMap<PathBuf, (u64, SystemTime, Instant)>,
}

#[derive(Debug, Deserialize)]
struct Row {
    id: String,
    amount: String,
    #[serde(default)]
    mobile: Option<String>,
    #[serde(default)]
    card: Option<String>,
    #[serde(default)]
    at: Option<String>,
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

fn in_progress(name: &str) -> bool {
    name.starts_with('.') || name.ends_with(".part") || name.ends_with(".tmp")
}

impl Watcher {
    /// Watches `dir` (its `done/` and `failed/` are made); `source` names the program
    /// (sale ids are per source).
    pub fn new(dir: &Path, source: &str, settle: Duration) -> Result<Watcher> {
        for sub in ["done", "failed"] {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(|e| io(&p, e))?;
        }
        Ok(Watcher {
            dir: dir.to_path_buf(),
            source: source.to_string(),
            settle,
            seen: HashMap::new(),
        })
    }

    /// One look: every CSV that stood still since an earlier look at least `settle` ago
    /// is recorded and moved. A fault of the till's leaves the file for the next look.
    pub fn look(&mut self, v: &mut Vafa, lang: Lang) -> Result<Vec<Outcome>> {
        let now = Instant::now();
        let mut ready = Vec::new();
        let mut present = Vec::new();
        let entries = std::fs::read_dir(&self.dir).map_err(|e| io(&self.dir, e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() || in_progress(&name) || !name.to_lowercase().ends_with(".csv") {
                continue;
            }
            let stamp = (
                meta.len(),
                meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            );
            present.push(path.clone());
            match self.seen.get(&path) {
                Some(&(len, time, since))
                    if (len, time) == stamp && now.duration_since(since) >= self.settle =>
                {
                    ready.push(path);
                }
                Some(&(len, time, _)) if (len, time) == stamp => {}
                _ => {
                    self.seen.insert(path, (stamp.0, stamp.1, now));
                }
            }
        }
        self.seen.retain(|p, _| present.contains(p));
        ready.sort();
        let mut outcomes = Vec::new();
        for path in ready {
            outcomes.push(self.take(v, &path, lang)?);
            self.seen.remove(&path);
        }
        Ok(outcomes)
    }

    fn take(&self, v: &mut Vafa, path: &Path, lang: Lang) -> Result<Outcome> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let (invoices, mut bad) = read(path)?;
        // Every row is tried first, recording nothing: a file is taken whole or not at all,
        // and its reason names every row refused.
        // An invoice twice in one file: each row would pass the dry run alone, and the
        // second would then fail half way through recording the file.
        let mut ids = std::collections::HashSet::new();
        for (line, inv) in &invoices {
            if !ids.insert(inv.id.as_str()) {
                let id = inv.id.clone();
                bad.push((*line, RowError::Refused(Error::SaleIdReused { id })));
                continue;
            }
            match v.import_invoice(&self.source, inv, true) {
                Ok(Imported::NoCustomer) => bad.push((
                    *line,
                    RowError::Refused(Error::Invalid {
                        field: Field::Customer,
                        value: String::new(),
                        why: Why::Empty,
                    }),
                )),
                Ok(_) => {}
                Err(e @ (Error::Busy | Error::Storage { .. })) => return Err(e),
                Err(e) => bad.push((*line, RowError::Refused(e))),
            }
        }
        bad.sort_by_key(|(line, _)| *line);
        if !bad.is_empty() {
            let reason = Error::ImportRows { imported: 0, bad }.say(lang);
            let to = self.move_to(path, "failed")?;
            let note = to.with_file_name(format!(
                "{}.reason.txt",
                to.file_name().unwrap_or_default().to_string_lossy()
            ));
            std::fs::write(&note, format!("{reason}\n")).map_err(|e| io(&note, e))?;
            return Ok(Outcome {
                file: name,
                moved_to: "failed",
                recorded: 0,
                again: 0,
                reason: Some(reason),
            });
        }
        let (mut recorded, mut again) = (0, 0);
        for (_, inv) in &invoices {
            match v.import_invoice(&self.source, inv, false)? {
                Imported::Recorded(_) => recorded += 1,
                Imported::Again(_) => again += 1,
                Imported::NoCustomer => {}
            }
        }
        self.move_to(path, "done")?;
        Ok(Outcome {
            file: name,
            moved_to: "done",
            recorded,
            again,
            reason: None,
        })
    }

    /// Moves `path` into `sub/` under a name not taken there yet.
    fn move_to(&self, path: &Path, sub: &str) -> Result<PathBuf> {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let mut to = self.dir.join(sub).join(name.as_ref());
        let mut n = 1;
        while to.exists() {
            to = self.dir.join(sub).join(format!("{n}-{name}"));
            n += 1;
        }
        std::fs::rename(path, &to).map_err(|e| io(path, e))?;
        Ok(to)
    }
}

/// A file's rows as invoices (with their line numbers), and the rows that are not.
type Rows = (Vec<(usize, Invoice)>, Vec<(usize, RowError)>);

/// The file's rows.
fn read(path: &Path) -> Result<Rows> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| Error::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
    let (mut good, mut bad) = (Vec::new(), Vec::new());
    for (i, row) in reader.deserialize::<Row>().enumerate() {
        // The header is line 1.
        let line = i + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                bad.push((line, RowError::Unreadable(e.to_string())));
                continue;
            }
        };
        let amount = match vafa_core::money::parse_rials(&row.amount) {
            Ok(a) => a,
            Err(error) => {
                bad.push((
                    line,
                    RowError::Refused(Error::InvalidAmount {
                        field: Field::Amount,
                        value: row.amount.clone(),
                        error,
                    }),
                ));
                continue;
            }
        };
        let at = match row.at.as_deref().filter(|t| !t.is_empty()) {
            None => None,
            Some(t) => match vafa_core::calendar::parse_time(t) {
                Some(t) => Some(t),
                None => {
                    bad.push((
                        line,
                        RowError::Refused(Error::InvalidDate {
                            field: Field::At,
                            value: t.into(),
                            error: vafa_core::calendar::DateError::Format,
                        }),
                    ));
                    continue;
                }
            },
        };
        good.push((
            line,
            Invoice {
                id: row.id,
                mobile: row.mobile,
                card: row.card,
                amount,
                items: Vec::new(),
                at,
            },
        ));
    }
    Ok((good, bad))
}

#[cfg(test)]
mod tests {
    use super::in_progress;

    #[test]
    fn work_in_progress_names_are_left_alone() {
        assert!(in_progress(".sales.csv"));
        assert!(in_progress("sales.csv.part"));
        assert!(in_progress("sales.csv.tmp"));
        assert!(!in_progress("sales.csv"));
    }
}
