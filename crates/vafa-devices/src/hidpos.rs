//! HID POS barcode scanners (usage page 0x8C): scanned-data report id 2, 64 bytes.
//! Byte 1: data length (not counting the AIM id); bytes 2-4: AIM symbology id (`]E0`), or
//! zero; bytes 5-60: data, NUL padded; byte 61: Honeywell's own code id; byte 63 bit 0 set:
//! more reports follow for the same scan. Some vendors shift the AIM id one byte right (a
//! zero at byte 2, `]` at byte 3, data from byte 6): that quirk is recognised.
//!
//! [`parse`] decodes a whole scan given as one or more 64-byte reports back to back (the
//! `--hex` of `vafa devices decode`); [`Assembler`] does the same report by report for the
//! worker, dropping a scan whose continuation does not come within [`CONTINUATION_TIMEOUT`].

use std::time::{Duration, Instant};

use super::{CardRead, ReadError, barcode, profiles::MAX_INPUT};

pub const REPORT_ID: u8 = 2;
pub const REPORT_LEN: usize = 64;
/// Data ends before byte 61 (Honeywell's code id) in a full-length report.
const DATA_END: usize = 61;
/// A scan continued over several reports is dropped when the next report is this late.
pub const CONTINUATION_TIMEOUT: Duration = Duration::from_millis(500);

/// How long after a dropped scan a lone final report is taken for its late tail.
const ORPHAN_WINDOW: Duration = Duration::from_secs(1);

/// One report's share of a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub aim: Option<[u8; 3]>,
    pub data: Vec<u8>,
    pub more: bool,
}

/// Cuts one report into AIM id, data and the "more follows" flag.
pub fn parse_report(r: &[u8]) -> Result<Segment, ReadError> {
    let (&id, _) = r.split_first().ok_or(ReadError::Empty)?;
    if id != REPORT_ID {
        return Err(ReadError::UnknownReport { id });
    }
    if r.len() < 5 {
        return Err(ReadError::Incomplete);
    }
    let len = usize::from(r[1]);
    let (aim, start) = if r[2] == b']' {
        (Some([r[2], r[3], r[4]]), 5)
    } else if r[2] == 0 && r[3] == b']' && r.len() > 5 {
        (Some([r[3], r[4], r[5]]), 6)
    } else {
        (None, 5)
    };
    let end_limit = if r.len() > DATA_END {
        DATA_END
    } else {
        r.len()
    };
    let end = start + len;
    if end > end_limit {
        return Err(ReadError::Frame {
            detail: "data length larger than the report",
        });
    }
    let more = r.len() >= REPORT_LEN && r[REPORT_LEN - 1] & 1 == 1;
    Ok(Segment {
        aim,
        data: r[start..end].to_vec(),
        more,
    })
}

/// Decodes a scan from one or more reports back to back (64 bytes each; a single shorter
/// report is taken whole).
pub fn parse(bytes: &[u8]) -> Result<CardRead, ReadError> {
    if bytes.len() > MAX_INPUT {
        return Err(ReadError::TooLong { len: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    let reports: Vec<&[u8]> = if bytes.len() > REPORT_LEN {
        if !bytes.len().is_multiple_of(REPORT_LEN) {
            return Err(ReadError::Frame {
                detail: "not whole 64-byte reports",
            });
        }
        bytes.chunks(REPORT_LEN).collect()
    } else {
        vec![bytes]
    };
    let mut asm = Assembler::default();
    let now = Instant::now();
    let last = reports.len() - 1;
    for (i, r) in reports.into_iter().enumerate() {
        match asm.push(r, now)? {
            Some(read) if i == last => return Ok(read),
            Some(_) => {
                return Err(ReadError::Frame {
                    detail: "reports after the end of the scan",
                });
            }
            None => {}
        }
    }
    Err(ReadError::Incomplete)
}

/// Joins reports of one scan.
#[derive(Debug, Default)]
pub struct Assembler {
    aim: Option<[u8; 3]>,
    data: Vec<u8>,
    last: Option<Instant>,
    /// After a dropped scan, its late tail may still come: reports until then are refused.
    orphan_until: Option<Instant>,
}

impl Assembler {
    /// Adds a report; returns the card once the scan is complete. A bad report drops the
    /// scan in progress.
    pub fn push(&mut self, report: &[u8], now: Instant) -> Result<Option<CardRead>, ReadError> {
        let seg = match parse_report(report) {
            Ok(s) => s,
            Err(e) => {
                self.reset();
                return Err(e);
            }
        };
        if let Some(until) = self.orphan_until.take()
            && now < until
            && !seg.more
        {
            // The late end of the scan that was dropped: never half a card.
            return Err(ReadError::Incomplete);
        }
        if self.last.is_none() {
            self.aim = seg.aim;
        }
        self.data.extend_from_slice(&seg.data);
        if self.data.len() > MAX_INPUT {
            let len = self.data.len();
            self.reset();
            return Err(ReadError::TooLong { len });
        }
        if seg.more {
            self.last = Some(now);
            return Ok(None);
        }
        let aim = self.aim.take();
        let data = std::mem::take(&mut self.data);
        self.last = None;
        finish(aim, &data).map(Some)
    }

    /// Drops a scan whose continuation is overdue, reporting it once.
    pub fn expire(&mut self, now: Instant) -> Option<ReadError> {
        let last = self.last?;
        if now.saturating_duration_since(last) >= CONTINUATION_TIMEOUT {
            self.reset();
            self.orphan_until = Some(now + ORPHAN_WINDOW);
            return Some(ReadError::ContinuationTimeout);
        }
        None
    }

    /// Forgets a scan in progress (also on unplug).
    pub fn reset(&mut self) {
        self.aim = None;
        self.data.clear();
        self.last = None;
    }

    pub fn in_progress(&self) -> bool {
        self.last.is_some()
    }
}

fn finish(aim: Option<[u8; 3]>, data: &[u8]) -> Result<CardRead, ReadError> {
    let text = super::profiles::clean_text(data)?;
    let mut read = barcode::parse_line(&text, "hid-pos")?;
    if let Some([_, code, modifier]) = aim
        && code.is_ascii_alphabetic()
    {
        read.symbology = Some(barcode::symbology_name(code, modifier));
    }
    Ok(read)
}

/// Builds the reports of a scan (tests, simulator, fuzz seeds). `shifted` applies the
/// one-byte vendor offset.
pub fn build_reports(aim: Option<&str>, data: &[u8], shifted: bool) -> Vec<u8> {
    let start = if shifted { 6 } else { 5 };
    let room = DATA_END - start;
    let chunks: Vec<&[u8]> = if data.is_empty() {
        vec![data]
    } else {
        data.chunks(room).collect()
    };
    let mut out = Vec::new();
    for (i, chunk) in chunks.iter().enumerate() {
        let mut r = [0u8; REPORT_LEN];
        r[0] = REPORT_ID;
        r[1] = chunk.len() as u8; // at most 56
        if let Some(a) = aim {
            let a = a.as_bytes();
            let at = start - 3;
            r[at..at + a.len().min(3)].copy_from_slice(&a[..a.len().min(3)]);
        }
        r[start..start + chunk.len()].copy_from_slice(chunk);
        if i + 1 < chunks.len() {
            r[REPORT_LEN - 1] = 1;
        }
        out.extend_from_slice(&r);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multi_report_scans() {
        let r = build_reports(Some("]E0"), b"5901234123457", false);
        let read = parse(&r).unwrap();
        assert_eq!(read.card, "5901234123457");
        assert_eq!(read.symbology.as_deref(), Some("EAN-13"));
        let long: Vec<u8> = (0..150).map(|i| b'A' + (i % 26) as u8).collect();
        let r = build_reports(Some("]Q1"), &long, false);
        assert_eq!(r.len(), 3 * REPORT_LEN);
        let read = parse(&r).unwrap();
        assert_eq!(read.card.as_bytes(), &long[..]);
        assert_eq!(read.symbology.as_deref(), Some("QR Code"));
        let r = build_reports(Some("]E0"), b"5901234123457", true);
        assert_eq!(parse(&r).unwrap().card, "5901234123457");
        let r = build_reports(None, b"ABC", false);
        assert_eq!(parse(&r).unwrap().symbology, None);
    }

    #[test]
    fn bad_reports() {
        assert_eq!(parse(&[]), Err(ReadError::Empty));
        assert_eq!(parse(&[7; 64]), Err(ReadError::UnknownReport { id: 7 }));
        assert_eq!(parse(&[2, 1]), Err(ReadError::Incomplete));
        let mut r = build_reports(Some("]E0"), b"123", false);
        r[1] = 60;
        assert!(parse(&r).is_err());
        let long = [b'1'; 100];
        let r = build_reports(None, &long, false);
        assert_eq!(parse(&r[..64]), Err(ReadError::Incomplete));
        assert!(parse(&r[..100]).is_err());
        let r = build_reports(None, b"\0\0", false);
        assert_eq!(parse(&r), Err(ReadError::Empty));
    }

    #[test]
    fn continuation_that_never_comes_is_dropped() {
        let long = [b'7'; 100];
        let r = build_reports(None, &long, false);
        let t0 = Instant::now();
        let mut a = Assembler::default();
        assert_eq!(a.push(&r[..64], t0), Ok(None));
        assert_eq!(a.expire(t0 + Duration::from_millis(100)), None);
        assert_eq!(
            a.expire(t0 + Duration::from_millis(500)),
            Some(ReadError::ContinuationTimeout)
        );
        assert!(!a.in_progress());
        // The late tail alone is not taken for a card.
        let late = t0 + Duration::from_millis(700);
        assert_eq!(a.push(&r[64..], late), Err(ReadError::Incomplete));
        // A whole new scan after that reads normally.
        let ok = build_reports(None, b"42", false);
        assert_eq!(a.push(&ok, late).unwrap().unwrap().card, "42");
    }
}
