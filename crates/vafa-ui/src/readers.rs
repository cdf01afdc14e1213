//! The reader workers surfaced to iced: [`subscription`] starts one worker per configured
//! reader (`devices::spawn_reader`) and forwards their events; when the set of readers
//! changes, the old subscription is dropped, its bridge thread ends and the workers stop.
//! Keyboard-wedge readers are read by the window itself (`keyguard`, `vafa_core::wedge`).

use std::sync::mpsc;
use std::time::Duration;

use iced::Subscription;
use iced::futures::SinkExt;
use iced::futures::channel::mpsc as fmpsc;

use vafa_devices::{ReaderConfig, ReaderEvent, Transport, spawn_readers};

/// The readers to run, as their JSON (hashable: a change restarts them).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReaderSet(pub String);

impl ReaderSet {
    pub fn new(configs: &[ReaderConfig]) -> Self {
        let run: Vec<&ReaderConfig> = configs
            .iter()
            .filter(|c| !matches!(c.transport, Transport::Wedge))
            .collect();
        ReaderSet(serde_json::to_string(&run).unwrap_or_default())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty() || self.0 == "[]"
    }
}

pub fn subscription(set: ReaderSet) -> Subscription<ReaderEvent> {
    if set.is_empty() {
        return Subscription::none();
    }
    Subscription::run_with(set, start)
}

fn start(set: &ReaderSet) -> fmpsc::Receiver<ReaderEvent> {
    let configs: Vec<ReaderConfig> = serde_json::from_str(&set.0).unwrap_or_default();
    let (handles, rx) = spawn_readers(configs);
    let (mut out, events) = fmpsc::channel(64);
    let bridge = std::thread::Builder::new()
        .name("ui-readers".into())
        .spawn(move || {
            let _workers = handles;
            loop {
                match rx.recv_timeout(Duration::from_millis(250)) {
                    Ok(ev) => {
                        if iced::futures::executor::block_on(out.send(ev)).is_err() {
                            break;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if out.is_closed() {
                            break;
                        }
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        });
    if let Err(e) = bridge {
        eprintln!("vafa: could not start the reader thread: {e}");
    }
    events
}

/// One message a second, from a plain thread (the thread-pool executor has no timers).
pub fn ticks() -> Subscription<()> {
    fn start() -> fmpsc::Receiver<()> {
        let (mut out, ticks) = fmpsc::channel(1);
        let _ = std::thread::Builder::new()
            .name("ui-clock".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(1));
                    if out.is_closed() {
                        break;
                    }
                    // A full channel means the window is busy: skip this tick.
                    let _ = out.try_send(());
                }
            });
        ticks
    }
    Subscription::run(start)
}
