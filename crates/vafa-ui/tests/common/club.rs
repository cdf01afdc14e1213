//! A demo shop on a fixed clock with a survey imported, signed in on the Club screen
//! (`ui_club`, and the Club screenshots).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use vafa_core::lang::Lang;
use vafa_text::club_window::{W, w};
use vafa_ui::{App, Screen};

use super::click;

/// The demo's fixed clock: 10:00 in Tehran on 2026-11-22.
pub const NOW: &str = "2026-11-22T10:00:00+03:30";

pub fn at(t: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(t).unwrap().to_utc()
}

pub const SURVEY: &str = r#"
id = "autumn"
name = "Autumn calls"
recent_days = 30
[[questions]]
id = "price"
kind = "scale"
fa = "قیمت‌ها چطور است؟"
en = "How are our prices?"
[[questions]]
id = "why"
kind = "choice"
fa = "چرا از ما می‌خرید؟"
en = "Why do you shop here?"
choices = ["near", "quality"]
"#;

/// A signed-in demo shop on the fixed clock, with a survey imported, on the Club screen.
pub fn club_shop(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = super::demo_shop_at(lang, Some(at(NOW)), |v| {
        v.survey_import(SURVEY).unwrap();
    });
    click(&mut app, w(lang, W::Club));
    assert_eq!(app.screen, Screen::Club);
    (dir, app)
}
