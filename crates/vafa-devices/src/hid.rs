//! USB HID readers (MagTek swipe readers, HID POS scanners): a small trait over hidapi's
//! read so recorded reports can be replayed in tests, the worker loop, discovery, and the
//! table of known vendors.

use std::time::Instant;

use super::profiles::MAX_INPUT;
use super::worker::{Ctx, READ_TIMEOUT, REOPEN_EVERY, ReaderStatus};
use super::{ReadError, decode, hidpos};

/// One opened HID device: read one input report, waiting at most `timeout_ms`.
/// `Ok(0)` means nothing came in time; `Err` means the device is gone.
pub trait HidSource {
    fn read_timeout(&mut self, buf: &mut [u8], timeout_ms: i32) -> Result<usize, String>;
}

/// Finds and opens the device (again after an unplug).
pub trait HidOpener: Send {
    fn open(&mut self) -> Result<Box<dyn HidSource>, String>;
}

/// The real thing: hidapi (Linux hidraw backend), by vendor/product id and usage page.
#[derive(Debug, Clone)]
pub struct HidApiOpener {
    vendor_id: u16,
    product_id: u16,
    usage_page: Option<u16>,
}

impl HidApiOpener {
    pub fn new(vendor_id: u16, product_id: u16, usage_page: Option<u16>) -> Self {
        Self {
            vendor_id,
            product_id,
            usage_page,
        }
    }
}

struct HidApiSource(hidapi::HidDevice);

impl HidSource for HidApiSource {
    fn read_timeout(&mut self, buf: &mut [u8], timeout_ms: i32) -> Result<usize, String> {
        self.0
            .read_timeout(buf, timeout_ms)
            .map_err(|e| e.to_string())
    }
}

impl HidOpener for HidApiOpener {
    fn open(&mut self) -> Result<Box<dyn HidSource>, String> {
        let api = hidapi::HidApi::new().map_err(|e| e.to_string())?;
        let info = api
            .device_list()
            .find(|d| {
                d.vendor_id() == self.vendor_id
                    && d.product_id() == self.product_id
                    && self.usage_page.is_none_or(|u| d.usage_page() == u)
            })
            .ok_or_else(|| {
                format!(
                    "no HID device {:04x}:{:04x} is plugged in",
                    self.vendor_id, self.product_id
                )
            })?;
        let dev = info.open_device(&api).map_err(|e| e.to_string())?;
        Ok(Box::new(HidApiSource(dev)))
    }
}

/// The worker loop for HID profiles (`magtek-hid`: one report per swipe; `hid-pos`: one or
/// more reports per scan, joined by [`hidpos::Assembler`]).
pub(crate) fn run(mut ctx: Ctx, mut opener: Box<dyn HidOpener>) {
    let is_hidpos = ctx.profile == "hid-pos";
    let timeout_ms = i32::try_from(READ_TIMEOUT.as_millis()).unwrap_or(50);
    let mut buf = vec![0u8; MAX_INPUT];
    let mut asm = hidpos::Assembler::default();
    while !ctx.stopped() {
        let mut dev = match opener.open() {
            Ok(d) => d,
            Err(reason) => {
                ctx.status(ReaderStatus::Disconnected { reason });
                ctx.nap(REOPEN_EVERY);
                continue;
            }
        };
        ctx.status(ReaderStatus::Connected);
        let reason = loop {
            if ctx.stopped() {
                return;
            }
            match dev.read_timeout(&mut buf, timeout_ms) {
                Ok(0) => {
                    if let Some(e) = asm.expire(Instant::now()) {
                        ctx.result(Err(e));
                    }
                }
                Ok(n) => {
                    let report = &buf[..n.min(buf.len())];
                    if is_hidpos {
                        let now = Instant::now();
                        if let Some(e) = asm.expire(now) {
                            ctx.result(Err(e));
                        }
                        match asm.push(report, now) {
                            Ok(Some(read)) => ctx.result(Ok(read)),
                            Ok(None) => {}
                            Err(e) => ctx.result(Err(e)),
                        }
                    } else {
                        let r = decode(&ctx.profile, report);
                        ctx.result(r);
                    }
                }
                Err(e) => break e,
            }
        };
        // Unplugged mid-scan: the half scan is dropped, never used.
        if asm.in_progress() {
            ctx.result(Err(ReadError::Incomplete));
        }
        asm.reset();
        drop(dev);
        ctx.status(ReaderStatus::Disconnected { reason });
        ctx.nap(REOPEN_EVERY);
    }
}

/// A HID device (interface) seen now.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HidInfo {
    pub path: String,
    pub vendor_id: u16,
    pub product_id: u16,
    pub product: Option<String>,
    pub manufacturer: Option<String>,
    pub usage_page: u16,
    pub usage: u16,
    pub suggested_profile: Option<&'static str>,
}

/// HID devices present now, with a profile suggestion.
pub fn list_hid() -> Result<Vec<HidInfo>, String> {
    let api = hidapi::HidApi::new().map_err(|e| e.to_string())?;
    Ok(api
        .device_list()
        .map(|d| HidInfo {
            path: d.path().to_string_lossy().into_owned(),
            vendor_id: d.vendor_id(),
            product_id: d.product_id(),
            product: d.product_string().map(str::to_string),
            manufacturer: d.manufacturer_string().map(str::to_string),
            usage_page: d.usage_page(),
            usage: d.usage(),
            suggested_profile: suggest_hid(d.vendor_id(), d.usage_page(), d.usage()),
        })
        .collect())
}

/// A vendor whose readers we know: its name, the profile for its HID interface and for its
/// serial (USB-CDC / RS-232) mode.
pub struct Vendor {
    pub id: u16,
    pub name: &'static str,
    pub hid: Option<&'static str>,
    pub serial: Option<&'static str>,
}

/// Vendors from their public manuals and drivers.
pub const VENDORS: &[Vendor] = &[
    Vendor {
        id: 0x0801,
        name: "MagTek",
        hid: Some("magtek-hid"),
        serial: Some("magstripe-ascii"),
    },
    Vendor {
        id: 0x0C2E,
        name: "Honeywell (Metrologic)",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
    Vendor {
        id: 0x067E,
        name: "Intermec (Honeywell)",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
    Vendor {
        id: 0x05E0,
        name: "Zebra (Symbol)",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
    Vendor {
        id: 0x05F9,
        name: "Datalogic",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
    Vendor {
        id: 0x1EAB,
        name: "Newland",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
    Vendor {
        id: 0x1FBB,
        name: "Cino",
        hid: Some("hid-pos"),
        serial: Some("barcode-serial"),
    },
];

/// HID usage page of barcode scanners in HID POS mode.
pub const USAGE_PAGE_POS_BARCODE: u16 = 0x8C;
/// HID usage page of magnetic stripe readers.
pub const USAGE_PAGE_MSR: u16 = 0x8E;

/// The profile to suggest for a HID interface.
pub fn suggest_hid(vendor_id: u16, usage_page: u16, usage: u16) -> Option<&'static str> {
    if usage_page == USAGE_PAGE_POS_BARCODE {
        return Some("hid-pos");
    }
    // Generic desktop keyboard: a reader in keyboard-wedge mode types into the till window.
    let keyboard = usage_page == 0x01 && usage == 0x06;
    let vendor = VENDORS.iter().find(|v| v.id == vendor_id)?;
    if keyboard {
        return Some("wedge");
    }
    if vendor_id == 0x0801 && usage_page >= 0xFF00 {
        // Encrypting MagneSafe readers use vendor pages: not supported.
        return None;
    }
    vendor.hid
}

/// The profile to suggest for a USB serial port of this vendor.
pub fn suggest_serial(vendor_id: u16) -> Option<&'static str> {
    VENDORS.iter().find(|v| v.id == vendor_id)?.serial
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(suggest_hid(0x0801, 0xFF00, 1), None);
        assert_eq!(suggest_hid(0x0801, 0x8E, 1), Some("magtek-hid"));
        assert_eq!(suggest_hid(0x1234, 0x8C, 2), Some("hid-pos"));
        assert_eq!(suggest_hid(0x05E0, 0x01, 0x06), Some("wedge"));
        assert_eq!(suggest_hid(0x1234, 0x01, 0x06), None);
        assert_eq!(suggest_serial(0x05F9), Some("barcode-serial"));
        assert_eq!(suggest_serial(0x0403), None);
    }
}
