//! Latency from the last byte of a frame written to a real pseudo-terminal to the CardRead
//! leaving the reader's worker thread (the `at` stamp of `ReaderEvent::Read`).
//!
//! Run: `cargo bench --bench reader_latency` (optionally `-- 2000` for the number of reads
//! per profile). Prints p50 / p99 / max per profile.

use std::io::Write;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use serialport::{SerialPort, TTYPort};
use vafa_devices::sim::encode_frame;
use vafa_devices::{ReaderConfig, ReaderEvent, ReaderStatus, Transport, spawn_reader};

/// A card number for the i-th read (all different, so debounce never merges them).
type CardFn = fn(usize) -> String;

fn percentile(sorted: &[Duration], p: usize) -> Duration {
    let i = (sorted.len() * p / 100).min(sorted.len() - 1);
    sorted[i]
}

fn run(profile: &str, card: impl Fn(usize) -> String, n: usize) -> Result<(), String> {
    let (mut master, slave) = TTYPort::pair().map_err(|e| e.to_string())?;
    let path = slave.name().ok_or("no pty name")?;
    drop(slave);
    let (tx, rx) = channel();
    let config = ReaderConfig {
        name: "bench".into(),
        profile: profile.into(),
        transport: Transport::Serial {
            path,
            baud: 9600,
            framing: "8N1".into(),
        },
    };
    let handle = spawn_reader(config, tx);
    loop {
        match rx.recv_timeout(Duration::from_secs(5)) {
            Ok(ReaderEvent::Status {
                status: ReaderStatus::Connected,
                ..
            }) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("reader did not connect: {e}")),
        }
    }
    let mut lat = Vec::with_capacity(n);
    for i in 0..n {
        let mut frame = encode_frame(profile, &card(i)).map_err(|e| e.to_string())?;
        // A line frame ends at its first CR: an LF after it is not part of the frame.
        if frame.ends_with(b"\r\n") {
            frame.pop();
        }
        let (head, last) = frame.split_at(frame.len() - 1);
        master.write_all(head).map_err(|e| e.to_string())?;
        master.flush().map_err(|e| e.to_string())?;
        std::thread::sleep(Duration::from_millis(2));
        let t0 = Instant::now();
        master.write_all(last).map_err(|e| e.to_string())?;
        master.flush().map_err(|e| e.to_string())?;
        match rx.recv_timeout(Duration::from_secs(2)) {
            Ok(ReaderEvent::Read { at, .. }) => lat.push(at.saturating_duration_since(t0)),
            Ok(ReaderEvent::Status { status, .. }) => {
                return Err(format!("unexpected status {status:?}"));
            }
            Err(e) => return Err(format!("read {i} lost: {e}")),
        }
    }
    handle.stop();
    lat.sort();
    println!(
        "{profile:<16} n={n:<5} p50={:>8.1?} p99={:>8.1?} max={:>8.1?}",
        percentile(&lat, 50),
        percentile(&lat, 99),
        lat[lat.len() - 1]
    );
    Ok(())
}

fn main() {
    // `cargo bench` passes `--bench`; a bare number sets the reads per profile.
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<usize>().ok())
        .unwrap_or(1000);
    let cases: [(&str, CardFn); 3] = [
        ("barcode-serial", |i| {
            format!("{:013}", 5_901_234_000_000 + i)
        }),
        ("em4100-rdm6300", |i| {
            format!("{:010X}", 0x67_0000_0000u64 + i as u64)
        }),
        ("magstripe-ascii", |i| {
            format!("{}", 6_009_050_000_000_000u64 + i as u64)
        }),
    ];
    for (profile, card) in cases {
        if let Err(e) = run(profile, card, n) {
            eprintln!("{profile}: {e}");
            std::process::exit(1);
        }
    }
}
