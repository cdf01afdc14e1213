//! Receipt printers: a 1-bit picture of the slip ([`Bitmap`]), its ESC/POS bytes
//! ([`escpos`], pure), drawing a slip with the bundled Vazirmatn font ([`render`], feature
//! `receipt`) and sending bytes to a printer over the network, a serial port or a device
//! file ([`transport`], feature `hardware`).
//!
//! Persian is printed as a raster image: printer code pages neither join Persian letters
//! nor order right-to-left text (docs/printing.md).

pub mod escpos;
#[cfg(feature = "receipt")]
pub mod png;
#[cfg(feature = "receipt")]
pub mod render;
#[cfg(feature = "hardware")]
pub mod transport;

/// The paper's printable width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Paper {
    /// 58 mm paper: 384 dots at 8 dots/mm.
    #[serde(rename = "58")]
    Mm58,
    /// 80 mm paper: 576 dots.
    #[serde(rename = "80")]
    Mm80,
}

impl Paper {
    /// Dots across (a multiple of 8).
    pub fn dots(self) -> u32 {
        match self {
            Paper::Mm58 => 384,
            Paper::Mm80 => 576,
        }
    }

    /// `58` or `80` (with or without `mm`).
    pub fn parse(text: &str) -> Option<Paper> {
        match text.trim().trim_end_matches("mm") {
            "58" => Some(Paper::Mm58),
            "80" => Some(Paper::Mm80),
            _ => None,
        }
    }

    pub fn mm(self) -> u32 {
        match self {
            Paper::Mm58 => 58,
            Paper::Mm80 => 80,
        }
    }
}

/// A 1-bit picture: `true` is a black dot. Rows top to bottom, dots left to right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bitmap {
    width: u32,
    height: u32,
    dots: Vec<bool>,
}

impl Bitmap {
    /// A white picture.
    pub fn new(width: u32, height: u32) -> Bitmap {
        Bitmap {
            width,
            height,
            dots: vec![false; width as usize * height as usize],
        }
    }

    pub fn width(&self) -> u32 {
        self.width
    }

    pub fn height(&self) -> u32 {
        self.height
    }

    pub fn get(&self, x: u32, y: u32) -> bool {
        x < self.width && y < self.height && self.dots[(y * self.width + x) as usize]
    }

    /// Sets a dot; one outside the picture is ignored.
    pub fn set(&mut self, x: i64, y: i64, black: bool) {
        if x >= 0
            && y >= 0
            && (x as u64) < u64::from(self.width)
            && (y as u64) < u64::from(self.height)
        {
            self.dots[(y as u64 * u64::from(self.width) + x as u64) as usize] = black;
        }
    }

    /// The picture cut to its first `height` rows.
    pub fn truncate(&mut self, height: u32) {
        let h = height.min(self.height);
        self.dots.truncate(h as usize * self.width as usize);
        self.height = h;
    }

    /// How many dots differ from `other` (both the same size), or `None` if the sizes differ.
    pub fn difference(&self, other: &Bitmap) -> Option<usize> {
        if self.width != other.width || self.height != other.height {
            return None;
        }
        Some(
            self.dots
                .iter()
                .zip(&other.dots)
                .filter(|(a, b)| a != b)
                .count(),
        )
    }

    /// The black dots.
    pub fn black(&self) -> usize {
        self.dots.iter().filter(|d| **d).count()
    }
}
