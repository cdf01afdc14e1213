//! The charts of vafa's reports and surveys, each drawn ONCE by [`draw_bars`] over any
//! plotters [`DrawingBackend`]: plotters' SVG backend for files ([`svg`]) and the pages
//! around them ([`html`]); the till window's canvas can use the same function. Persian charts
//! are right to left (labels on the right, bars growing leftwards) with the shop's digits
//! (the caller's words and numbers, made by vafa-text). The HTML page is self-contained:
//! no scripts or links, the Vazirmatn font embedded, `dir="rtl"` for a Persian shop.

use base64::Engine;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_svg::SVGBackend;
use vafa_core::lang::Lang;

/// One bar: its label, its value (what its length is drawn from; below zero drawn as 0)
/// and the value as a person reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    pub value: i64,
    pub shown: String,
}

/// One chart: a title, a line under it, and its bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bars {
    pub title: String,
    pub subtitle: String,
    pub bars: Vec<Bar>,
}

const GREY: RGBColor = RGBColor(0x55, 0x55, 0x55);

/// A chart's width in pixels.
pub const WIDTH: u32 = 640;
const BAR: u32 = 22;
const GAP: u32 = 8;
const HEAD: u32 = 52;
const LABEL: u32 = 150;
/// The family every chart's text asks for (embedded in the HTML page).
pub const FONT: &str = "Vazirmatn, Tahoma, sans-serif";

/// A chart's height in pixels.
pub fn height(c: &Bars) -> u32 {
    HEAD + (BAR + GAP) * c.bars.len() as u32 + GAP
}

fn px(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

/// Draws `c` on `area` (at least [`WIDTH`] × [`height`]), right to left for Persian.
pub fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &Bars,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let rtl = lang == Lang::Fa;
    let max = c.bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL - 70;
    let h = if rtl { HPos::Right } else { HPos::Left };
    let x_text = if rtl { px(WIDTH) - 10 } else { 10 };
    let style = |size: u32, color: &'static RGBColor, pos: HPos| {
        TextStyle::from((FONT, size).into_font())
            .color(color)
            .pos(Pos::new(pos, VPos::Center))
    };
    let black = &BLACK;
    area.draw(&Text::new(
        c.title.clone(),
        (x_text, 18),
        style(15, black, h),
    ))?;
    area.draw(&Text::new(
        c.subtitle.clone(),
        (x_text, 38),
        style(13, &GREY, h),
    ))?;
    for (i, b) in c.bars.iter().enumerate() {
        let top = px(HEAD + (BAR + GAP) * i as u32);
        let w = i64::from(span) * b.value.max(0) / max;
        let w = i32::try_from(w).unwrap_or(px(span));
        let (x0, x_n, n_pos) = if rtl {
            (
                px(WIDTH - LABEL) - w,
                px(WIDTH - LABEL) - w - 6,
                HPos::Right,
            )
        } else {
            (px(LABEL), px(LABEL) + w + 6, HPos::Left)
        };
        let mid = top + px(BAR) / 2;
        area.draw(&Text::new(
            b.label.clone(),
            (x_text, mid),
            style(13, black, h),
        ))?;
        area.draw(&Rectangle::new(
            [(x0, top), (x0 + w, top + px(BAR))],
            RGBColor(0x2f, 0x6f, 0x9f).filled(),
        ))?;
        area.draw(&Text::new(
            b.shown.clone(),
            (x_n, mid),
            style(13, black, n_pos),
        ))?;
    }
    Ok(())
}

/// The charts one under the other, as one SVG document.
pub fn svg(charts: &[Bars], lang: Lang) -> String {
    let total: u32 = charts.iter().map(height).sum::<u32>().max(1);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, total)).into_drawing_area();
        // Drawing into a string cannot fail.
        let _ = root.fill(&WHITE);
        let mut top = 0;
        for c in charts {
            let area = root.clone().shrink((0, top), (WIDTH, height(c)));
            let _ = draw_bars(&area, c, lang);
            top += height(c);
        }
        let _ = root.present();
    }
    out
}

/// Text safe inside XML and HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c if c.is_control() => {}
            c => o.push(c),
        }
    }
    o
}

const VAZIRMATN: &[u8] = include_bytes!("../../../assets/fonts/Vazirmatn-Regular.ttf");

/// A whole page: its title, a table (head, rows; none when `head` is empty) and the charts,
/// with the Vazirmatn font embedded (OFL, `assets/fonts/OFL.txt`).
pub fn html(
    title: &str,
    head: &[String],
    rows: &[Vec<String>],
    charts: &[Bars],
    lang: Lang,
) -> String {
    let (code, dir) = match lang {
        Lang::Fa => ("fa", "rtl"),
        Lang::En => ("en", "ltr"),
    };
    let cells = |tag: &str, r: &[String]| -> String {
        r.iter()
            .map(|c| format!("<{tag}>{}</{tag}>", esc(c)))
            .collect()
    };
    let table = if head.is_empty() {
        String::new()
    } else {
        let body: String = rows
            .iter()
            .map(|r| format!("<tr>{}</tr>\n", cells("td", r)))
            .collect();
        format!("<table>\n<tr>{}</tr>\n{body}</table>\n", cells("th", head))
    };
    let figures: String = charts
        .iter()
        .map(|c| format!("<figure>{}</figure>\n", svg(std::slice::from_ref(c), lang)))
        .collect();
    let font = base64::engine::general_purpose::STANDARD.encode(VAZIRMATN);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>@font-face{{font-family:Vazirmatn;src:url(data:font/ttf;base64,{font}) format(\"truetype\")}}body{{font-family:{FONT};margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .8em}}figure{{margin:1.5em 0}}@media print{{figure{{break-inside:avoid}}}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n{table}{figures}</body>\n</html>\n",
        t = esc(title),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> Bars {
        Bars {
            title: "T <1>".into(),
            subtitle: "s".into(),
            bars: vec![
                Bar {
                    label: "a".into(),
                    value: 4,
                    shown: "4".into(),
                },
                Bar {
                    label: "b".into(),
                    value: 2,
                    shown: "2".into(),
                },
            ],
        }
    }

    #[test]
    fn bars_grow_from_the_labels_and_right_to_left_in_persian() {
        // The longest bar spans 420 px, the other half of it.
        let en = svg(&[chart()], Lang::En);
        let bar = |x: u32, y: u32, w: u32| {
            format!("<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"22\"")
        };
        assert!(
            en.contains(&bar(150, 52, 420)) && en.contains(&bar(150, 82, 210)),
            "{en}"
        );
        assert!(en.contains("T &lt;1&gt;"), "{en}");
        let fa = svg(&[chart()], Lang::Fa);
        assert!(
            fa.contains(&bar(70, 52, 420)) && fa.contains(&bar(280, 82, 210)),
            "{fa}"
        );
        assert!(fa.contains("text-anchor=\"end\""), "{fa}");
    }

    #[test]
    fn the_page_is_right_to_left_in_persian_with_the_font_inside() {
        let page = html("عنوان", &[], &[], &[chart()], Lang::Fa);
        assert!(page.contains("dir=\"rtl\""));
        assert!(
            page.contains("data:font/ttf;base64,AAEAAA"),
            "a TrueType font"
        );
        assert!(!page.contains("<table>"));
        assert!(
            !page.contains("href=") && !page.contains("src=\"") && !page.contains("<script"),
            "nothing to fetch"
        );
        let en = html("T", &["h".into()], &[vec!["c".into()]], &[], Lang::En);
        assert!(en.contains("dir=\"ltr\""));
        assert!(en.contains("<tr><th>h</th></tr>") && en.contains("<tr><td>c</td></tr>"));
    }
}
