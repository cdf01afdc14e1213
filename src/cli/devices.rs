//! `vafa devices ...`: list readers, listen to them, decode a sample, simulate a reader.

use std::io::Write;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::json;

use vafa_devices::profiles::PROFILES;
use vafa_devices::sim::VirtualReader;
use vafa_devices::spec::{DevicesCliError, parse_reader_spec};
use vafa_devices::{
    CardRead, ReaderConfig, ReaderEvent, ReaderStatus, decode, hid, serial, spawn_readers,
};

#[derive(clap::Subcommand, Debug, Clone, PartialEq, Eq)]
pub enum DevicesCmd {
    /// Serial ports and HID devices seen now, with a suggested reader profile; and the profiles.
    List,
    /// Print each card read from the readers, as it is read.
    Listen {
        /// Stop after this many seconds (default: run until stopped).
        #[arg(long)]
        seconds: Option<u64>,
        /// A reader: `[NAME=]PROFILE@PORT[:BAUD[:8N1]]`, `[NAME=]PROFILE@usb:VID:PID[:PAGE]`
        /// (hex ids). Repeat for several readers.
        #[arg(long = "reader", value_name = "SPEC")]
        readers: Vec<String>,
    },
    /// Decode one sample as a reader of that profile would send it.
    Decode {
        #[arg(long)]
        profile: String,
        /// Raw bytes in hex (spaces allowed).
        #[arg(long)]
        hex: Option<String>,
        /// Text as the reader prints it (escapes: \r \n \t \xNN).
        #[arg(long)]
        text: Option<String>,
    },
    /// Create a virtual serial reader, print its port, and send card numbers into it: those
    /// given with --card, then each line typed on standard input.
    Simulate {
        #[arg(long, default_value = "barcode-serial")]
        profile: String,
        /// Card numbers to send (after --wait-ms, --gap-ms apart).
        #[arg(long)]
        card: Vec<String>,
        /// Time for a listener to open the port before the first card.
        #[arg(long, default_value_t = 2000)]
        wait_ms: u64,
        #[arg(long, default_value_t = 300)]
        gap_ms: u64,
        /// Stop after this many seconds instead of reading standard input.
        #[arg(long)]
        seconds: Option<u64>,
    },
}

fn error_json(e: &DevicesCliError) -> serde_json::Value {
    json!({"error": {"code": e.code(), "message": e.to_string(), "message_fa": e.message_fa()}})
}

/// Runs one `vafa devices` command. With `json`, errors are also printed on `out` as
/// `{"error": {"code", "message"}}` before being returned.
pub fn run(cmd: DevicesCmd, json: bool, out: &mut dyn Write) -> Result<(), DevicesCliError> {
    let result = match cmd {
        DevicesCmd::List => list(json, out),
        DevicesCmd::Listen { seconds, readers } => readers
            .iter()
            .map(|s| parse_reader_spec(s))
            .collect::<Result<Vec<_>, _>>()
            .and_then(|configs| {
                if configs.is_empty() {
                    return Err(DevicesCliError::Usage(
                        "no reader given: add --reader PROFILE@PORT (see `vafa devices list`)"
                            .into(),
                    ));
                }
                listen(configs, seconds.map(Duration::from_secs), json, out)
            }),
        DevicesCmd::Decode { profile, hex, text } => decode_cmd(&profile, hex, text, json, out),
        DevicesCmd::Simulate {
            profile,
            card,
            wait_ms,
            gap_ms,
            seconds,
        } => simulate(&profile, &card, wait_ms, gap_ms, seconds, json, out),
    };
    if let Err(e) = &result
        && json
        && !matches!(e, DevicesCliError::Io(_))
    {
        writeln!(out, "{}", error_json(e))?;
    }
    result
}

fn decode_cmd(
    profile: &str,
    hex: Option<String>,
    text: Option<String>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), DevicesCliError> {
    let bytes = match (hex, text) {
        (Some(h), None) => parse_hex_arg(&h)?,
        (None, Some(t)) => unescape(&t),
        _ => {
            return Err(DevicesCliError::Usage(
                "give exactly one of --hex or --text".into(),
            ));
        }
    };
    let read = decode(profile, &bytes)?;
    if json {
        writeln!(out, "{}", read_json(&read))?;
    } else {
        writeln!(out, "{}", describe(&read))?;
    }
    Ok(())
}

fn read_json(read: &CardRead) -> serde_json::Value {
    let mut v = serde_json::to_value(read).unwrap_or_default();
    v["index_keys"] = json!(read.index_keys());
    v
}

fn describe(read: &CardRead) -> String {
    let mut s = format!("{} card {} ({}", read.kind.as_str(), read.card, read.format);
    if let Some(sym) = &read.symbology {
        s.push_str(", ");
        s.push_str(sym);
    }
    s.push(')');
    s
}

fn parse_hex_arg(h: &str) -> Result<Vec<u8>, DevicesCliError> {
    let compact: String = h.chars().filter(|c| !c.is_whitespace()).collect();
    let compact = compact.strip_prefix("0x").unwrap_or(&compact);
    vafa_devices::profiles::parse_hex(compact)
        .or_else(|| compact.is_empty().then(Vec::new))
        .ok_or_else(|| DevicesCliError::Usage("--hex needs an even number of hex digits".into()))
}

/// `\r`, `\n`, `\t`, `\\` and `\xNN` in `--text`, so a shell user can give control bytes.
fn unescape(t: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut b = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            continue;
        }
        match chars.next() {
            Some('r') => out.push(b'\r'),
            Some('n') => out.push(b'\n'),
            Some('t') => out.push(b'\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                match u8::from_str_radix(&hex, 16) {
                    Ok(b) => out.push(b),
                    Err(_) => out.extend_from_slice(format!("\\x{hex}").as_bytes()),
                }
            }
            Some(other) => {
                if other != '\\' {
                    out.push(b'\\');
                }
                let mut b = [0u8; 4];
                out.extend_from_slice(other.encode_utf8(&mut b).as_bytes());
            }
            None => out.push(b'\\'),
        }
    }
    out
}

/// Listens to readers until `duration` has passed (or forever), printing each read and
/// status change. The other front ends call this with the readers stored in the database.
pub fn listen(
    configs: Vec<ReaderConfig>,
    duration: Option<Duration>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), DevicesCliError> {
    let (handles, rx) = spawn_readers(configs);
    let deadline = duration.map(|d| Instant::now() + d);
    loop {
        let wait = match deadline {
            Some(d) => {
                let left = d.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                left.min(Duration::from_millis(500))
            }
            None => Duration::from_millis(500),
        };
        match rx.recv_timeout(wait) {
            Ok(ev) => print_event(&ev, json, out)?,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    drop(handles);
    Ok(())
}

fn print_event(ev: &ReaderEvent, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    match (ev, json) {
        (ReaderEvent::Read { reader, read, .. }, true) => {
            let mut v = read_json(read);
            v["reader"] = json!(reader);
            v["event"] = json!("read");
            writeln!(out, "{v}")?;
        }
        (ReaderEvent::Read { reader, read, .. }, false) => {
            writeln!(out, "[{reader}] {}", describe(read))?;
        }
        (ReaderEvent::Status { reader, status }, true) => {
            let mut v = serde_json::to_value(status).unwrap_or_default();
            v["reader"] = json!(reader);
            v["event"] = json!("status");
            writeln!(out, "{v}")?;
        }
        (ReaderEvent::Status { reader, status }, false) => {
            let text = match status {
                ReaderStatus::Connected => "connected".to_string(),
                ReaderStatus::Disconnected { reason } => format!("disconnected ({reason})"),
                ReaderStatus::Error { message, .. } => format!("error: {message}"),
            };
            writeln!(out, "[{reader}] {text}")?;
        }
    }
    out.flush()
}

fn list(json: bool, out: &mut dyn Write) -> Result<(), DevicesCliError> {
    let ports = serial::list_ports();
    let hids = hid::list_hid();
    if json {
        let profiles: Vec<_> = PROFILES
            .iter()
            .map(|p| json!({"name": p.name, "kind": p.kind, "description": p.description}))
            .collect();
        let v = json!({
            "serial": ports.as_ref().ok(),
            "serial_error": ports.as_ref().err(),
            "hid": hids.as_ref().ok(),
            "hid_error": hids.as_ref().err(),
            "profiles": profiles,
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    writeln!(out, "Serial ports:")?;
    match &ports {
        Ok(ps) if ps.is_empty() => writeln!(out, "  (none)")?,
        Ok(ps) => {
            for p in ps {
                let ids = match (p.vendor_id, p.product_id) {
                    (Some(v), Some(d)) => format!(" {v:04x}:{d:04x}"),
                    _ => String::new(),
                };
                let product = p.product.as_deref().unwrap_or("");
                let hint = p
                    .suggested_profile
                    .map(|s| format!("  -> profile {s}"))
                    .unwrap_or_default();
                writeln!(out, "  {}{ids} {product}{hint}", p.path)?;
            }
        }
        Err(e) => writeln!(out, "  cannot list serial ports: {e}")?,
    }
    writeln!(out, "HID devices:")?;
    match &hids {
        Ok(hs) if hs.is_empty() => writeln!(out, "  (none)")?,
        Ok(hs) => {
            for h in hs {
                let hint = h
                    .suggested_profile
                    .map(|s| format!("  -> profile {s}"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "  {} {:04x}:{:04x} {} usage page 0x{:04x} usage 0x{:04x}{hint}",
                    h.path,
                    h.vendor_id,
                    h.product_id,
                    h.product.as_deref().unwrap_or(""),
                    h.usage_page,
                    h.usage
                )?;
            }
        }
        Err(e) => writeln!(out, "  cannot list HID devices: {e}")?,
    }
    writeln!(out, "Profiles:")?;
    for p in PROFILES {
        writeln!(out, "  {:<20} {}", p.name, p.description)?;
    }
    Ok(())
}

fn simulate(
    profile: &str,
    cards: &[String],
    wait_ms: u64,
    gap_ms: u64,
    seconds: Option<u64>,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), DevicesCliError> {
    let mut sim = VirtualReader::new(profile).map_err(DevicesCliError::Device)?;
    let started = Instant::now();
    if json {
        writeln!(out, "{}", json!({"path": sim.path(), "profile": profile}))?;
    } else {
        writeln!(out, "Virtual {profile} reader on {}", sim.path())?;
        writeln!(
            out,
            "Listen with: vafa devices listen --reader {profile}@{}",
            sim.path()
        )?;
        if seconds.is_none() {
            writeln!(
                out,
                "Type a card number and Enter to send it; Ctrl-D to stop."
            )?;
        }
    }
    out.flush()?;
    if !cards.is_empty() {
        std::thread::sleep(Duration::from_millis(wait_ms));
    }
    for c in cards {
        sim.send_card(c).map_err(DevicesCliError::Device)?;
        std::thread::sleep(Duration::from_millis(gap_ms));
    }
    match seconds {
        Some(s) => {
            let until = started + Duration::from_secs(s);
            std::thread::sleep(until.saturating_duration_since(Instant::now()));
        }
        None => {
            for line in std::io::stdin().lines() {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                match sim.send_card(&line) {
                    Ok(()) => writeln!(out, "sent {}", line.trim())?,
                    Err(e) => writeln!(out, "not sent: {e}")?,
                }
                out.flush()?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn unescape_text() {
        assert_eq!(unescape(r"12\r\n"), b"12\r\n");
        assert_eq!(unescape(r"\x0267\x03"), b"\x0267\x03");
        assert_eq!(unescape(r"a\\b\q"), b"a\\b\\q");
        assert_eq!(unescape(r"\xZ"), b"\\xZ");
    }
}
