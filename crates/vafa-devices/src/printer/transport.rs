//! Where a slip's bytes go: a network printer (raw TCP, port 9100), a serial port, or a
//! device file (`/dev/usb/lp0` from Linux's `usblp` driver; a shared printer's path on
//! Windows). Written as `tcp://HOST[:PORT]`, `serial:PATH[@BAUD]`, `file:PATH`.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

/// The network printers' raw port ("JetDirect").
pub const DEFAULT_PORT: u16 = 9100;
/// Most receipt printers' serial speed out of the box.
pub const DEFAULT_BAUD: u32 = 9600;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// A printer as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Tcp { host: String, port: u16 },
    Serial { path: String, baud: u32 },
    File { path: String },
}

/// Why a target could not be read or reached. `detail` is the system's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// Not `tcp://…`, `serial:…` or `file:…`.
    BadTarget,
    /// Could not open or write to the printer.
    Failed { detail: String },
}

impl Target {
    pub fn parse(text: &str) -> Result<Target, SendError> {
        let t = text.trim();
        if let Some(rest) = t.strip_prefix("tcp://") {
            let rest = rest.trim_end_matches('/');
            let (host, port) = match rest.rsplit_once(':') {
                Some((h, p)) if !h.ends_with(']') || h.starts_with('[') => {
                    (h, p.parse().map_err(|_| SendError::BadTarget)?)
                }
                _ => (rest, DEFAULT_PORT),
            };
            if host.is_empty() {
                return Err(SendError::BadTarget);
            }
            return Ok(Target::Tcp {
                host: host.trim_matches(['[', ']']).to_string(),
                port,
            });
        }
        if let Some(rest) = t.strip_prefix("serial:") {
            let (path, baud) = match rest.rsplit_once('@') {
                Some((p, b)) => (p, b.parse().map_err(|_| SendError::BadTarget)?),
                None => (rest, DEFAULT_BAUD),
            };
            if path.is_empty() {
                return Err(SendError::BadTarget);
            }
            return Ok(Target::Serial {
                path: path.to_string(),
                baud,
            });
        }
        if let Some(path) = t.strip_prefix("file:")
            && !path.is_empty()
        {
            return Ok(Target::File {
                path: path.to_string(),
            });
        }
        Err(SendError::BadTarget)
    }

    /// Sends `bytes` and waits until they are handed over.
    pub fn send(&self, bytes: &[u8]) -> Result<(), SendError> {
        let failed = |e: &dyn std::fmt::Display| SendError::Failed {
            detail: e.to_string(),
        };
        match self {
            Target::Tcp { host, port } => {
                let addr = (host.as_str(), *port)
                    .to_socket_addrs()
                    .map_err(|e| failed(&e))?
                    .next()
                    .ok_or_else(|| failed(&"no address"))?;
                let mut s =
                    TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT).map_err(|e| failed(&e))?;
                s.set_write_timeout(Some(WRITE_TIMEOUT))
                    .map_err(|e| failed(&e))?;
                s.write_all(bytes).map_err(|e| failed(&e))?;
                s.flush().map_err(|e| failed(&e))?;
                s.shutdown(std::net::Shutdown::Write)
                    .map_err(|e| failed(&e))
            }
            Target::Serial { path, baud } => {
                let mut port = serialport::new(path, *baud)
                    .timeout(WRITE_TIMEOUT)
                    .open()
                    .map_err(|e| failed(&e))?;
                port.write_all(bytes).map_err(|e| failed(&e))?;
                port.flush().map_err(|e| failed(&e))
            }
            Target::File { path } => {
                // Append, never create or truncate: a device file is opened for writing.
                let mut f = std::fs::OpenOptions::new()
                    .append(true)
                    .open(path)
                    .map_err(|e| failed(&e))?;
                f.write_all(bytes).map_err(|e| failed(&e))?;
                f.flush().map_err(|e| failed(&e))
            }
        }
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Tcp { host, port } => write!(f, "tcp://{host}:{port}"),
            Target::Serial { path, baud } => write!(f, "serial:{path}@{baud}"),
            Target::File { path } => write!(f, "file:{path}"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn targets_parse() {
        assert_eq!(
            Target::parse("tcp://10.0.0.5").unwrap(),
            Target::Tcp {
                host: "10.0.0.5".into(),
                port: 9100
            }
        );
        assert_eq!(
            Target::parse("tcp://printer.local:9101")
                .unwrap()
                .to_string(),
            "tcp://printer.local:9101"
        );
        assert_eq!(
            Target::parse("serial:/dev/ttyUSB0@19200").unwrap(),
            Target::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 19200
            }
        );
        assert_eq!(
            Target::parse("serial:COM3").unwrap().to_string(),
            "serial:COM3@9600"
        );
        assert_eq!(
            Target::parse("file:/dev/usb/lp0").unwrap().to_string(),
            "file:/dev/usb/lp0"
        );
        for bad in [
            "",
            "lp0",
            "tcp://",
            "tcp://h:x",
            "serial:",
            "file:",
            "serial:/x@fast",
        ] {
            assert_eq!(Target::parse(bad), Err(SendError::BadTarget), "{bad}");
        }
    }
}
