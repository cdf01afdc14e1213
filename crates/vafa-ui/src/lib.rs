//! The till window (iced 0.14): `vafa` with no arguments opens it. It calls the same
//! service layer as the CLI; no business rule lives here.

pub mod app;
pub mod bidi;
mod display;
pub mod font;
pub mod keyguard;
mod keys;
pub mod measure;
pub mod pos;
pub mod prefs;
pub mod readers;
pub mod screen;
pub mod staff;
mod status;
pub mod sync;
pub mod theme;
pub mod widget;
mod wrap;

pub use app::{App, Message, Screen, run};
