//! The till window: which phase (first start, sign-in, work), which screen, the status bar,
//! and the routing of keys, card reads and ticks to the screens.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use vafa_text::Say;

use iced::widget::{button, column, container, operation, space};
use iced::{Element, Fill, Subscription, Task};

use vafa_core::lang::Lang;
use vafa_devices::sim::VirtualReader;
use vafa_devices::{ReaderConfig, ReaderEvent, ReaderStatus, Transport};
use vafa_service::Vafa;
use vafa_store as store;

use super::bidi::{b, row_dir, t};
pub use super::keyguard::KeyPress;
use super::keyguard::{Guarded, KeyGuard, guard};
use super::readers::{self, ReaderSet};
use super::screen::start::{Login, LoginMessage, Setup, SetupMessage};
use super::screen::{club, enrol, member, offers, settings, till, void};
use super::sync::{self, SyncStatus};
use super::theme;
use vafa_text::format::Unit;
use vafa_text::i18n::{S, tr};

/// Settings key: this shop runs the simulated card reader (set for a demo made here).
pub const SIM_KEY: &str = "ui_simulated_reader";
/// The simulated reader's name.
pub const SIM_READER: &str = "demo-reader";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Till,
    Enrol,
    Members,
    Offers,
    Settings,
    Void,
    /// Gift cards, lotteries and surveys (no F-key: the F-keys are all taken).
    Club,
}

pub enum Phase {
    /// The data directory could not be opened: what happened and what to do.
    Failed(String),
    Setup(Setup),
    Login(Login),
    Main,
}

#[derive(Debug, Clone)]
pub enum Message {
    Setup(SetupMessage),
    Login(LoginMessage),
    Till(till::Message),
    Enrol(enrol::Message),
    Members(member::Message),
    Offers(offers::Message),
    Settings(settings::Message),
    Void(void::Message),
    Club(club::Message),
    Go(Screen),
    Key(KeyPress),
    /// From the key guard around the whole window (bursts, shortcuts).
    Guard(Guarded),
    Reader(ReaderEvent),
    Tick,
    /// A frame was drawn (only subscribed to while measuring).
    Frame,
    SimSwipe,
    ToggleLang,
    Lock,
    /// Open or close the customer display (F11, Settings).
    CustomerDisplay,
    /// A window was closed.
    WindowClosed(iced::window::Id),
}

pub struct App {
    pub dir: PathBuf,
    pub vafa: Option<Vafa>,
    pub phase: Phase,
    pub screen: Screen,
    pub till: till::State,
    pub enrol: enrol::State,
    pub members: member::State,
    pub offers: offers::State,
    pub settings: settings::State,
    pub void: void::State,
    pub club: club::State,
    pub staff: Option<String>,
    pub statuses: BTreeMap<String, ReaderStatus>,
    pub readers: ReaderSet,
    sim: Option<VirtualReader>,
    sim_next: usize,
    /// Every key passes the guard first (keyboard-wedge bursts never reach a field).
    pub keys: RefCell<KeyGuard>,
    /// Every field's text when a key that may start a burst arrived.
    pub(crate) snapshot: Option<Vec<String>>,
    pub(crate) wedge_profile: Option<String>,
    pub sync: SyncStatus,
    last_checkpoint: Instant,
    /// The setup screen's language before a shop exists.
    setup_lang: Lang,
    /// The language the window shows: the window's own (F12, Settings), remembered for
    /// this machine ([`super::prefs`]); never the shop's.
    window_lang: Lang,
    /// `VAFA_MEASURE`: the window measures itself (see `ui::measure`).
    measure: Option<super::measure::Measure>,
    /// The cashier's window, once opened.
    pub(crate) main_window: Option<iced::window::Id>,
    /// The customer display's window, while it is open ([`super::screen::customer`]).
    pub customer: Option<iced::window::Id>,
    /// The POS API the window serves (`[pos] enabled = true`, [`super::pos`]).
    pub pos: super::pos::Link,
}

impl App {
    /// Opens the shop in `dir`, or offers to create one.
    pub fn new(dir: &Path) -> (App, Task<Message>) {
        let mut app = App {
            dir: dir.to_path_buf(),
            vafa: None,
            phase: Phase::Setup(Setup::default()),
            screen: Screen::Till,
            till: till::State::default(),
            enrol: enrol::State::default(),
            members: member::State::default(),
            offers: offers::State::default(),
            settings: settings::State::default(),
            void: void::State::default(),
            club: club::State::default(),
            staff: None,
            statuses: BTreeMap::new(),
            readers: ReaderSet::new(&[]),
            sim: None,
            sim_next: 0,
            keys: RefCell::new(KeyGuard::default()),
            snapshot: None,
            wedge_profile: None,
            sync: SyncStatus::default(),
            last_checkpoint: Instant::now(),
            setup_lang: Lang::Fa,
            window_lang: Lang::Fa,
            measure: None,
            main_window: None,
            customer: None,
            pos: super::pos::Link::default(),
        };
        if Vafa::db_path(dir).exists() {
            match Vafa::open(dir) {
                Ok(v) => {
                    app.opened(v, false);
                }
                Err(e) => {
                    app.phase =
                        Phase::Failed(format!("{}\n\n{}", e.say(Lang::Fa), e.say(Lang::En)));
                }
            }
        }
        let task = match app.phase {
            Phase::Login(_) => operation::focus(super::screen::start::PIN_ID),
            _ => Task::none(),
        };
        (app, task)
    }

    /// `VAFA_MEASURE=N`: skip sign-in, start a simulated reader, swipe N cards.
    fn measure_from_env(&mut self, started: Instant) {
        let Some(mut m) = super::measure::Measure::from_env(started) else {
            return;
        };
        let Some(v) = &self.vafa else { return };
        m.pick_cards(v);
        if self.sim.is_none() {
            self.sim = VirtualReader::new("barcode-serial").ok();
        }
        self.reload_readers();
        self.phase = Phase::Main;
        self.staff = Some("measure".into());
        self.screen = Screen::Till;
        self.measure = Some(m);
    }

    /// The shop is open: sign-in next.
    fn opened(&mut self, v: Vafa, demo_made_here: bool) {
        // The window starts in the language it last showed on this machine, else the
        // language the shop was set up in.
        self.window_lang = super::prefs::lang(&self.dir).unwrap_or(v.lang());
        if demo_made_here {
            let now = v.now_utc().to_rfc3339();
            if let Err(e) = store::settings::put(v.conn(), SIM_KEY, "1", &now) {
                eprintln!(
                    "vafa: {}",
                    vafa_core::error::Error::from(e).say(self.window_lang)
                );
            }
        }
        let sim = store::settings::get(v.conn(), SIM_KEY)
            .ok()
            .flatten()
            .is_some()
            || std::env::var_os("VAFA_SIMULATED_READER").is_some();
        if sim {
            match VirtualReader::new("barcode-serial") {
                Ok(r) => self.sim = Some(r),
                Err(e) => eprintln!("vafa: the simulated reader could not start: {e}"),
            }
        }
        self.sync = sync::status(&v, self.window_lang);
        self.pos = super::pos::Link::start(&self.dir, &v, self.window_lang);
        self.phase = Phase::Login(Login::new(&v, sim));
        self.vafa = Some(v);
        self.reload_readers();
    }

    /// Re-reads the saved readers (and adds the simulated one): a change restarts workers.
    fn reload_readers(&mut self) {
        let Some(v) = &self.vafa else { return };
        let mut configs = v.readers().unwrap_or_default();
        self.wedge_profile = configs
            .iter()
            .find(|c| matches!(c.transport, Transport::Wedge))
            .map(|c| c.profile.clone());
        if let Some(sim) = &self.sim {
            configs.push(ReaderConfig {
                name: SIM_READER.into(),
                profile: "barcode-serial".into(),
                transport: Transport::Serial {
                    path: sim.path().to_string(),
                    baud: 9600,
                    framing: "8N1".into(),
                },
            });
        }
        self.statuses
            .retain(|name, _| configs.iter().any(|c| &c.name == name));
        self.readers = ReaderSet::new(&configs);
        self.settings.load(v, self.window_lang);
    }

    /// The language the window shows.
    pub fn lang(&self) -> Lang {
        match (&self.vafa, &self.phase) {
            (_, Phase::Setup(s)) => s.lang,
            (Some(_), _) => self.window_lang,
            (None, _) => self.setup_lang,
        }
    }

    /// Shows the window in `lang` from now on, on this machine. Nothing of the shop's
    /// changes: not its stored language, not what the command line prints.
    fn set_window_lang(&mut self, lang: Lang) {
        self.window_lang = lang;
        if let Err(e) = super::prefs::set_lang(&self.dir, lang) {
            eprintln!("vafa: the window's language was not remembered: {e}");
        }
    }

    pub fn title(&self) -> String {
        tr(self.lang(), S::AppTitle).to_string()
    }

    pub fn theme(&self) -> iced::Theme {
        theme::theme()
    }

    pub fn subscription(&self) -> Subscription<Message> {
        Subscription::batch([
            readers::subscription(self.readers.clone()).map(Message::Reader),
            readers::ticks().map(|()| Message::Tick),
            iced::window::close_events().map(Message::WindowClosed),
            if self.measure.is_some() {
                iced::window::frames().map(|_| Message::Frame)
            } else {
                Subscription::none()
            },
        ])
    }

    pub fn go(&mut self, screen: Screen) -> Task<Message> {
        if !matches!(self.phase, Phase::Main) {
            return Task::none();
        }
        self.screen = screen;
        let lang = self.lang();
        let Some(v) = &self.vafa else {
            return Task::none();
        };
        match screen {
            Screen::Till => operation::focus(till::LOOKUP_ID),
            Screen::Enrol => operation::focus(enrol::FIRST_ID),
            Screen::Members => operation::focus(member::SEARCH_ID),
            Screen::Void => operation::focus(void::REASON_ID),
            Screen::Offers => {
                self.offers.load(v, lang);
                Task::none()
            }
            Screen::Club => {
                self.club.load(v, lang);
                Task::none()
            }
            Screen::Settings => {
                self.settings.load(v, lang);
                self.sync = sync::status(v, lang);
                Task::none()
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let lang = self.lang();
        match message {
            Message::Setup(m) => {
                if let Phase::Setup(s) = &mut self.phase {
                    self.setup_lang = s.lang;
                    let (task, made) = s.update(m, &self.dir);
                    if let Some((v, demo)) = made {
                        self.opened(v, demo);
                        return operation::focus(super::screen::start::PIN_ID);
                    }
                    return task.map(Message::Setup);
                }
                Task::none()
            }
            Message::Login(m) => {
                let (Phase::Login(l), Some(v)) = (&mut self.phase, self.vafa.as_mut()) else {
                    return Task::none();
                };
                let (task, who) = l.update(m, v, lang);
                if let Some((name, role)) = who {
                    let _ = role;
                    self.staff = Some(name);
                    self.phase = Phase::Main;
                    self.till = till::State::default();
                    return self.go(Screen::Till);
                }
                task.map(Message::Login)
            }
            Message::Till(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                let (task, event) = self.till.update(m, v, lang);
                match event {
                    Some(till::Event::VoidLast) => return self.void_last(),
                    Some(till::Event::OpenMember(id)) => {
                        self.members.open(v, &id, lang);
                        self.screen = Screen::Members;
                        return Task::none();
                    }
                    Some(till::Event::Enrol { card, mobile }) => {
                        self.enrol = enrol::State::with(card, mobile, v);
                        self.screen = Screen::Enrol;
                        return operation::focus(enrol::FIRST_ID);
                    }
                    Some(till::Event::EnrolForSale(sale)) => {
                        self.enrol = enrol::State::with(None, None, v);
                        self.enrol.for_sale = Some(sale);
                        self.screen = Screen::Enrol;
                        return operation::focus(enrol::FIRST_ID);
                    }
                    None => {}
                }
                task.map(Message::Till)
            }
            Message::Enrol(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                let (task, event) = self.enrol.update(m, v, lang);
                match event {
                    Some(enrol::Event::Enrolled(member)) => {
                        let for_sale = self.enrol.for_sale.take();
                        self.enrol = enrol::State::default();
                        self.screen = Screen::Till;
                        if let Some(sale) = for_sale {
                            self.till.counted_for(v, &sale, *member, lang);
                            return Task::none();
                        }
                        self.till = till::State {
                            stage: till::Stage::Member(member),
                            ..till::State::default()
                        };
                        operation::focus(till::AMOUNT_ID)
                    }
                    Some(enrol::Event::Edited(member)) => {
                        self.enrol = enrol::State::default();
                        self.members.open(v, &member.id, lang);
                        self.members.notice = Some(tr(lang, S::Saved).to_string());
                        self.screen = Screen::Members;
                        Task::none()
                    }
                    Some(enrol::Event::Open(id)) => {
                        self.enrol = enrol::State::default();
                        self.members.open(v, &id, lang);
                        self.screen = Screen::Members;
                        Task::none()
                    }
                    Some(enrol::Event::Cancelled) if self.enrol.editing.is_some() => {
                        self.enrol = enrol::State::default();
                        self.screen = Screen::Members;
                        Task::none()
                    }
                    Some(enrol::Event::Cancelled) => {
                        self.enrol = enrol::State::default();
                        self.go(Screen::Till)
                    }
                    None => task.map(Message::Enrol),
                }
            }
            Message::Members(member::Message::Edit) => {
                let Some(m) = self.members.profile.as_deref() else {
                    return Task::none();
                };
                self.enrol = enrol::State::edit(m, lang);
                self.screen = Screen::Enrol;
                operation::focus(enrol::FIRST_ID)
            }
            Message::Members(member::Message::Void(id)) => {
                let Some(v) = &self.vafa else {
                    return Task::none();
                };
                self.void = void::State::of(v, &id, lang);
                self.go(Screen::Void)
            }
            Message::Void(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                let (task, event) = self.void.update(m, v, lang);
                match event {
                    Some(void::Event::Close) => {
                        self.void = void::State::default();
                        self.till = till::State::default();
                        self.go(Screen::Till)
                    }
                    None => task.map(Message::Void),
                }
            }
            Message::Members(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                self.members.update(m, v, lang).map(Message::Members)
            }
            Message::Offers(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                self.offers.update(m, v, lang).map(Message::Offers)
            }
            Message::Settings(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                let (task, event) = self.settings.update(m, v, lang);
                match event {
                    Some(settings::Event::ReadersChanged) => self.reload_readers(),
                    Some(settings::Event::WindowLang(l)) => self.set_window_lang(l),
                    None => {}
                }
                task.map(Message::Settings)
            }
            Message::Club(m) => {
                let Some(v) = self.vafa.as_mut() else {
                    return Task::none();
                };
                self.club.update(m, v, lang).map(Message::Club)
            }
            Message::Go(s) => self.go(s),
            Message::Key(k) => self.key(k),
            Message::Guard(g) => self.guarded(g),
            Message::Reader(ReaderEvent::Read { reader, read, at }) => {
                if let Some(m) = self.measure.as_mut() {
                    m.pending = Some(at);
                }
                self.card_read(&reader, read)
            }
            Message::Frame => {
                if let Some(m) = self.measure.as_mut()
                    && m.frame()
                {
                    m.report();
                    self.measure = None;
                    return iced::exit();
                }
                Task::none()
            }
            Message::Reader(ReaderEvent::Status { reader, status }) => {
                self.statuses.insert(reader, status);
                Task::none()
            }
            Message::Tick => self.tick(),
            Message::SimSwipe => {
                self.sim_swipe();
                Task::none()
            }
            Message::ToggleLang => {
                match (&mut self.phase, &self.vafa) {
                    (Phase::Setup(s), _) => s.lang = other(s.lang),
                    (_, Some(_)) => self.set_window_lang(other(self.window_lang)),
                    _ => self.setup_lang = other(self.setup_lang),
                }
                // A notice said in the old language goes (never an English "Saved").
                self.members.notice = None;
                self.settings.notice = None;
                self.offers.notice = None;
                self.club.forget_notices();
                // The keys stay where they were going.
                match (&self.phase, self.screen) {
                    (Phase::Main, Screen::Till) => self.till.focus().map(Message::Till),
                    (Phase::Login(_), _) => operation::focus(super::screen::start::PIN_ID),
                    _ => Task::none(),
                }
            }
            Message::CustomerDisplay => self.toggle_display(),
            Message::WindowClosed(id) => self.window_closed(id),
            Message::Lock => {
                self.staff = None;
                let Some(v) = &self.vafa else {
                    return Task::none();
                };
                self.phase = Phase::Login(Login::new(v, self.sim.is_some()));
                operation::focus(super::screen::start::PIN_ID)
            }
        }
    }

    fn tick(&mut self) -> Task<Message> {
        let now = Instant::now();
        if let (Some(m), Some(sim)) = (self.measure.as_mut(), self.sim.as_mut())
            && let Some(card) = m.next_card()
            && let Err(e) = sim.send_card(&card)
        {
            eprintln!("vafa: simulated reader: {e}");
        }
        self.pos_tick();
        let Some(v) = &self.vafa else {
            return Task::none();
        };
        if now.duration_since(self.last_checkpoint) > Duration::from_secs(30) && self.till.is_idle()
        {
            // Idle: copy the write-ahead log into the database so no sale pays for it.
            let _ = v.checkpoint();
            self.sync = sync::status(v, self.window_lang);
            self.last_checkpoint = now;
        }
        self.till.tick(now).map(Message::Till)
    }

    /// The demo's simulated reader sends the next demo member's card through a real
    /// pseudo-terminal, read by a real reader worker.
    fn sim_swipe(&mut self) {
        let (Some(sim), Some(v)) = (self.sim.as_mut(), &self.vafa) else {
            return;
        };
        for _ in 0..50 {
            let card = vafa_service::demo::demo_card(self.sim_next);
            self.sim_next = (self.sim_next + 1) % 300;
            if v.member_of_card(&card, None).is_ok() {
                if let Err(e) = sim.send_card(&card) {
                    eprintln!("vafa: simulated reader: {e}");
                }
                return;
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        guard(&self.keys, Message::Guard, self.screen_view())
    }

    fn screen_view(&self) -> Element<'_, Message> {
        let lang = self.lang();
        match (&self.phase, &self.vafa) {
            (Phase::Failed(why), _) => container(
                column![
                    b(tr(lang, S::StorageProblem)).size(theme::TITLE),
                    t(why.as_str()).size(theme::TEXT)
                ]
                .spacing(16),
            )
            .padding(40)
            .into(),
            (Phase::Setup(s), _) => s.view().map(Message::Setup),
            (Phase::Login(l), Some(v)) => column![
                self.status_bar(v),
                l.view(lang, &v.shop.name).map(Message::Login)
            ]
            .into(),
            (Phase::Main, Some(v)) => {
                let unit = Unit::of(&v.shop.unit);
                let today = v.now().date_naive();
                let names = v.offer_names();
                let body = match self.screen {
                    Screen::Till => self.till.view(lang, unit, today, names).map(Message::Till),
                    Screen::Enrol => self.enrol.view(lang).map(Message::Enrol),
                    Screen::Members => self.members.view(lang, unit, today).map(Message::Members),
                    Screen::Offers => self.offers.view(lang, unit, names).map(Message::Offers),
                    Screen::Void => self.void.view(v, lang, unit).map(Message::Void),
                    Screen::Club => self.club.view(v, lang, unit).map(Message::Club),
                    Screen::Settings => column![
                        self.display_setting(),
                        self.settings
                            .view(v, lang, &self.statuses, &self.sync)
                            .map(Message::Settings)
                    ]
                    .into(),
                };
                column![
                    self.status_bar(v),
                    self.nav(lang),
                    container(body).width(Fill).height(Fill)
                ]
                .into()
            }
            _ => space().into(),
        }
    }

    fn nav(&self, lang: Lang) -> Element<'_, Message> {
        // Editing a member is the members' screen's act, though it uses the enrolment form.
        let shown = match self.screen {
            Screen::Enrol if self.enrol.editing.is_some() => Screen::Members,
            s => s,
        };
        let item = |s: Screen, label: S, key: &'static str| -> Element<'_, Message> {
            button(t(format!("{} {}", tr(lang, label), key)).size(theme::TEXT))
                .padding([10, 18])
                .style(theme::nav(shown == s))
                .on_press(Message::Go(s))
                .into()
        };
        let mut items = vec![
            item(Screen::Till, S::Till, "F1"),
            item(Screen::Enrol, S::Enrol, "F2"),
            item(Screen::Members, S::Members, "F3"),
            item(Screen::Offers, S::Offers, "F4"),
            item(Screen::Settings, S::Settings, "F5"),
            button(
                t(vafa_text::club_window::w(
                    lang,
                    vafa_text::club_window::W::Club,
                ))
                .size(theme::TEXT),
            )
            .padding([10, 18])
            .style(theme::nav(self.screen == Screen::Club))
            .on_press(Message::Go(Screen::Club))
            .into(),
            space().width(Fill).into(),
        ];
        if self.sim.is_some() {
            items.push(
                button(t(tr(lang, S::SimulatedSwipe)).size(theme::TEXT))
                    .padding([10, 18])
                    .style(button::success)
                    .on_press(Message::SimSwipe)
                    .into(),
            );
        }
        container(row_dir(lang, items).spacing(8))
            .padding([8, 12])
            .into()
    }
}

pub(crate) fn other(l: Lang) -> Lang {
    match l {
        Lang::Fa => Lang::En,
        Lang::En => Lang::Fa,
    }
}

/// Opens the window on `dir`.
pub fn run(dir: PathBuf) -> iced::Result {
    let started = Instant::now();
    if std::env::var_os("VAFA_MEASURE").is_none() {
        sync::start_housekeeping(dir.clone());
    }
    let boot = move || {
        let (mut app, task) = App::new(&dir);
        app.measure_from_env(started);
        // The cashier's window first, then what it focuses; the customer display too
        // when this machine uses one.
        let windows = app.open_windows(iced::Size::new(1280.0, 800.0));
        (app, windows.chain(task))
    };
    iced::daemon(boot, App::update, App::view_window)
        .title(App::title_of)
        .theme(App::theme_of)
        .subscription(App::subscription)
        .font(super::font::REGULAR_BYTES)
        .font(super::font::BOLD_BYTES)
        .default_font(super::font::REGULAR)
        .run()
}
