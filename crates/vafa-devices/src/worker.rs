//! Reader configuration, the events workers send, and [`spawn_reader`]: one named thread per
//! configured reader, reading with a short timeout, reopening its device after an unplug.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{CardRead, Debouncer, ReadError, decode, hid, serial};

/// One reader a shop has configured. Serde-serialisable for storage in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReaderConfig {
    /// A name the shop chooses ("front till scanner"); also the worker thread's name.
    pub name: String,
    /// A built-in profile name (`barcode-serial`, `magtek-hid`, ...).
    pub profile: String,
    pub transport: Transport,
}

/// How to find and talk to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Transport {
    /// RS-232 or USB-CDC port.
    Serial {
        /// `/dev/ttyUSB0`, `/dev/ttyACM0`, a udev symlink, or `COM3`.
        path: String,
        #[serde(default = "default_baud")]
        baud: u32,
        /// Data bits, parity, stop bits: `8N1` (default), `7E1`, `8N2`, ...
        #[serde(default = "default_framing")]
        framing: String,
    },
    /// USB HID reader, found by vendor/product id (and usage page when a device has several
    /// interfaces).
    Hid {
        vendor_id: u16,
        product_id: u16,
        #[serde(default)]
        usage_page: Option<u16>,
    },
    /// A reader that types like a keyboard: read by the till window through
    /// `domain::wedge`, not by a worker.
    Wedge,
}

fn default_baud() -> u32 {
    9600
}

fn default_framing() -> String {
    "8N1".into()
}

/// The state of a reader, as shown to the cashier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum ReaderStatus {
    Connected,
    Disconnected {
        reason: String,
    },
    /// A read failed (bad swipe, wrong checksum...) or the reader cannot be used.
    Error {
        code: String,
        message: String,
        message_fa: String,
    },
}

impl ReaderStatus {
    pub fn from_read_error(e: &ReadError) -> Self {
        Self::Error {
            code: e.code().into(),
            message: e.to_string(),
            message_fa: e.message_fa(),
        }
    }
}

/// What workers send.
#[derive(Debug, Clone)]
pub enum ReaderEvent {
    Read {
        reader: String,
        read: CardRead,
        at: Instant,
    },
    Status {
        reader: String,
        status: ReaderStatus,
    },
}

/// A running worker. Dropping it (or [`ReaderHandle::stop`]) stops the thread and waits for it.
#[derive(Debug)]
pub struct ReaderHandle {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ReaderHandle {
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            // A worker that panicked has nothing left to clean up; its panic is not ours.
            let _ = t.join();
        }
    }
}

impl Drop for ReaderHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// How often a worker wakes up to check for stop / overdue continuations.
pub(crate) const READ_TIMEOUT: Duration = Duration::from_millis(50);
/// How often a worker tries to reopen an unplugged device.
pub(crate) const REOPEN_EVERY: Duration = Duration::from_millis(200);

/// What every worker shares: its name, channel, stop flag, debouncer and last status.
pub(crate) struct Ctx {
    pub name: String,
    pub profile: String,
    tx: Sender<ReaderEvent>,
    stop: Arc<AtomicBool>,
    debounce: Debouncer,
    last_status: Option<ReaderStatus>,
}

impl Ctx {
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sends a status when it differs from the last one (errors are always sent).
    pub fn status(&mut self, status: ReaderStatus) {
        // Connected and Disconnected are reported once per change (a reader that stays
        // unplugged is not reported again with each failed reopen); errors every time.
        let repeat = self
            .last_status
            .as_ref()
            .is_some_and(|last| std::mem::discriminant(last) == std::mem::discriminant(&status));
        if repeat && !matches!(status, ReaderStatus::Error { .. }) {
            return;
        }
        self.last_status = Some(status.clone());
        // A closed channel means nobody listens any more: the stop flag ends us soon.
        let _ = self.tx.send(ReaderEvent::Status {
            reader: self.name.clone(),
            status,
        });
    }

    /// Decodes one frame and sends the read (debounced) or the error.
    pub fn frame(&mut self, bytes: &[u8]) {
        let result = decode(&self.profile, bytes);
        self.result(result);
    }

    pub fn result(&mut self, result: Result<CardRead, ReadError>) {
        match result {
            Ok(read) => {
                let at = Instant::now();
                if self.debounce.accept(&read, at) {
                    let _ = self.tx.send(ReaderEvent::Read {
                        reader: self.name.clone(),
                        read,
                        at,
                    });
                }
            }
            Err(e) => self.status(ReaderStatus::from_read_error(&e)),
        }
    }

    /// Sleeps up to `d`, waking early on stop.
    pub fn nap(&self, d: Duration) {
        let until = Instant::now() + d;
        while !self.stopped() {
            let now = Instant::now();
            if now >= until {
                break;
            }
            std::thread::sleep((until - now).min(Duration::from_millis(20)));
        }
    }
}

fn start(
    config: &ReaderConfig,
    tx: Sender<ReaderEvent>,
    body: impl FnOnce(Ctx) + Send + 'static,
) -> ReaderHandle {
    let stop = Arc::new(AtomicBool::new(false));
    let ctx = Ctx {
        name: config.name.clone(),
        profile: config.profile.clone(),
        tx: tx.clone(),
        stop: stop.clone(),
        debounce: Debouncer::default(),
        last_status: None,
    };
    let thread = std::thread::Builder::new()
        .name(format!("vafa-reader-{}", config.name))
        .spawn(move || body(ctx));
    match thread {
        Ok(t) => ReaderHandle {
            stop,
            thread: Some(t),
        },
        Err(e) => {
            let _ = tx.send(ReaderEvent::Status {
                reader: config.name.clone(),
                status: ReaderStatus::Error {
                    code: "thread".into(),
                    message: format!("Could not start the reader: {e}"),
                    message_fa: "راه‌اندازی دستگاه ممکن نشد.".into(),
                },
            });
            ReaderHandle { stop, thread: None }
        }
    }
}

/// Starts a worker for each configured reader; their events all arrive on the receiver,
/// which ends when every worker has stopped.
pub fn spawn_readers(
    configs: Vec<ReaderConfig>,
) -> (Vec<ReaderHandle>, std::sync::mpsc::Receiver<ReaderEvent>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let handles = configs
        .into_iter()
        .map(|c| spawn_reader(c, tx.clone()))
        .collect();
    (handles, rx)
}

/// Starts the worker of one configured reader on a named thread (`vafa-reader-<name>`).
pub fn spawn_reader(config: ReaderConfig, tx: Sender<ReaderEvent>) -> ReaderHandle {
    if super::profile(&config.profile).is_none() {
        let e = ReadError::UnknownProfile {
            name: config.profile.clone(),
        };
        return start(&config, tx, move |mut ctx| {
            ctx.status(ReaderStatus::from_read_error(&e))
        });
    }
    match config.transport.clone() {
        Transport::Serial {
            path,
            baud,
            framing,
        } => start(&config, tx, move |ctx| {
            serial::run(ctx, &path, baud, &framing)
        }),
        Transport::Hid {
            vendor_id,
            product_id,
            usage_page,
        } => start(&config, tx, move |ctx| {
            let opener = hid::HidApiOpener::new(vendor_id, product_id, usage_page);
            hid::run(ctx, Box::new(opener))
        }),
        Transport::Wedge => start(&config, tx, |mut ctx| {
            ctx.status(ReaderStatus::Error {
                code: "wedge_in_window".into(),
                message: "This reader types like a keyboard: scan into the till window.".into(),
                message_fa: "این دستگاه مانند صفحه‌کلید تایپ می‌کند: در پنجره صندوق اسکن کنید."
                    .into(),
            })
        }),
    }
}

/// Starts a HID worker over any [`hid::HidOpener`] (recorded reports in tests).
pub fn spawn_hid_reader(
    config: ReaderConfig,
    opener: Box<dyn hid::HidOpener>,
    tx: Sender<ReaderEvent>,
) -> ReaderHandle {
    start(&config, tx, move |ctx| hid::run(ctx, opener))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn first_status(cfg: ReaderConfig) -> (ReaderStatus, Duration) {
        let (tx, rx) = std::sync::mpsc::channel();
        let h = spawn_reader(cfg, tx);
        let ev = rx.recv_timeout(Duration::from_secs(2)).unwrap();
        let t = Instant::now();
        drop(h);
        match ev {
            ReaderEvent::Status { status, .. } => (status, t.elapsed()),
            ReaderEvent::Read { .. } => panic!("no read expected"),
        }
    }

    #[test]
    fn workers_report_what_they_cannot_do_and_stop_promptly() {
        let (s, stop) = first_status(ReaderConfig {
            name: "x".into(),
            profile: "nope".into(),
            transport: Transport::Wedge,
        });
        assert!(matches!(s, ReaderStatus::Error { ref code, .. } if code == "unknown_profile"));
        assert!(stop < Duration::from_secs(1));
        let (s, _) = first_status(ReaderConfig {
            name: "kbd".into(),
            profile: "wedge".into(),
            transport: Transport::Wedge,
        });
        assert!(matches!(s, ReaderStatus::Error { ref code, .. } if code == "wedge_in_window"));
        let (s, stop) = first_status(ReaderConfig {
            name: "gone".into(),
            profile: "barcode-serial".into(),
            transport: Transport::Serial {
                path: "/nonexistent/ttyUSB9".into(),
                baud: 9600,
                framing: "8N1".into(),
            },
        });
        assert!(matches!(s, ReaderStatus::Disconnected { .. }));
        assert!(stop < Duration::from_secs(1), "{stop:?}");
        let (s, _) = first_status(ReaderConfig {
            name: "bad".into(),
            profile: "barcode-serial".into(),
            transport: Transport::Serial {
                path: "/dev/null".into(),
                baud: 9600,
                framing: "9X9".into(),
            },
        });
        assert!(matches!(s, ReaderStatus::Error { ref code, .. } if code == "serial_framing"));
    }

    #[test]
    fn config_round_trips_through_json() {
        let cfgs = vec![
            ReaderConfig {
                name: "front".into(),
                profile: "barcode-serial".into(),
                transport: Transport::Serial {
                    path: "/dev/ttyACM0".into(),
                    baud: 115200,
                    framing: "8N1".into(),
                },
            },
            ReaderConfig {
                name: "swipe".into(),
                profile: "magtek-hid".into(),
                transport: Transport::Hid {
                    vendor_id: 0x0801,
                    product_id: 0x0002,
                    usage_page: None,
                },
            },
            ReaderConfig {
                name: "kbd".into(),
                profile: "wedge".into(),
                transport: Transport::Wedge,
            },
        ];
        let json = serde_json::to_string(&cfgs).unwrap();
        let back: Vec<ReaderConfig> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, cfgs);
        let short: ReaderConfig = serde_json::from_str(
            r#"{"name":"r","profile":"em4100-rdm6300","transport":{"type":"serial","path":"/dev/ttyUSB0"}}"#,
        )
        .unwrap();
        assert_eq!(
            short.transport,
            Transport::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 9600,
                framing: "8N1".into()
            }
        );
    }
}
