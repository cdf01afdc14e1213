//! Head office for the integration tests: a real `vafa-hq serve` child process on
//! 127.0.0.1 (port 0 the first time), on SQLite or on PostgreSQL (`VAFA_TEST_PG`).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

/// The backends to run a test against: SQLite always; PostgreSQL when `VAFA_TEST_PG` is
/// set (otherwise a SKIP line says so, and with `VAFA_REQUIRE_PG=1`, as in CI, the test
/// fails).
pub fn backends() -> Vec<&'static str> {
    if std::env::var("VAFA_TEST_PG").is_ok_and(|v| !v.is_empty()) {
        vec!["sqlite", "postgres"]
    } else {
        assert!(
            std::env::var("VAFA_REQUIRE_PG").is_err(),
            "VAFA_REQUIRE_PG is set but VAFA_TEST_PG is not: this run must test PostgreSQL"
        );
        eprintln!(
            "SKIP postgres: VAFA_TEST_PG is not set (bash .ci/pg-start prints a URL for it); running on SQLite only"
        );
        vec!["sqlite"]
    }
}

/// A fresh, empty database spec for `backend`.
fn fresh_database(backend: &str, dir: &TempDir) -> String {
    match backend {
        "postgres" => {
            let base = std::env::var("VAFA_TEST_PG").expect("VAFA_TEST_PG");
            vafa_hq::storage::postgres::create_database(&base, "vafa_t").expect("create database")
        }
        _ => format!("sqlite:{}", dir.path().join("hq.db").display()),
    }
}

pub struct Hq {
    pub backend: &'static str,
    pub database: String,
    pub url: String,
    pub addr: String,
    child: Option<Child>,
    /// Extra `serve` options (e.g. TLS).
    serve_args: Vec<String>,
    _dir: TempDir,
}

pub fn bin(name: &str) -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin(name)
}

impl Hq {
    pub fn start(backend: &'static str) -> Hq {
        Self::start_with(backend, &[])
    }

    /// Starts with extra `vafa-hq serve` options.
    pub fn start_with(backend: &'static str, serve_args: &[&str]) -> Hq {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = fresh_database(backend, &dir);
        let mut hq = Hq {
            backend,
            database,
            url: String::new(),
            addr: "127.0.0.1:0".into(),
            child: None,
            serve_args: serve_args.iter().map(|s| s.to_string()).collect(),
            _dir: dir,
        };
        hq.up();
        hq
    }

    /// Starts the server (again, on the same address once it has one).
    pub fn up(&mut self) {
        assert!(self.child.is_none(), "already running");
        let mut last = String::new();
        for _ in 0..50 {
            let mut child = Command::new(bin("vafa-hq"))
                // Head office keeps the tills' fixed test clock: one clock in every test.
                .env("VAFA_NOW", super::NOW)
                .args([
                    "serve",
                    "--listen",
                    &self.addr,
                    "--database",
                    &self.database,
                ])
                .args(&self.serve_args)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn vafa-hq");
            let stdout = child.stdout.take().expect("stdout");
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut line = String::new();
                let _ = BufReader::new(stdout).read_line(&mut line);
                let _ = tx.send(line);
            });
            let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
            if let Some(url) = line.split_whitespace().find(|w| w.starts_with("http")) {
                self.url = url.to_string();
                self.addr = url.split("://").nth(1).unwrap_or_default().to_string();
                self.child = Some(child);
                return;
            }
            let _ = child.kill();
            let out = child.wait_with_output().expect("wait");
            last = String::from_utf8_lossy(&out.stderr).into_owned();
            // The port may still be held by the one just killed: try again shortly.
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("vafa-hq did not start: {last}");
    }

    /// Stops the server and returns what it wrote on stderr.
    pub fn stop(&mut self) -> String {
        let Some(mut c) = self.child.take() else {
            return String::new();
        };
        let _ = c.kill();
        let out = c.wait_with_output().expect("wait");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// One request to the API as a terminal: (status, JSON body, or the text as a string).
    pub fn http(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let url = format!("{}{path}", self.url);
        let auth = format!("Bearer {token}");
        let mut resp = match (method, body) {
            ("POST", Some(b)) => agent
                .post(&url)
                .header("Authorization", &auth)
                .content_type("application/json")
                .send(b),
            _ => agent.get(&url).header("Authorization", &auth).call(),
        }
        .expect("request");
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
        )
    }

    /// Runs `sql` on head office's database behind its back (SQL both backends accept).
    pub fn execute(&self, sql: &str) {
        match self.backend {
            "postgres" => {
                let mut c = postgres::Client::connect(&self.database, postgres::NoTls).expect("pg");
                c.batch_execute(sql).expect("execute");
            }
            _ => {
                let path = self.database.trim_start_matches("sqlite:");
                let c = rusqlite::Connection::open(path).expect("open");
                c.execute_batch(sql).expect("execute");
            }
        }
    }

    /// SIGTERM, as systemd's stop sends; how long it took to exit, or `None` if it was
    /// still running after `within` (then it is killed).
    pub fn terminate(&mut self, within: Duration) -> Option<Duration> {
        let mut c = self.child.take()?;
        let started = std::time::Instant::now();
        let sent = Command::new("kill")
            .args(["-TERM", &c.id().to_string()])
            .status()
            .expect("kill -TERM");
        assert!(sent.success(), "kill -TERM failed");
        while started.elapsed() < within {
            if c.try_wait().expect("wait").is_some() {
                return Some(started.elapsed());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = c.kill();
        let _ = c.wait();
        None
    }

    /// SIGKILL, as a power cut would.
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Runs a `vafa-hq` command on this head office's database; returns stdout.
    /// Runs `vafa-hq` on this head office's database (in English unless `--lang` says).
    pub fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(bin("vafa-hq"))
            .env("VAFA_LANG", "en")
            .env("VAFA_NOW", super::NOW)
            .args(["--database", &self.database])
            .args(args)
            .output()
            .expect("run vafa-hq")
    }

    pub fn cli(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "vafa-hq {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        serde_json::from_str(&self.cli(&a)).expect("json")
    }

    /// Registers a terminal for `branch`: (id, token).
    pub fn terminal(&self, branch: &str) -> (String, String) {
        let v = self.json(&[
            "terminal",
            "add",
            "--branch",
            branch,
            "--name",
            &format!("till {branch}"),
        ]);
        (
            v["id"].as_str().expect("id").to_string(),
            v["token"].as_str().expect("token").to_string(),
        )
    }

    /// One number from head office's database (SQL in the dialect both accept).
    /// The one text column `sql` selects, row by row, sorted.
    pub fn strings(&self, sql: &str) -> Vec<String> {
        let mut out: Vec<String> = match self.backend {
            "postgres" => {
                let mut c = postgres::Client::connect(&self.database, postgres::NoTls).expect("pg");
                c.query(sql, &[])
                    .expect("query")
                    .iter()
                    .map(|r| r.get::<_, String>(0))
                    .collect()
            }
            _ => {
                let path = self.database.trim_start_matches("sqlite:");
                let c = rusqlite::Connection::open(path).expect("open");
                let mut st = c.prepare(sql).expect("prepare");
                st.query_map([], |r| r.get::<_, String>(0))
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("rows")
            }
        };
        out.sort();
        out
    }

    pub fn count(&self, sql: &str) -> i64 {
        match self.backend {
            "postgres" => {
                let mut c = postgres::Client::connect(&self.database, postgres::NoTls).expect("pg");
                c.query_one(sql, &[]).expect("query").get::<_, i64>(0)
            }
            _ => {
                let path = self.database.trim_start_matches("sqlite:");
                let c = rusqlite::Connection::open(path).expect("open");
                c.query_row(sql, [], |r| r.get(0)).expect("query")
            }
        }
    }
}

impl Drop for Hq {
    fn drop(&mut self) {
        self.kill();
    }
}
