//! First start (a demo shop or a real one) and signing in with a PIN.

use iced::widget::{button, column, container, text_input};
use iced::{Element, Fill, Length, Task};
use vafa_text::Say;

use crate::bidi::{b, row_dir, start, t};
use crate::font;
use crate::staff;
use crate::theme;
use crate::widget::{choice, field, keypad, primary_button, secondary_button};
use vafa_core::lang::Lang;
use vafa_service::{DemoOptions, InitOptions, Vafa};
use vafa_text::i18n::{S, tr};

pub const PIN_ID: &str = "login-pin";
/// The demo shop's manager PIN (shown on the sign-in screen of a demo shop).
pub const DEMO_PIN: &str = "1405";
/// The demo shop's first account.
pub const DEMO_MANAGER: &str = "manager";

#[derive(Debug)]
pub struct Setup {
    pub lang: Lang,
    pub form: bool,
    pub shop: String,
    pub branch: String,
    pub branch_name: String,
    pub unit: &'static str,
    pub manager: String,
    pub pin: String,
    pub pin2: String,
    pub tried: bool,
    pub busy: bool,
    pub error: Option<String>,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            lang: Lang::Fa,
            form: false,
            shop: String::new(),
            branch: String::new(),
            branch_name: String::new(),
            unit: "toman",
            manager: String::new(),
            pin: String::new(),
            pin2: String::new(),
            tried: false,
            busy: false,
            error: None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum SetupMessage {
    Lang(Lang),
    Demo,
    Form(bool),
    Shop(String),
    Branch(String),
    BranchName(String),
    Unit(&'static str),
    Manager(String),
    Pin(String),
    Pin2(String),
    Create,
    DemoMade(Result<(), String>),
}

impl Setup {
    /// `Some(vafa)` once a shop exists.
    pub fn update(
        &mut self,
        msg: SetupMessage,
        dir: &std::path::Path,
    ) -> (Task<SetupMessage>, Option<(Vafa, bool)>) {
        self.error = None;
        match msg {
            SetupMessage::Lang(l) => self.lang = l,
            SetupMessage::Form(f) => self.form = f,
            SetupMessage::Shop(s) => self.shop = s,
            SetupMessage::Branch(s) => self.branch = s,
            SetupMessage::BranchName(s) => self.branch_name = s,
            SetupMessage::Unit(u) => self.unit = u,
            SetupMessage::Manager(s) => self.manager = s,
            SetupMessage::Pin(s) => self.pin = s,
            SetupMessage::Pin2(s) => self.pin2 = s,
            SetupMessage::Demo => {
                // Making the demo takes seconds: off the window's thread, the window says so.
                self.busy = true;
                let opts = DemoOptions {
                    lang: self.lang,
                    ..DemoOptions::default()
                };
                let dir = dir.to_path_buf();
                let lang = self.lang;
                let task = Task::perform(
                    async move {
                        vafa_service::demo::create(&dir, &opts)
                            .and_then(|mut v| staff::add_first(&mut v, DEMO_MANAGER, DEMO_PIN))
                            .map_err(|e| e.say(lang))
                    },
                    SetupMessage::DemoMade,
                );
                return (task, None);
            }
            SetupMessage::DemoMade(made) => {
                self.busy = false;
                match made.and_then(|()| Vafa::open(dir).map_err(|e| e.say(self.lang))) {
                    Ok(v) => return (Task::none(), Some((v, true))),
                    Err(e) => self.error = Some(e),
                }
            }
            SetupMessage::Create => {
                self.tried = true;
                if self.pin_problem().is_some()
                    || [&self.shop, &self.branch, &self.manager]
                        .iter()
                        .any(|f| f.trim().is_empty())
                {
                    self.error = Some(tr(self.lang, S::FixFields).to_string());
                    return (Task::none(), None);
                }
                let opts = InitOptions {
                    shop: self.shop.clone(),
                    branch: self.branch.clone(),
                    branch_name: Some(self.branch_name.clone()).filter(|s| !s.trim().is_empty()),
                    lang: self.lang,
                    unit: self.unit.to_string(),
                };
                let made = Vafa::init(dir, &opts).and_then(|mut v| {
                    staff::add_first(&mut v, &self.manager, &self.pin).map(|()| v)
                });
                match made {
                    Ok(v) => return (Task::none(), Some((v, false))),
                    Err(e) => self.error = Some(e.say(self.lang)),
                }
            }
        }
        (Task::none(), None)
    }

    fn pin_problem(&self) -> Option<S> {
        if !self.tried && self.pin.is_empty() {
            return None;
        }
        if let Some(problem) = pin_problem(&self.pin) {
            Some(problem)
        } else if self.pin != self.pin2 && (self.tried || !self.pin2.is_empty()) {
            Some(S::PinsDiffer)
        } else {
            None
        }
    }

    pub fn view(&self) -> Element<'_, SetupMessage> {
        let lang = self.lang;
        let langs = row_dir(
            lang,
            vec![
                choice("فارسی", lang == Lang::Fa, SetupMessage::Lang(Lang::Fa)),
                choice("English", lang == Lang::En, SetupMessage::Lang(Lang::En)),
            ],
        )
        .spacing(12);
        let mut col = column![
            start(lang, b(tr(lang, S::Welcome)).size(theme::HUGE)),
            start(lang, langs)
        ]
        .spacing(20);
        if let Some(e) = &self.error {
            col = col.push(
                container(start(lang, t(e.as_str()).size(theme::TEXT)))
                    .padding(12)
                    .style(theme::alert),
            );
        }
        if self.busy {
            col = col.push(start(lang, b(tr(lang, S::MakingDemo)).size(theme::TITLE)));
        } else if !self.form {
            for (title, hint, msg) in [
                (S::StartDemo, S::StartDemoHint, SetupMessage::Demo),
                (S::SetUpShop, S::SetUpShopHint, SetupMessage::Form(true)),
            ] {
                col = col.push(crate::widget::focusable(
                    tr(lang, title),
                    button(
                        column![
                            start(lang, b(tr(lang, title)).size(theme::TITLE)),
                            start(lang, t(tr(lang, hint)).size(theme::TEXT)),
                        ]
                        .spacing(6),
                    )
                    .width(Fill)
                    .padding(24)
                    .on_press(msg.clone()),
                    Some(msg),
                ));
            }
        } else {
            let pin_error = self.pin_problem().map(|s| tr(lang, s));
            let req = |v: &str| (self.tried && v.trim().is_empty()).then(|| tr(lang, S::Required));
            col = col.push(field(
                lang,
                tr(lang, S::ShopName),
                "",
                &self.shop,
                req(&self.shop),
                SetupMessage::Shop,
            ));
            col = col.push(
                row_dir(
                    lang,
                    vec![
                        field(
                            lang,
                            tr(lang, S::BranchCode),
                            "TEH01",
                            &self.branch,
                            req(&self.branch),
                            SetupMessage::Branch,
                        ),
                        field(
                            lang,
                            tr(lang, S::BranchName),
                            "",
                            &self.branch_name,
                            None,
                            SetupMessage::BranchName,
                        ),
                    ],
                )
                .spacing(16),
            );
            col = col.push(start(
                lang,
                row_dir(
                    lang,
                    vec![
                        t(tr(lang, S::MoneyUnit)).size(theme::TEXT).into(),
                        choice(
                            tr(lang, S::Toman),
                            self.unit == "toman",
                            SetupMessage::Unit("toman"),
                        ),
                        choice(
                            tr(lang, S::Rial),
                            self.unit == "rial",
                            SetupMessage::Unit("rial"),
                        ),
                    ],
                )
                .spacing(12)
                .align_y(iced::Center),
            ));
            col = col.push(field(
                lang,
                tr(lang, S::ManagerName),
                "",
                &self.manager,
                req(&self.manager),
                SetupMessage::Manager,
            ));
            col = col.push(
                row_dir(
                    lang,
                    vec![
                        secure(
                            lang,
                            tr(lang, S::ManagerPin),
                            &self.pin,
                            pin_error,
                            SetupMessage::Pin,
                        ),
                        secure(
                            lang,
                            tr(lang, S::PinAgain),
                            &self.pin2,
                            None,
                            SetupMessage::Pin2,
                        ),
                    ],
                )
                .spacing(16),
            );
            col = col.push(start(
                lang,
                row_dir(
                    lang,
                    vec![
                        primary_button(tr(lang, S::Create), Some(SetupMessage::Create)),
                        secondary_button(tr(lang, S::Back), SetupMessage::Form(false)),
                    ],
                )
                .spacing(12),
            ));
        }
        container(container(col).max_width(900).padding(32))
            .center_x(Fill)
            .into()
    }
}

fn secure<'a, M: Clone + 'a>(
    lang: Lang,
    label: &'a str,
    value: &'a str,
    error: Option<&'a str>,
    on_input: impl Fn(String) -> M + 'a,
) -> Element<'a, M> {
    let mut col = column![
        start(lang, t(label).size(theme::SMALL)),
        text_input("••••", value)
            .style(crate::theme::input)
            .id(crate::widget::field_id_of(label))
            .secure(true)
            .on_input(on_input)
            .font(font::REGULAR)
            .size(theme::TEXT)
            .padding(12),
    ]
    .spacing(4);
    if let Some(e) = error {
        col = col.push(start(lang, t(e).size(theme::SMALL).color(theme::BAD)));
    }
    col.into()
}

/// A new PIN's problem, as the service's rule sees it (4 to 12 digits, not guessable).
fn pin_problem(pin: &str) -> Option<S> {
    use vafa_core::staff::{PinError, check_new_pin};
    match check_new_pin(pin) {
        Ok(_) => None,
        Err(PinError::Guessable) => Some(S::PinGuessable),
        Err(_) => Some(S::PinTooShort),
    }
}

#[derive(Debug, Default)]
pub struct Login {
    /// Active staff, to pick from with one touch.
    pub names: Vec<String>,
    pub name: String,
    pub pin: String,
    pub error: Option<String>,
    pub demo: bool,
    /// Nobody can sign in yet (a shop made on the command line): the name and PIN typed
    /// now make the first administrator.
    pub first: bool,
}

#[derive(Debug, Clone)]
pub enum LoginMessage {
    Name(String),
    Pin(String),
    Pad(&'static str),
    Back,
    Clear,
    Submit,
}

impl Login {
    pub fn new(v: &Vafa, demo: bool) -> Login {
        let names = staff::names(v);
        Login {
            name: names
                .first()
                .cloned()
                .unwrap_or_else(|| DEMO_MANAGER.to_string()),
            first: !staff::has_staff(v).unwrap_or(true),
            names,
            demo,
            ..Login::default()
        }
    }

    /// `Some(name, role)` once signed in.
    pub fn update(
        &mut self,
        msg: LoginMessage,
        v: &mut Vafa,
        lang: Lang,
    ) -> (Task<LoginMessage>, Option<(String, vafa_core::staff::Role)>) {
        match msg {
            LoginMessage::Name(n) => self.name = n,
            LoginMessage::Pin(p) => self.pin = p,
            LoginMessage::Pad(d) => self.pin.push_str(d),
            LoginMessage::Back => {
                self.pin.pop();
            }
            LoginMessage::Clear => self.pin.clear(),
            LoginMessage::Submit => {
                if self.first {
                    if let Err(e) = staff::add_first(v, &self.name, &self.pin) {
                        self.pin.clear();
                        self.error = Some(e.say(lang));
                        return (iced::widget::operation::focus(PIN_ID), None);
                    }
                    self.first = false;
                }
                let pin = std::mem::take(&mut self.pin);
                return match staff::login(v, &self.name, &pin) {
                    Ok(who) => {
                        self.error = None;
                        (Task::none(), Some(who))
                    }
                    Err(e) => {
                        self.error = Some(e.say(lang));
                        (iced::widget::operation::focus(PIN_ID), None)
                    }
                };
            }
        }
        self.error = None;
        (Task::none(), None)
    }

    pub fn view(&self, lang: Lang, shop: &str) -> Element<'_, LoginMessage> {
        let mut col = column![b(shop.to_string()).size(theme::TITLE)]
            .spacing(14)
            .align_x(iced::Center);
        if self.first {
            col = col.push(t(tr(lang, S::FirstAccount)).size(theme::TEXT));
            col = col.push(
                container(field(
                    lang,
                    tr(lang, S::ManagerName),
                    "",
                    &self.name,
                    None,
                    LoginMessage::Name,
                ))
                .width(Length::Fixed(300.0)),
            );
        } else {
            let names = self
                .names
                .iter()
                .map(|n| choice(n.as_str(), *n == self.name, LoginMessage::Name(n.clone())))
                .collect();
            col = col.push(row_dir(lang, names).spacing(8));
        }
        col = col.push(t(tr(lang, S::Login)).size(theme::TEXT));
        col = col.push(
            text_input(tr(lang, S::Pin), &self.pin)
                .style(crate::theme::input)
                .id(PIN_ID)
                .secure(true)
                .on_input(LoginMessage::Pin)
                .on_submit(LoginMessage::Submit)
                .font(font::REGULAR)
                .size(theme::TITLE)
                .padding(theme::PAD)
                .width(Length::Fixed(300.0)),
        );
        if let Some(e) = &self.error {
            col = col.push(t(e.as_str()).size(theme::TEXT).color(theme::BAD));
        }
        if self.demo {
            col = col.push(
                t(tr(lang, S::DemoPinHint))
                    .size(theme::TEXT)
                    .color(theme::MUTED),
            );
        }
        col = col.push(primary_button(
            tr(lang, S::SignIn),
            Some(LoginMessage::Submit),
        ));
        // The keypad beside the form: on an 800×600 touch screen every key and Sign in
        // are on screen.
        let pad = keypad(
            lang,
            LoginMessage::Pad,
            LoginMessage::Back,
            LoginMessage::Clear,
            LoginMessage::Submit,
        );
        iced::widget::scrollable(
            container(
                row_dir(lang, vec![col.into(), pad])
                    .spacing(32)
                    .align_y(iced::Center),
            )
            .center_x(Fill)
            .padding(16),
        )
        .into()
    }
}
