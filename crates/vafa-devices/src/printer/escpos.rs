//! ESC/POS bytes for a slip: initialise, the picture as `GS v 0` raster bands of at most
//! [`BAND_ROWS`] rows, feed, cut, and optionally the cash-drawer kick. Pure.
//!
//! `GS v 0` = `1D 76 30 m xL xH yL yH d…`: m = 0 (normal size), x = bytes per row, y = rows,
//! both little-endian; each byte is 8 dots, the most significant bit the leftmost, 1 black.

use super::Bitmap;

/// `ESC @`: clears the printer's buffer and modes.
pub const INIT: [u8; 2] = [0x1B, 0x40];
/// `ESC d 4`: feeds four lines so that the end of the slip passes the knife.
pub const FEED: [u8; 3] = [0x1B, 0x64, 0x04];
/// `GS V 1`: partial cut (printers without a knife ignore it).
pub const CUT: [u8; 3] = [0x1D, 0x56, 0x01];
/// `ESC p 0 25 250`: a pulse on drawer pin 2 (50 ms on, 500 ms off).
pub const DRAWER: [u8; 5] = [0x1B, 0x70, 0x00, 0x19, 0xFA];
/// Rows per `GS v 0` band: some printers refuse taller images, and a band is a buffer's worth.
pub const BAND_ROWS: u32 = 256;

/// What to send after the picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Finish {
    pub cut: bool,
    pub drawer: bool,
}

impl Default for Finish {
    fn default() -> Finish {
        Finish {
            cut: true,
            drawer: false,
        }
    }
}

/// The picture's rows packed 8 dots a byte (the width rounded up to a whole byte).
pub fn pack_rows(b: &Bitmap, from: u32, to: u32) -> Vec<u8> {
    let bpr = b.width().div_ceil(8);
    let mut out = vec![0u8; (bpr * (to - from)) as usize];
    for y in from..to {
        for x in 0..b.width() {
            if b.get(x, y) {
                out[((y - from) * bpr + x / 8) as usize] |= 0x80 >> (x % 8);
            }
        }
    }
    out
}

/// The whole job: `ESC @`, one `GS v 0` per band, feed, cut, drawer.
pub fn encode(b: &Bitmap, finish: Finish) -> Vec<u8> {
    let bpr = b.width().div_ceil(8);
    let mut out = Vec::with_capacity((bpr * b.height()) as usize + 64);
    out.extend_from_slice(&INIT);
    let mut y = 0;
    while y < b.height() {
        let rows = (b.height() - y).min(BAND_ROWS);
        out.extend_from_slice(&[0x1D, 0x76, 0x30, 0x00]);
        out.extend_from_slice(&(bpr as u16).to_le_bytes());
        out.extend_from_slice(&(rows as u16).to_le_bytes());
        out.extend(pack_rows(b, y, y + rows));
        y += rows;
    }
    out.extend_from_slice(&FEED);
    if finish.cut {
        out.extend_from_slice(&CUT);
    }
    if finish.drawer {
        out.extend_from_slice(&DRAWER);
    }
    out
}

/// The picture back from a job [`encode`] wrote (for tests and for a look at what a printer
/// was sent); `None` if the bytes are not such a job.
pub fn decode(bytes: &[u8]) -> Option<Bitmap> {
    let mut rest = bytes.strip_prefix(&INIT[..])?;
    let mut bands: Vec<(u32, u32, &[u8])> = Vec::new();
    while let Some(r) = rest.strip_prefix(&[0x1D, 0x76, 0x30, 0x00][..]) {
        let bpr = u32::from(u16::from_le_bytes([*r.first()?, *r.get(1)?]));
        let rows = u32::from(u16::from_le_bytes([*r.get(2)?, *r.get(3)?]));
        let n = (bpr * rows) as usize;
        bands.push((bpr, rows, r.get(4..4 + n)?));
        rest = &r[4 + n..];
    }
    let bpr = bands.first()?.0;
    let height: u32 = bands.iter().map(|b| b.1).sum();
    let mut b = Bitmap::new(bpr * 8, height);
    let mut y0 = 0i64;
    for (w, rows, data) in bands {
        if w != bpr {
            return None;
        }
        for (i, byte) in data.iter().enumerate() {
            let (row, col) = (i as i64 / i64::from(bpr), i as i64 % i64::from(bpr));
            for bit in 0..8 {
                if byte & (0x80 >> bit) != 0 {
                    b.set(col * 8 + bit, y0 + row, true);
                }
            }
        }
        y0 += i64::from(rows);
    }
    Some(b)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A 16 × 3 picture: a diagonal and a full last row.
    fn small() -> Bitmap {
        let mut b = Bitmap::new(16, 3);
        b.set(0, 0, true);
        b.set(9, 1, true);
        for x in 0..16 {
            b.set(x, 2, true);
        }
        b
    }

    #[test]
    fn exact_bytes_of_a_small_picture() {
        let bytes = encode(&small(), Finish::default());
        assert_eq!(
            bytes,
            [
                0x1B, 0x40, // ESC @
                0x1D, 0x76, 0x30, 0x00, 0x02, 0x00, 0x03, 0x00, // GS v 0, 2 bytes × 3 rows
                0x80, 0x00, // row 0: dot 0
                0x00, 0x40, // row 1: dot 9
                0xFF, 0xFF, // row 2: all
                0x1B, 0x64, 0x04, // ESC d 4
                0x1D, 0x56, 0x01, // GS V 1
            ]
        );
        let with_drawer = encode(
            &small(),
            Finish {
                cut: false,
                drawer: true,
            },
        );
        assert!(with_drawer.ends_with(&[0x1B, 0x64, 0x04, 0x1B, 0x70, 0x00, 0x19, 0xFA]));
    }

    #[test]
    fn a_width_not_a_multiple_of_8_is_padded() {
        let mut b = Bitmap::new(10, 1);
        b.set(9, 0, true);
        let bytes = encode(&b, Finish::default());
        assert_eq!(
            &bytes[2..12],
            &[0x1D, 0x76, 0x30, 0x00, 2, 0, 1, 0, 0x00, 0x40]
        );
    }

    #[test]
    fn tall_pictures_go_in_bands_and_come_back() {
        let mut b = Bitmap::new(384, 600);
        for y in 0..600 {
            b.set(i64::from(y % 384), i64::from(y), true);
        }
        let bytes = encode(&b, Finish::default());
        // 256 + 256 + 88 rows of 48 bytes.
        let heads: Vec<usize> = bytes
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == [0x1D, 0x76, 0x30, 0x00])
            .map(|(i, _)| i)
            .collect();
        assert_eq!(heads, [2, 2 + 8 + 48 * 256, 2 + 2 * (8 + 48 * 256)]);
        assert_eq!(&bytes[heads[2] + 4..heads[2] + 8], &[48, 0, 88, 0]);
        assert_eq!(bytes.len(), 2 + 3 * 8 + 48 * 600 + 3 + 3);
        assert_eq!(decode(&bytes).unwrap(), b);
    }
}
