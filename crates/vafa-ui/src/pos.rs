//! The till window and the shop's cash-register program together (`[pos] enabled = true`):
//! the window serves the POS API (on its own connection to the same database, at
//! `[pos] listen`; the same use cases), shows a sale the program recorded through it on
//! the till (and so on the customer display), and offers each card swiped at the till to
//! the program (`GET /v1/pending-card`) so that the cashier swipes once.
//!
//! The window does not link the API's server (the layers: `vafa-pos` is a front of its
//! own): the `vafa` program hands it a [`Starter`] (`vafa_pos::spawn`) before it opens.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::OnceLock;

use vafa_core::error::Result;
use vafa_core::lang::Lang;
use vafa_devices::CardRead;
use vafa_service::Vafa;
use vafa_text::Say;

use super::app::App;

/// A POS API serving while it lives (dropping it stops it).
pub trait Served: Send {
    fn addr(&self) -> SocketAddr;
}

/// Starts the POS API for the shop in `dir` with the shop's `[pos]` settings.
pub type Starter = fn(&Path, &vafa_core::config::Pos) -> Result<Box<dyn Served>>;

static STARTER: OnceLock<Starter> = OnceLock::new();

/// How the window starts the POS API (once per program; the first one given stays).
pub fn set_starter(start: Starter) {
    let _ = STARTER.set(start);
}

/// The window's POS API: serving, or why not.
#[derive(Default)]
pub struct Link {
    running: Option<Box<dyn Served>>,
    /// Why the API did not start, in the window's language.
    pub error: Option<String>,
    /// The API sales the till has shown (`Vafa::pos_sales_mark`).
    mark: i64,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Link")
            .field("addr", &self.addr())
            .field("error", &self.error)
            .field("mark", &self.mark)
            .finish()
    }
}

impl Link {
    /// Starts the API for the shop in `dir` if `v`'s configuration says so.
    pub fn start(dir: &Path, v: &Vafa, lang: Lang) -> Link {
        let pos = &v.config().pos;
        if !pos.enabled {
            return Link::default();
        }
        let started = match STARTER.get() {
            Some(start) => start(dir, pos),
            // A window without the API's server (never in the `vafa` program).
            None => return Link::default(),
        };
        let mark = v.pos_sales_mark().unwrap_or(0);
        match started {
            Ok(running) => Link {
                running: Some(running),
                error: None,
                mark,
            },
            Err(e) => {
                eprintln!("vafa: {}", e.say(Lang::En));
                Link {
                    running: None,
                    error: Some(e.say(lang)),
                    mark,
                }
            }
        }
    }

    /// Where the API listens, while it serves.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.running.as_ref().map(|r| r.addr())
    }
}

impl App {
    /// Once a tick: an API sale recorded since the last look is shown on the till when
    /// the till has nobody on it (never over a sale being typed).
    pub(crate) fn pos_tick(&mut self) {
        let (Some(v), Some(_)) = (&self.vafa, self.pos.addr()) else {
            return;
        };
        if !matches!(self.phase, super::app::Phase::Main) || !self.till.is_idle_or_done() {
            return;
        }
        match v.pos_sale_after(self.pos.mark) {
            Ok(Some((mark, result))) => {
                self.pos.mark = mark;
                let lang = self.lang();
                self.till.api_sale(v, result, lang);
            }
            Ok(None) => {}
            Err(e) => eprintln!("vafa: {}", e.say(Lang::En)),
        }
    }

    /// A card read at the till is also the POS program's to take, while the API serves.
    pub(crate) fn offer_card_to_pos(&self, read: &CardRead) {
        let (Some(v), Some(_)) = (&self.vafa, self.pos.addr()) else {
            return;
        };
        if let Err(e) = v.pos_card_swiped(&read.card, None) {
            eprintln!("vafa: {}", e.say(Lang::En));
        }
    }
}

/// What the status bar says about the API: nothing while it serves or is off.
pub(crate) fn status_words(link: &Link, lang: Lang) -> Option<String> {
    link.error.as_ref().map(|why| {
        format!(
            "{}: {why}",
            vafa_text::i18n::tr(lang, vafa_text::i18n::S::PosOff)
        )
    })
}
