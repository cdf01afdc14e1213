//! Serial readers through real pseudo-terminal pairs (`serialport::TTYPort::pair()`): reads,
//! debounce, bad frames, unplug mid-frame (drop the master) and replug (a new pty behind
//! the same udev-style symlink), and `vafa devices listen` on a simulated reader.
//!
//! Everything runs inside ONE test function, so the timing checks never compete with each
//! other: `cargo test --test devices_serial` (add `-- --test-threads=1` if you add more).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serialport::{SerialPort, TTYPort};
use vafa::cli::devices::listen;
use vafa_devices::sim::{VirtualReader, encode_frame};
use vafa_devices::{ReaderConfig, ReaderEvent, ReaderStatus, Transport, spawn_reader};

/// A fresh pty pair with `link` pointing at its slave; returns the master.
fn plug(link: &Path) -> TTYPort {
    let (master, slave) = TTYPort::pair().expect("pty pair");
    let name = slave.name().expect("slave name");
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(&name, link).unwrap();
    drop(slave);
    master
}

fn config(name: &str, profile: &str, path: &Path) -> ReaderConfig {
    ReaderConfig {
        name: name.into(),
        profile: profile.into(),
        transport: Transport::Serial {
            path: path.to_string_lossy().into_owned(),
            baud: 9600,
            framing: "8N1".into(),
        },
    }
}

/// Waits for the first event that `pick` accepts, skipping others; panics after `within`.
fn wait_for<T>(
    rx: &Receiver<ReaderEvent>,
    within: Duration,
    what: &str,
    mut pick: impl FnMut(&ReaderEvent) -> Option<T>,
) -> T {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ev) => {
                if let Some(t) = pick(&ev) {
                    return t;
                }
            }
            Err(_) => panic!("no {what} within {within:?}"),
        }
    }
}

fn read_card(rx: &Receiver<ReaderEvent>, within: Duration) -> String {
    wait_for(rx, within, "card read", |ev| match ev {
        ReaderEvent::Read { read, .. } => Some(read.card.clone()),
        _ => None,
    })
}

fn status(rx: &Receiver<ReaderEvent>, within: Duration, want: &str) -> ReaderStatus {
    wait_for(rx, within, want, |ev| match ev {
        ReaderEvent::Status { status, .. } => {
            let name = match status {
                ReaderStatus::Connected => "connected",
                ReaderStatus::Disconnected { .. } => "disconnected",
                ReaderStatus::Error { .. } => "error",
            };
            (name == want).then(|| status.clone())
        }
        _ => None,
    })
}

/// Nothing but (maybe) status events for `d`.
fn no_read_for(rx: &Receiver<ReaderEvent>, d: Duration) {
    let until = Instant::now() + d;
    while let Ok(ev) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
        if let ReaderEvent::Read { read, .. } = ev {
            panic!("unexpected read {read:?}");
        }
    }
}

fn write(master: &mut TTYPort, bytes: &[u8]) {
    master.write_all(bytes).unwrap();
    master.flush().unwrap();
}

#[test]
fn serial_readers_over_real_ptys() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("barcode_scanner");
    let mut master = plug(&link);
    let (tx, rx) = channel();
    let handle = spawn_reader(config("front", "barcode-serial", &link), tx);
    status(&rx, Duration::from_secs(2), "connected");

    // A read, split across writes, with an AIM id.
    write(&mut master, b"]E059012341");
    write(&mut master, b"23457\r\n");
    assert_eq!(read_card(&rx, Duration::from_secs(1)), "5901234123457");

    // The same card again within 1 s is one read; another card is read at once.
    write(&mut master, b"5901234123457\r");
    no_read_for(&rx, Duration::from_millis(300));
    write(&mut master, b"\x00\x00426326\r");
    assert_eq!(read_card(&rx, Duration::from_secs(1)), "426326");

    // Bad input gives a typed error, not a card: invalid UTF-8, empty AIM-only line.
    write(&mut master, b"\xff\xfe\r");
    match status(&rx, Duration::from_secs(1), "error") {
        ReaderStatus::Error { code, .. } => assert_eq!(code, "invalid_characters"),
        s => panic!("{s:?}"),
    }
    write(&mut master, b"]E0\r");
    match status(&rx, Duration::from_secs(1), "error") {
        ReaderStatus::Error { code, .. } => assert_eq!(code, "empty"),
        s => panic!("{s:?}"),
    }

    // Unplug mid-frame: reported within 1 s.
    write(&mut master, b"99999");
    std::thread::sleep(Duration::from_millis(100));
    std::fs::remove_file(&link).unwrap();
    let t = Instant::now();
    drop(master);
    status(&rx, Duration::from_secs(1), "disconnected");
    let unplug = t.elapsed();
    assert!(
        unplug < Duration::from_secs(1),
        "unplug seen after {unplug:?}"
    );

    // Replug: reading resumes within 2 s, and the cut frame is not half-used.
    let t = Instant::now();
    let mut master = plug(&link);
    status(&rx, Duration::from_secs(2), "connected");
    let replug = t.elapsed();
    assert!(
        replug < Duration::from_secs(2),
        "replug seen after {replug:?}"
    );
    write(&mut master, b"123\r");
    assert_eq!(read_card(&rx, Duration::from_secs(1)), "123");
    eprintln!("unplug reported in {unplug:?}, replug in {replug:?}");
    handle.stop();

    // An RDM6300 on another port: binary frames split anywhere, a wrong checksum, noise.
    let link2 = dir.path().join("rfid");
    let mut m2 = plug(&link2);
    let (tx, rx) = channel();
    let h2 = spawn_reader(config("rfid", "em4100-rdm6300", &link2), tx);
    status(&rx, Duration::from_secs(2), "connected");
    let frame = encode_frame("em4100-rdm6300", "67003B51C6").unwrap();
    write(&mut m2, &frame[..5]);
    std::thread::sleep(Duration::from_millis(80));
    write(&mut m2, &frame[5..]);
    assert_eq!(read_card(&rx, Duration::from_secs(1)), "67003B51C6");
    write(&mut m2, b"noise\x020A004D7603A0\x03");
    match status(&rx, Duration::from_secs(1), "error") {
        ReaderStatus::Error { code, .. } => assert_eq!(code, "checksum"),
        s => panic!("{s:?}"),
    }
    // Dropping the handle stops the worker.
    drop(h2);
    drop(m2);

    // `vafa devices listen --json` on a simulated reader.
    let mut sim = VirtualReader::new("mifare-uid-reversed").unwrap();
    let cfg = config("till", "mifare-uid-reversed", Path::new(sim.path()));
    let sender = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        sim.send_card("7186A61E").unwrap();
        std::thread::sleep(Duration::from_millis(1500));
    });
    let mut out = Vec::new();
    listen(vec![cfg], Some(Duration::from_millis(1600)), true, &mut out).unwrap();
    sender.join().unwrap();
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().any(|v| v["status"] == "connected"), "{text}");
    let read = lines
        .iter()
        .find(|v| v["event"] == "read")
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(read["kind"], "mifare");
    assert_eq!(read["card"], "1EA68671");
    assert_eq!(read["reader"], "till");
}
