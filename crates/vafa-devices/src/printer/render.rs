//! Drawing a [`Slip`] into a 1-bit [`Bitmap`] with the bundled Vazirmatn font: cosmic-text
//! shapes (Persian letters joined, with the font's own forms) and orders right-to-left text
//! (Unicode bidi: amounts keep their digits' order); each dot is black where the glyph
//! covers at least half of it, so the same slip always gives the same dots.

use cosmic_text::{
    Align, Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Weight, Wrap,
    fontdb,
};
use vafa_core::receipt::{Slip, SlipLine};

use super::{Bitmap, Paper};

pub const REGULAR_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/Vazirmatn-Regular.ttf");
pub const BOLD_BYTES: &[u8] = include_bytes!("../../../../assets/fonts/Vazirmatn-Bold.ttf");

/// Dots of white paper left at each side.
const MARGIN: u32 = 8;

/// The font, with its caches: make one and draw every slip with it.
pub struct Renderer {
    fonts: FontSystem,
    cache: SwashCache,
    /// The slip being drawn is right to left.
    rtl: bool,
}

impl Default for Renderer {
    fn default() -> Renderer {
        Renderer::new()
    }
}

/// Sizes in dots (8 dots a millimetre) for one paper width.
struct Sizes {
    body: Metrics,
    title: Metrics,
}

fn sizes(paper: Paper) -> Sizes {
    match paper {
        Paper::Mm58 => Sizes {
            body: Metrics::new(22.0, 32.0),
            title: Metrics::new(30.0, 42.0),
        },
        Paper::Mm80 => Sizes {
            body: Metrics::new(26.0, 38.0),
            title: Metrics::new(36.0, 50.0),
        },
    }
}

impl Renderer {
    /// Only the two bundled faces: no system font, so the dots do not depend on the machine.
    pub fn new() -> Renderer {
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR_BYTES.to_vec());
        db.load_font_data(BOLD_BYTES.to_vec());
        db.set_sans_serif_family("Vazirmatn");
        Renderer {
            fonts: FontSystem::new_with_locale_and_db("fa-IR".into(), db),
            cache: SwashCache::new(),
            rtl: false,
        }
    }

    /// The slip as dots, the paper's width across and as tall as its lines.
    pub fn draw(&mut self, slip: &Slip, paper: Paper) -> Bitmap {
        let s = sizes(paper);
        self.rtl = slip.rtl;
        let width = paper.dots();
        let inner = (width - 2 * MARGIN) as f32;
        let (start, end) = if slip.rtl {
            (Align::Right, Align::Left)
        } else {
            (Align::Left, Align::Right)
        };
        // Generous: a long line may wrap onto several.
        let guess: u32 = slip.lines.len() as u32 * 3 * s.title.line_height as u32 + 64;
        let mut b = Bitmap::new(width, guess);
        let mut y = MARGIN as f32;
        for line in &slip.lines {
            let h = match line {
                SlipLine::Title(t) => {
                    self.text(&mut b, t, s.title, true, Align::Center, 0.0, inner, y)
                }
                SlipLine::Center(t) => {
                    self.text(&mut b, t, s.body, false, Align::Center, 0.0, inner, y)
                }
                SlipLine::Text(t) => self.text(&mut b, t, s.body, false, start, 0.0, inner, y),
                SlipLine::Pair(l, v) => {
                    self.pair(&mut b, l, v, s.body, false, (start, end), inner, y)
                }
                SlipLine::Strong(l, v) => {
                    self.pair(&mut b, l, v, s.body, true, (start, end), inner, y)
                }
                SlipLine::Rule => {
                    let mid = (y + s.body.line_height / 2.0) as i64;
                    for x in MARGIN..width - MARGIN {
                        if x % 8 < 5 {
                            b.set(i64::from(x), mid, true);
                            b.set(i64::from(x), mid + 1, true);
                        }
                    }
                    s.body.line_height
                }
                SlipLine::Gap => s.body.line_height / 2.0,
            };
            y += h;
        }
        b.truncate((y as u32 + MARGIN).min(guess));
        b
    }

    /// A label at the start and a value at the end of one line; the label wraps in what the
    /// value leaves. Returns the height used.
    #[allow(clippy::too_many_arguments)]
    fn pair(
        &mut self,
        b: &mut Bitmap,
        label: &str,
        value: &str,
        m: Metrics,
        bold: bool,
        (start, end): (Align, Align),
        inner: f32,
        y: f32,
    ) -> f32 {
        let value_buf = self.buffer(value, m, bold, end, inner);
        let value_w = value_buf
            .layout_runs()
            .map(|r| r.line_w)
            .fold(0.0f32, f32::max);
        let label_w = (inner - value_w - m.font_size).max(inner / 3.0);
        let label_x = if start == Align::Right {
            inner - label_w
        } else {
            0.0
        };
        let h1 = self.paint(b, &value_buf, 0.0, y);
        let label_buf = self.buffer(label, m, bold, start, label_w);
        let h2 = self.paint(b, &label_buf, label_x, y);
        h1.max(h2)
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        b: &mut Bitmap,
        text: &str,
        m: Metrics,
        bold: bool,
        align: Align,
        x: f32,
        width: f32,
        y: f32,
    ) -> f32 {
        let buf = self.buffer(text, m, bold, align, width);
        self.paint(b, &buf, x, y)
    }

    fn buffer(&mut self, text: &str, m: Metrics, bold: bool, align: Align, width: f32) -> Buffer {
        // A right-to-left slip's lines are right-to-left paragraphs even when they hold only
        // digits and Latin letters (a date and a time, a code): U+200F RIGHT-TO-LEFT MARK.
        let marked;
        let text = if self.rtl {
            marked = format!("\u{200f}{text}");
            marked.as_str()
        } else {
            text
        };
        let mut buf = Buffer::new(&mut self.fonts, m);
        buf.set_wrap(&mut self.fonts, Wrap::WordOrGlyph);
        buf.set_size(&mut self.fonts, Some(width), None);
        let weight = if bold { Weight::BOLD } else { Weight::NORMAL };
        let attrs = Attrs::new()
            .family(Family::Name("Vazirmatn"))
            .weight(weight);
        buf.set_text(
            &mut self.fonts,
            text,
            &attrs,
            Shaping::Advanced,
            Some(align),
        );
        buf.shape_until_scroll(&mut self.fonts, false);
        buf
    }

    /// Draws `buf` with its top left at (`MARGIN + x`, `y`); returns its height.
    fn paint(&mut self, b: &mut Bitmap, buf: &Buffer, x: f32, y: f32) -> f32 {
        let (ox, oy) = ((MARGIN as f32 + x) as i64, y as i64);
        buf.draw(
            &mut self.fonts,
            &mut self.cache,
            Color::rgb(0, 0, 0),
            |px, py, w, h, color| {
                if color.a() >= 128 {
                    for dy in 0..h {
                        for dx in 0..w {
                            b.set(
                                ox + i64::from(px) + i64::from(dx),
                                oy + i64::from(py) + i64::from(dy),
                                true,
                            );
                        }
                    }
                }
            },
        );
        let runs = buf.layout_runs().count().max(1);
        runs as f32 * buf.metrics().line_height
    }
}
