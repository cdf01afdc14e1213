//! Serial readers (RS-232, USB-CDC): cutting the byte stream into frames ([`Framer`], pure)
//! and the worker loop that opens the port, reads with a timeout and reopens after an unplug.

use std::io::Read;

use serialport::{DataBits, Parity, SerialPort, StopBits};

use super::profiles::{Framing, MAX_INPUT};
use super::worker::{Ctx, READ_TIMEOUT, REOPEN_EVERY, ReaderStatus};
use super::{ReadError, profile};

const STX: u8 = 0x02;
const ETX: u8 = 0x03;

/// Cuts frames out of a byte stream. A frame not finished when the stream breaks is
/// dropped with [`Framer::reset`], never half-used.
#[derive(Debug)]
pub struct Framer {
    framing: Framing,
    buf: Vec<u8>,
    /// Inside an STX..ETX frame.
    open: bool,
    /// Dropping bytes until the next frame boundary after an overlong frame.
    overflow: bool,
}

impl Framer {
    pub fn new(framing: Framing) -> Self {
        Self {
            framing,
            buf: Vec::new(),
            open: false,
            overflow: false,
        }
    }

    /// Forgets a partial frame (after an unplug or a read error).
    pub fn reset(&mut self) {
        self.buf.clear();
        self.open = false;
        self.overflow = false;
    }

    /// A frame is in progress.
    pub fn partial(&self) -> bool {
        !self.buf.is_empty() || self.open
    }

    /// Feeds bytes; returns the complete frames (or the errors of overlong ones).
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Result<Vec<u8>, ReadError>> {
        let mut out = Vec::new();
        for &b in bytes {
            match self.framing {
                Framing::StxEtx => self.push_stx(b, &mut out),
                _ => self.push_line(b, &mut out),
            }
        }
        out
    }

    fn push_line(&mut self, b: u8, out: &mut Vec<Result<Vec<u8>, ReadError>>) {
        if b == b'\r' || b == b'\n' {
            if self.overflow {
                self.overflow = false;
            } else if self.buf.iter().any(|&c| c != 0) {
                let mut frame = std::mem::take(&mut self.buf);
                frame.push(b);
                out.push(Ok(frame));
            }
            self.buf.clear();
            return;
        }
        self.keep(b, out);
    }

    fn push_stx(&mut self, b: u8, out: &mut Vec<Result<Vec<u8>, ReadError>>) {
        if b == STX {
            if self.open && !self.overflow {
                // A new frame began before the last one ended: the last one is broken.
                out.push(Err(ReadError::Incomplete));
            }
            self.buf.clear();
            self.buf.push(b);
            self.open = true;
            self.overflow = false;
            return;
        }
        if !self.open {
            return; // noise between frames
        }
        if b == ETX {
            if !self.overflow {
                let mut frame = std::mem::take(&mut self.buf);
                frame.push(b);
                out.push(Ok(frame));
            }
            self.reset();
            return;
        }
        self.keep(b, out);
    }

    fn keep(&mut self, b: u8, out: &mut Vec<Result<Vec<u8>, ReadError>>) {
        if self.overflow {
            return;
        }
        if self.buf.len() >= MAX_INPUT {
            out.push(Err(ReadError::TooLong {
                len: self.buf.len() + 1,
            }));
            self.buf.clear();
            self.overflow = true;
            return;
        }
        self.buf.push(b);
    }
}

/// Parses `8N1`, `7E1`, `8O2`...
pub fn parse_framing(s: &str) -> Option<(DataBits, Parity, StopBits)> {
    let b = s.as_bytes();
    if b.len() != 3 {
        return None;
    }
    let data = match b[0] {
        b'5' => DataBits::Five,
        b'6' => DataBits::Six,
        b'7' => DataBits::Seven,
        b'8' => DataBits::Eight,
        _ => return None,
    };
    let parity = match b[1].to_ascii_uppercase() {
        b'N' => Parity::None,
        b'E' => Parity::Even,
        b'O' => Parity::Odd,
        _ => return None,
    };
    let stop = match b[2] {
        b'1' => StopBits::One,
        b'2' => StopBits::Two,
        _ => return None,
    };
    Some((data, parity, stop))
}

/// Opens a serial port for reading with the worker's timeout.
pub fn open(path: &str, baud: u32, framing: &str) -> Result<Box<dyn SerialPort>, String> {
    let (data, parity, stop) =
        parse_framing(framing).ok_or_else(|| format!("unknown serial framing {framing:?}"))?;
    serialport::new(path, baud)
        .data_bits(data)
        .parity(parity)
        .stop_bits(stop)
        .timeout(READ_TIMEOUT)
        .open()
        .map_err(|e| e.to_string())
}

/// The worker loop: open, read frames, report; on any port error report `Disconnected`,
/// drop the partial frame, and try again every [`REOPEN_EVERY`].
pub(crate) fn run(mut ctx: Ctx, path: &str, baud: u32, framing: &str) {
    let Some(p) = profile(&ctx.profile) else {
        return;
    };
    if parse_framing(framing).is_none() {
        ctx.status(ReaderStatus::Error {
            code: "serial_framing".into(),
            message: format!("Unknown serial framing {framing:?}: use 8N1, 7E1 or similar."),
            message_fa: format!("قالب درگاه سریال «{framing}» شناخته نیست: 8N1 یا 7E1 بنویسید."),
        });
        return;
    }
    let mut framer = Framer::new(p.framing);
    let mut buf = [0u8; 512];
    while !ctx.stopped() {
        let mut port = match open(path, baud, framing) {
            Ok(port) => port,
            Err(reason) => {
                ctx.status(ReaderStatus::Disconnected { reason });
                ctx.nap(REOPEN_EVERY);
                continue;
            }
        };
        ctx.status(ReaderStatus::Connected);
        framer.reset();
        let reason = loop {
            if ctx.stopped() {
                return;
            }
            match port.read(&mut buf) {
                Ok(0) => break "the port was closed".to_string(),
                Ok(n) => {
                    for frame in framer.push(&buf[..n]) {
                        match frame {
                            Ok(f) => ctx.frame(&f),
                            Err(e) => ctx.result(Err(e)),
                        }
                    }
                }
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::TimedOut
                            | std::io::ErrorKind::Interrupted
                            | std::io::ErrorKind::WouldBlock
                    ) => {}
                Err(e) => break e.to_string(),
            }
        };
        // The reader went away mid-frame: what was half-read is dropped.
        framer.reset();
        drop(port);
        ctx.status(ReaderStatus::Disconnected { reason });
        ctx.nap(REOPEN_EVERY);
    }
}

/// A serial port seen now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PortInfo {
    pub path: String,
    pub vendor_id: Option<u16>,
    pub product_id: Option<u16>,
    pub product: Option<String>,
    pub manufacturer: Option<String>,
    pub suggested_profile: Option<&'static str>,
}

/// Serial ports present now, with a profile suggestion for known vendors.
pub fn list_ports() -> Result<Vec<PortInfo>, String> {
    let ports = serialport::available_ports().map_err(|e| e.to_string())?;
    Ok(ports
        .into_iter()
        .map(|p| match p.port_type {
            serialport::SerialPortType::UsbPort(u) => PortInfo {
                path: p.port_name,
                vendor_id: Some(u.vid),
                product_id: Some(u.pid),
                product: u.product,
                manufacturer: u.manufacturer,
                suggested_profile: super::hid::suggest_serial(u.vid),
            },
            _ => PortInfo {
                path: p.port_name,
                vendor_id: None,
                product_id: None,
                product: None,
                manufacturer: None,
                suggested_profile: None,
            },
        })
        .collect())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn frames(f: &mut Framer, b: &[u8]) -> Vec<Vec<u8>> {
        f.push(b).into_iter().filter_map(Result::ok).collect()
    }

    #[test]
    fn lines_split_on_cr_or_lf_across_reads() {
        let mut f = Framer::new(Framing::Line);
        assert!(frames(&mut f, b"5901").is_empty());
        assert!(f.partial());
        assert_eq!(
            frames(&mut f, b"234\r\n42\n"),
            vec![b"5901234\r".to_vec(), b"42\n".to_vec()]
        );
        assert!(!f.partial());
        assert!(frames(&mut f, b"\r\n\0\r").is_empty());
    }

    #[test]
    fn reset_drops_partial_frame() {
        let mut f = Framer::new(Framing::Line);
        assert!(frames(&mut f, b"59012").is_empty());
        f.reset();
        assert_eq!(frames(&mut f, b"77\r"), vec![b"77\r".to_vec()]);
        let mut f = Framer::new(Framing::StxEtx);
        assert!(frames(&mut f, b"\x026700").is_empty());
        f.reset();
        assert!(frames(&mut f, b"3B51C6CB\x03").is_empty());
    }

    #[test]
    fn stx_etx_frames() {
        let mut f = Framer::new(Framing::StxEtx);
        let out = f.push(b"junk\x0267003B51C6CB\x03\x02AB\x0267003B51C6CB\x03");
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap(), b"\x0267003B51C6CB\x03");
        assert_eq!(out[1], Err(ReadError::Incomplete));
        assert!(out[2].is_ok());
    }

    #[test]
    fn overlong_frames_are_refused_once() {
        let mut f = Framer::new(Framing::Line);
        let out = f.push(&vec![b'1'; MAX_INPUT + 100]);
        assert_eq!(out.len(), 1);
        assert!(out[0].is_err());
        assert!(f.push(b"\r").is_empty());
        assert_eq!(frames(&mut f, b"12\r"), vec![b"12\r".to_vec()]);
    }

    #[test]
    fn framing_strings() {
        assert!(parse_framing("8N1").is_some());
        assert!(parse_framing("7e2").is_some());
        assert!(parse_framing("9N1").is_none());
        assert!(parse_framing("8N").is_none());
    }
}
