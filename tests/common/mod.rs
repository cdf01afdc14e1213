//! Helpers for the integration tests: a shop in a temp dir, driven through the real binary.
#![allow(dead_code)]

pub mod hq;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub struct Shop {
    pub dir: TempDir,
}

/// A fixed clock for tests: 1405/09/01 10:00 Tehran.
pub const NOW: &str = "2026-11-22T10:00:00+03:30";

impl Shop {
    /// A new English-speaking shop in a fresh temp dir.
    pub fn new() -> Shop {
        Self::with_lang("en")
    }

    pub fn with_lang(lang: &str) -> Shop {
        Self::at_branch("TEH01", lang)
    }

    /// A new shop at branch `code`.
    pub fn at_branch(code: &str, lang: &str) -> Shop {
        let s = Shop {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        s.ok(&[
            "init",
            "--shop",
            "Test Café",
            "--branch",
            code,
            "--lang",
            lang,
        ]);
        s
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("vafa").expect("binary");
        c.env("VAFA_DATA_DIR", self.dir.path())
            .env("VAFA_NOW", NOW)
            .env_remove("VAFA_LANG")
            // Sync: short backoff and timeouts, so that a test with head office down is quick.
            .env("VAFA_SYNC_ATTEMPTS", "3")
            .env("VAFA_SYNC_BACKOFF_MS", "20")
            .env("VAFA_SYNC_TIMEOUT_MS", "5000");
        c
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().expect("run");
        assert!(
            out.status.success(),
            "vafa {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs with --json and expects success.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.ok(&a)).expect("json output")
    }

    /// Runs with --json with the clock at `now`: Ok(output) on success, Err(output) on
    /// failure (the `{"error": ...}` object).
    pub fn json_at(&self, now: &str, args: &[&str]) -> Result<Value, Value> {
        let out = self
            .cmd()
            .env("VAFA_NOW", now)
            .arg("--json")
            .args(args)
            .output()
            .expect("run");
        let v = serde_json::from_slice(&out.stdout).unwrap_or_default();
        if out.status.success() { Ok(v) } else { Err(v) }
    }

    /// Runs with --json and extra environment (another clock, a staff PIN) and expects
    /// success.
    pub fn json_env(&self, env: &[(&str, &str)], args: &[&str]) -> Value {
        let mut c = self.cmd();
        c.arg("--json").args(args);
        for (k, v) in env {
            c.env(k, v);
        }
        let out = c.output().expect("run");
        assert!(
            out.status.success(),
            "vafa {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("json output")
    }

    /// Runs with --json and expects failure; returns (code, message, stderr).
    pub fn fails(&self, args: &[&str]) -> (String, String, String) {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.cmd().args(&a).output().expect("run");
        assert!(!out.status.success(), "vafa {args:?} should have failed");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json error");
        (
            v["error"]["code"].as_str().unwrap_or_default().to_string(),
            v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// A sale to `member` (`"guest"` for none) at the local time `at`, with `extra`
    /// arguments (lines, redemption); returns its id.
    pub fn sale_at(&self, member: &str, at: &str, amount: &str, extra: &[&str]) -> String {
        let mut args = match member {
            "guest" => vec!["sale", "--guest"],
            m => vec!["sale", "--member", m],
        };
        args.extend_from_slice(&["--amount", amount, "--at", at]);
        args.extend_from_slice(extra);
        self.json(&args)["sale_id"]
            .as_str()
            .expect("sale id")
            .to_string()
    }

    pub fn enrol(&self, first: &str, mobile: &str, card: Option<&str>) -> String {
        let mut args = vec![
            "member", "enrol", "--first", first, "--last", "Tester", "--mobile", mobile,
        ];
        if let Some(c) = card {
            args.extend_from_slice(&["--card", c]);
        }
        self.json(&args)["id"].as_str().expect("id").to_string()
    }

    /// Enrols a member born on `birth` (ISO or Jalali); their id.
    pub fn enrol_born(&self, first: &str, mobile: &str, birth: &str) -> String {
        self.json(&[
            "member", "enrol", "--first", first, "--last", "T", "--mobile", mobile, "--birth",
            birth,
        ])["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Every table's rows, for "nothing was written" checks.
    pub fn counts(&self) -> Vec<(String, i64)> {
        let conn = rusqlite::Connection::open(self.dir.path().join("vafa.db")).expect("open");
        let tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .expect("prepare")
            .query_map([], |r| r.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows");
        tables
            .into_iter()
            .map(|t| {
                let n: i64 = conn
                    .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                    .expect("count");
                (t, n)
            })
            .collect()
    }
}
