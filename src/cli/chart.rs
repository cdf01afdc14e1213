//! Bar charts as SVG, and a self-contained HTML page around them (`vafa survey results
//! --out FILE.svg|.html`). No scripts, fonts or links to fetch: the page opens offline.
//! Persian pages are right to left; every number is in the shop's digits.

use vafa_core::lang::Lang;
use vafa_text::format::plain;

/// One chart: a title, a line under it, and its bars (label, count).
pub(crate) struct Bars {
    pub title: String,
    pub subtitle: String,
    pub bars: Vec<(String, u64)>,
}

/// Text safe inside XML and HTML.
pub(crate) fn esc(s: &str) -> String {
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

const WIDTH: u32 = 640;
const BAR: u32 = 22;
const GAP: u32 = 8;
const HEAD: u32 = 52;
const LABEL: u32 = 150;

fn height(c: &Bars) -> u32 {
    HEAD + (BAR + GAP) * c.bars.len() as u32 + GAP
}

/// The charts one under the other, as one SVG document.
pub(crate) fn svg(charts: &[Bars], lang: Lang) -> String {
    let total: u32 = charts.iter().map(height).sum();
    let rtl = lang == Lang::Fa;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{total}\" viewBox=\"0 0 {WIDTH} {total}\" font-family=\"Vazirmatn, Tahoma, sans-serif\" font-size=\"13\">\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
    );
    let mut y = 0;
    for c in charts {
        s.push_str(&chart(c, y, rtl, lang));
        y += height(c);
    }
    s.push_str("</svg>\n");
    s
}

fn chart(c: &Bars, top: u32, rtl: bool, lang: Lang) -> String {
    let max = c.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let span = WIDTH - LABEL - 70;
    // Right to left: the labels on the right, the bars growing leftwards.
    let (anchor, x_title, dir) = if rtl {
        ("end", WIDTH - 10, " direction=\"rtl\"")
    } else {
        ("start", 10, "")
    };
    let mut s = format!(
        "<g>\n<text x=\"{x_title}\" y=\"{}\" font-size=\"15\" font-weight=\"bold\" text-anchor=\"{anchor}\"{dir}>{}</text>\n<text x=\"{x_title}\" y=\"{}\" fill=\"#555555\" text-anchor=\"{anchor}\"{dir}>{}</text>\n",
        top + 20,
        esc(&c.title),
        top + 40,
        esc(&c.subtitle)
    );
    for (i, (label, n)) in c.bars.iter().enumerate() {
        let y = top + HEAD + (BAR + GAP) * i as u32;
        let w = u32::try_from(u64::from(span) * n / max).unwrap_or(span);
        let (x_label, x_bar, x_n, n_anchor) = if rtl {
            (WIDTH - 10, WIDTH - LABEL - w, WIDTH - LABEL - w - 6, "end")
        } else {
            (10, LABEL, LABEL + w + 6, "start")
        };
        s.push_str(&format!(
            "<text x=\"{x_label}\" y=\"{}\" text-anchor=\"{anchor}\"{dir}>{}</text>\n<rect x=\"{x_bar}\" y=\"{y}\" width=\"{w}\" height=\"{BAR}\" fill=\"#2f6f9f\"/>\n<text x=\"{x_n}\" y=\"{}\" text-anchor=\"{n_anchor}\">{}</text>\n",
            y + 16,
            esc(label),
            y + 16,
            plain(n, lang)
        ));
    }
    s.push_str("</g>\n");
    s
}

/// A whole page: its title, a table (head, rows) and the charts.
pub(crate) fn html(
    title: &str,
    head: &[&str],
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
    let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
    let body: String = rows
        .iter()
        .map(|r| format!("<tr>{}</tr>\n", cells("td", r)))
        .collect();
    let figures: String = charts
        .iter()
        .map(|c| format!("<figure>{}</figure>\n", svg(std::slice::from_ref(c), lang)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}</title>\n<style>body{{font-family:Vazirmatn,Tahoma,sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:.3em .8em}}figure{{margin:1.5em 0}}@media print{{figure{{break-inside:avoid}}}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<table>\n<tr>{h}</tr>\n{body}</table>\n{figures}</body>\n</html>\n",
        t = esc(title),
        h = cells("th", &head),
    )
}
