//! A reader as a person writes it (`[NAME=]PROFILE@PORT[:BAUD[:8N1]]`,
//! `[NAME=]PROFILE@usb:VID:PID[:PAGE]`), and what can go wrong with readers outside a read:
//! the `vafa devices` commands and the readers saved with the shop both use them.

use super::profiles::TransportKind;
use super::{ReadError, ReaderConfig, Transport, serial};

/// Errors of `vafa devices`.
#[derive(Debug, thiserror::Error)]
pub enum DevicesCliError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{0}")]
    Usage(String),
    #[error("The device could not be used: {0}")]
    Device(String),
    #[error("Could not write the output: {0}")]
    Io(#[from] std::io::Error),
}

impl DevicesCliError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Read(e) => e.code(),
            Self::Usage(_) => "usage",
            Self::Device(_) => "device",
            Self::Io(_) => "io",
        }
    }

    pub fn message_fa(&self) -> String {
        match self {
            Self::Read(e) => e.message_fa(),
            Self::Usage(m) => format!("دستور نادرست است: {m}"),
            Self::Device(m) => format!("دستگاه قابل استفاده نیست: {m}"),
            Self::Io(e) => format!("نوشتن خروجی ممکن نشد: {e}"),
        }
    }
}

impl From<DevicesCliError> for vafa_core::error::Error {
    fn from(e: DevicesCliError) -> Self {
        vafa_core::error::Error::Reader {
            code: e.code(),
            en: e.to_string(),
            fa: e.message_fa(),
            shown: false,
        }
    }
}

/// Parses `[NAME=]PROFILE@TARGET`.
pub fn parse_reader_spec(spec: &str) -> Result<ReaderConfig, DevicesCliError> {
    let bad = |why: &str| DevicesCliError::Usage(format!("reader {spec:?}: {why}"));
    let (name, rest) = match spec.split_once('=') {
        Some((n, r)) if !n.contains('@') => (Some(n.to_string()), r),
        _ => (None, spec),
    };
    let (profile, target) = rest
        .split_once('@')
        .ok_or_else(|| bad("write PROFILE@PORT, e.g. barcode-serial@/dev/ttyACM0"))?;
    let p = super::profile(profile).ok_or(ReadError::UnknownProfile {
        name: profile.into(),
    })?;
    let transport = if target == "wedge" || p.transport == TransportKind::Wedge {
        Transport::Wedge
    } else if let Some(ids) = target.strip_prefix("usb:") {
        let ids: Vec<&str> = ids.split(':').collect();
        let hex = |s: &str| u16::from_str_radix(s, 16).map_err(|_| bad("USB ids are hex"));
        match ids.as_slice() {
            [v, p] => Transport::Hid {
                vendor_id: hex(v)?,
                product_id: hex(p)?,
                usage_page: None,
            },
            [v, p, u] => Transport::Hid {
                vendor_id: hex(v)?,
                product_id: hex(p)?,
                usage_page: Some(hex(u)?),
            },
            _ => return Err(bad("write usb:VID:PID[:USAGE_PAGE]")),
        }
    } else {
        let mut parts = target.split(':');
        let path = parts.next().unwrap_or_default().to_string();
        if path.is_empty() {
            return Err(bad("no port given"));
        }
        let baud = match parts.next() {
            Some(b) => b.parse().map_err(|_| bad("the baud rate is a number"))?,
            None => p.baud.max(1200),
        };
        let framing = parts.next().unwrap_or("8N1").to_string();
        if serial::parse_framing(&framing).is_none() {
            return Err(bad("serial framing is like 8N1 or 7E1"));
        }
        Transport::Serial {
            path,
            baud,
            framing,
        }
    };
    Ok(ReaderConfig {
        name: name.unwrap_or_else(|| target.to_string()),
        profile: profile.to_string(),
        transport,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn reader_specs() {
        let c = parse_reader_spec("front=barcode-serial@/dev/ttyACM0:115200").unwrap();
        assert_eq!(c.name, "front");
        assert_eq!(
            c.transport,
            Transport::Serial {
                path: "/dev/ttyACM0".into(),
                baud: 115200,
                framing: "8N1".into()
            }
        );
        let c = parse_reader_spec("magtek-hid@usb:0801:0002").unwrap();
        assert_eq!(
            c.transport,
            Transport::Hid {
                vendor_id: 0x0801,
                product_id: 2,
                usage_page: None
            }
        );
        assert_eq!(
            parse_reader_spec("wedge@kbd").unwrap().transport,
            Transport::Wedge
        );
        assert!(parse_reader_spec("nope@/dev/x").is_err());
        assert!(parse_reader_spec("barcode-serial").is_err());
        assert!(parse_reader_spec("barcode-serial@/dev/x:fast").is_err());
        assert!(parse_reader_spec("barcode-serial@/dev/x:9600:9Q1").is_err());
        assert!(parse_reader_spec("hid-pos@usb:zz:1").is_err());
    }
}
