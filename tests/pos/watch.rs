//! The folder watcher (`vafa pos watch DIR`): a CSV dropped into the folder is recorded
//! once and moved to done/, or to failed/ with the reason and nothing of it recorded; a
//! file still being written when the watcher looks is not taken early.

use std::io::Write;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::common::Shop;
use super::server::{rows, shop_with_member};

const HEADER: &str = "id,mobile,card,amount,at\n";

fn row(n: usize) -> String {
    format!(
        "INV-{n},09121234567,,{},2026-11-22T09:{n:02}:00+03:30\n",
        100_000 + n
    )
}

struct Watching(Child);

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn once(shop: &Shop, dir: &std::path::Path) -> serde_json::Value {
    shop.json(&[
        "pos",
        "watch",
        dir.to_str().unwrap(),
        "--settle",
        "1",
        "--once",
    ])
}

#[test]
fn a_file_still_being_written_is_taken_whole_once_it_stands_still() {
    let shop = Shop::new();
    shop_with_member(&shop);
    let inbox = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("vafa"));
    cmd.env("VAFA_DATA_DIR", shop.dir.path())
        .env("VAFA_NOW", super::common::NOW)
        .args([
            "pos",
            "watch",
            inbox.path().to_str().unwrap(),
            "--settle",
            "1",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _watching = Watching(cmd.spawn().unwrap());
    // A program writes a row every 300 ms for three seconds: the watcher looks many
    // times meanwhile.
    let path = inbox.path().join("sales.csv");
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(HEADER.as_bytes()).unwrap();
    let mut whole = HEADER.to_string();
    for n in 1..=10 {
        std::thread::sleep(Duration::from_millis(300));
        file.write_all(row(n).as_bytes()).unwrap();
        file.flush().unwrap();
        whole.push_str(&row(n));
        assert!(
            !inbox.path().join("done/sales.csv").exists(),
            "taken while being written (after {n} rows)"
        );
    }
    drop(file);
    let done = inbox.path().join("done/sales.csv");
    let t0 = Instant::now();
    while !done.exists() && t0.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(std::fs::read_to_string(&done).unwrap(), whole);
    assert_eq!(rows(&shop, "sales"), 10);
}

#[test]
fn a_file_is_recorded_once_or_fails_whole_with_its_reason() {
    let shop = Shop::new();
    let (member, _) = shop_with_member(&shop);
    let inbox = tempfile::tempdir().unwrap();
    let good = format!("{HEADER}{}{}", row(1), row(2));
    std::fs::write(inbox.path().join("a.csv"), &good).unwrap();
    // A program still writing under a temporary name is left alone.
    std::fs::write(inbox.path().join("b.csv.part"), &good).unwrap();
    let out = once(&shop, inbox.path());
    assert_eq!(out["files"][0]["file"], "a.csv", "{out}");
    assert_eq!(out["files"][0]["moved_to"], "done");
    assert_eq!(out["files"][0]["recorded"], 2);
    assert_eq!(out["files"].as_array().unwrap().len(), 1);
    assert!(inbox.path().join("done/a.csv").exists());
    assert!(inbox.path().join("b.csv.part").exists());
    assert_eq!(rows(&shop, "sales"), 2);

    // The same rows dropped again: nothing new, and the file is done.
    std::fs::write(inbox.path().join("again.csv"), &good).unwrap();
    let out = once(&shop, inbox.path());
    assert_eq!(out["files"][0]["again"], 2, "{out}");
    assert_eq!(out["files"][0]["recorded"], 0);
    assert_eq!(rows(&shop, "sales"), 2);

    // One bad row fails the whole file: nothing of it recorded, the reason beside it.
    let bad = format!(
        "{HEADER}{}INV-8,09129999999,,5000,\nINV-9,09121234567,,lots,\n",
        row(3)
    );
    std::fs::write(inbox.path().join("c.csv"), bad).unwrap();
    let before = shop.counts();
    let out = once(&shop, inbox.path());
    assert_eq!(out["files"][0]["moved_to"], "failed", "{out}");
    assert_eq!(shop.counts(), before, "a failed file recorded something");
    let reason = std::fs::read_to_string(inbox.path().join("failed/c.csv.reason.txt")).unwrap();
    assert!(reason.contains("line 3"), "{reason}");
    assert!(reason.contains("line 4"), "{reason}");
    assert!(!reason.contains("line 2"), "{reason}");
    let shown = shop.json(&["member", "show", "--id", &member]);
    assert_eq!(shown["balance"]["credit"], 10_000, "{shown}");

    // The same invoice twice in one file, with another amount: each row alone would pass,
    // so the file must fail whole rather than stop half way through recording it.
    let twice = format!(
        "{HEADER}{}INV-5,09121234567,,999000,2026-11-22T09:05:00+03:30\n",
        row(5)
    );
    std::fs::write(inbox.path().join("d.csv"), twice).unwrap();
    let before = shop.counts();
    let out = once(&shop, inbox.path());
    assert_eq!(out["files"][0]["moved_to"], "failed", "{out}");
    assert_eq!(shop.counts(), before, "half of the file was recorded");
    let reason = std::fs::read_to_string(inbox.path().join("failed/d.csv.reason.txt")).unwrap();
    assert!(reason.contains("line 3"), "{reason}");
    assert!(!reason.contains("line 2"), "{reason}");
}
