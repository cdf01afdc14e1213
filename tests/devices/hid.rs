//! HID workers replaying recorded reports through the `HidSource` trait (there is no
//! /dev/uhid here to fake a real device): MagTek swipes, HID POS multi-report scans, a
//! continuation that never comes, timeouts, unplug mid-scan and replug.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use vafa_devices::hid::{HidOpener, HidSource};
use vafa_devices::hidpos::build_reports;
use vafa_devices::magtek::build_report;
use vafa_devices::{ReaderConfig, ReaderEvent, ReaderStatus, Transport, spawn_hid_reader};

#[derive(Clone, Debug)]
enum Step {
    Report(Vec<u8>),
    /// Nothing arrives for one read timeout.
    Quiet,
    /// The device goes away (hidapi's read error on unplug).
    Unplug,
}

/// A recorded session of one plug-in.
struct Replay(VecDeque<Step>);

impl HidSource for Replay {
    fn read_timeout(&mut self, buf: &mut [u8], timeout_ms: i32) -> Result<usize, String> {
        match self.0.pop_front() {
            Some(Step::Report(r)) => {
                let n = r.len().min(buf.len());
                buf[..n].copy_from_slice(&r[..n]);
                Ok(n)
            }
            Some(Step::Unplug) => Err("unexpected poll error (device disconnected)".into()),
            Some(Step::Quiet) | None => {
                std::thread::sleep(Duration::from_millis(timeout_ms as u64));
                Ok(0)
            }
        }
    }
}

/// Each `open` plays the next session; `None` = not plugged in.
struct Sessions(VecDeque<Option<Vec<Step>>>);

impl HidOpener for Sessions {
    fn open(&mut self) -> Result<Box<dyn HidSource>, String> {
        match self.0.pop_front() {
            Some(Some(steps)) => Ok(Box::new(Replay(steps.into()))),
            _ => Err("no HID device 0801:0002 is plugged in".into()),
        }
    }
}

fn config(profile: &str) -> ReaderConfig {
    ReaderConfig {
        name: profile.into(),
        profile: profile.into(),
        transport: Transport::Hid {
            vendor_id: 0x0801,
            product_id: 0x0002,
            usage_page: None,
        },
    }
}

fn events_until(rx: &Receiver<ReaderEvent>, d: Duration) -> Vec<ReaderEvent> {
    let until = Instant::now() + d;
    let mut out = Vec::new();
    while let Ok(ev) = rx.recv_timeout(until.saturating_duration_since(Instant::now())) {
        out.push(ev);
    }
    out
}

fn summary(events: &[ReaderEvent]) -> Vec<String> {
    events
        .iter()
        .map(|e| match e {
            ReaderEvent::Read { read, .. } => format!("read {}", read.card),
            ReaderEvent::Status { status, .. } => match status {
                ReaderStatus::Connected => "connected".into(),
                ReaderStatus::Disconnected { .. } => "disconnected".into(),
                ReaderStatus::Error { code, .. } => format!("error {code}"),
            },
        })
        .collect()
}

fn reports(data: &[u8]) -> Vec<Step> {
    build_reports(Some("]E0"), data, false)
        .chunks(64)
        .map(|c| Step::Report(c.to_vec()))
        .collect()
}

#[test]
fn magtek_swipes_unplug_and_replug() {
    let swipe = build_report(
        [
            Some("%B6009050000000000^SIMPSON/HOMER J^0000?"),
            Some(";6009050000000000=0000?"),
            None,
        ],
        [false; 3],
    );
    let bad = build_report([None, None, None], [true, true, true]);
    let other = build_report([None, Some(";4111111111111111=1805?"), None], [false; 3]);
    let sessions = Sessions(VecDeque::from([
        None,
        Some(vec![
            Step::Report(swipe.clone()),
            Step::Report(swipe.clone()), // same card within 1 s: one read
            Step::Report(vec![]),        // zero-length read: nothing happened
            Step::Report(bad),
            Step::Report(swipe[..100].to_vec()), // short report
            Step::Quiet,
            Step::Unplug,
        ]),
        None,
        Some(vec![Step::Report(other)]),
    ]));
    let (tx, rx) = channel();
    let h = spawn_hid_reader(config("magtek-hid"), Box::new(sessions), tx);
    let events = events_until(&rx, Duration::from_millis(1500));
    drop(h);
    assert_eq!(
        summary(&events),
        vec![
            "disconnected",
            "connected",
            "read 6009050000000000",
            "error bad_read",
            "error incomplete",
            "disconnected",
            "connected",
            "read 4111111111111111",
        ]
    );
}

#[test]
fn hid_pos_scans_continuations_and_unplug_mid_scan() {
    let long: Vec<u8> = (0..120).map(|i| b'0' + (i % 10) as u8).collect();
    let multi = reports(&long);
    assert_eq!(multi.len(), 3);
    let mut session = vec![Step::Report(
        reports(b"5901234123457")[0].clone().into_report(),
    )];
    session.extend(multi.clone());
    // A scan whose continuation never comes: dropped after 500 ms.
    session.push(multi[0].clone());
    session.extend(std::iter::repeat_n(Step::Quiet, 12));
    // Unknown report id, oversized length byte.
    let mut unknown = vec![0u8; 64];
    unknown[0] = 9;
    session.push(Step::Report(unknown));
    // Unplug in the middle of a multi-report scan.
    session.push(multi[0].clone());
    session.push(Step::Unplug);
    let sessions = Sessions(VecDeque::from([
        Some(session),
        Some(vec![Step::Report(
            reports(b"426326")[0].clone().into_report(),
        )]),
    ]));
    let (tx, rx) = channel();
    let h = spawn_hid_reader(config("hid-pos"), Box::new(sessions), tx);
    let events = events_until(&rx, Duration::from_millis(1800));
    drop(h);
    let long_s = String::from_utf8(long).unwrap();
    assert_eq!(
        summary(&events),
        vec![
            "connected".to_string(),
            "read 5901234123457".into(),
            format!("read {long_s}"),
            "error continuation_timeout".into(),
            "error unknown_report".into(),
            "error incomplete".into(),
            "disconnected".into(),
            "connected".into(),
            "read 426326".into(),
        ]
    );
    // The symbology survives the worker.
    let sym = events.iter().find_map(|e| match e {
        ReaderEvent::Read { read, .. } => read.symbology.clone(),
        _ => None,
    });
    assert_eq!(sym.as_deref(), Some("EAN-13"));
}

trait IntoReport {
    fn into_report(self) -> Vec<u8>;
}

impl IntoReport for Step {
    fn into_report(self) -> Vec<u8> {
        match self {
            Step::Report(r) => r,
            _ => panic!("not a report"),
        }
    }
}
