//! A new offer made in the window: a field for each condition, reward and limit of the
//! offer contract (CONTRACT.md "Offers"), checked as it is typed by the same validation as
//! `vafa offers import` (the form is turned into an offers file), a "try on a member" of
//! the offer before it is saved, and "save" through the same import.

use iced::widget::{button, column, container, text_input};
use iced::{Element, Fill};

use crate::bidi::{b, row_dir, start, t};
use crate::font;
use crate::screen::offers::{customer_of, explanation, try_row};
use crate::screen::till::typed_rials;
use crate::theme;
use crate::widget::{banners, primary_button, secondary_button};
use vafa_core::basket::Category;
use vafa_core::config::ShopConfig;
use vafa_core::digits::normalize_digits;
use vafa_core::lang::Lang;
use vafa_core::offer::model::Name;
use vafa_core::offer::model::WEEKDAYS;
use vafa_service::{SaleRequest, SaleResult, Vafa};
use vafa_text::Say;
use vafa_text::format::{Unit, digits};
use vafa_text::i18n::{S, tr};
use vafa_text::names;
use vafa_text::names::OfferNames;
use vafa_text::offer_form::{FIELDS, Word, label, word};

/// The id of the field of `key` (tests type into it).
pub fn field_id(key: &str) -> String {
    format!("offer-form-{key}")
}
pub const WHO_ID: &str = "offer-form-who";
pub const AMOUNT_ID: &str = "offer-form-amount";

/// How a field's text goes into the offers file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Count,
    Money,
    Percent,
    List,
    /// A switch: `true` (or `scope = "items"`).
    Switch,
}

fn kind(key: &str) -> Kind {
    match key {
        "when.min_amount"
        | "when.max_amount"
        | "reward.extra_credit"
        | "reward.discount"
        | "reward.referrer_credit"
        | "limit.budget" => Kind::Money,
        "reward.extra_credit_percent" | "reward.discount_percent" | "reward.points_multiplier" => {
            Kind::Percent
        }
        "when.tiers" | "when.groups" | "when.categories" | "when.skus" | "when.weekdays"
        | "when.occasions" | "when.branches" => Kind::List,
        "when.referred" | "reward.free_item" | "reward.scope" => Kind::Switch,
        "id" | "name.fa" | "name.en" | "valid_from" | "valid_to" | "when.hours"
        | "limit.period" => Kind::Text,
        _ => Kind::Count,
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Field(usize, String),
    Switch(usize),
    /// A list field's choice (a category, tier or weekday by its name) on or off.
    Pick(usize, String),
    Who(String),
    Amount(String),
    Try,
    Save,
    Cancel,
}

/// What the offers screen does after a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    /// Saved: the notice to show over the list.
    Saved(String),
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Form {
    /// One text per `FIELDS` entry (a switch: "1" when on).
    pub values: Vec<String>,
    /// What is wrong with the offer as typed, if anything.
    pub problem: Option<String>,
    pub who: String,
    pub amount: String,
    pub tried: Option<SaleResult>,
    pub error: Option<String>,
    /// The shop's categories and tiers, picked by their names (never typed as ids).
    pub categories: Vec<Category>,
    pub tiers: Vec<String>,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            values: vec![String::new(); FIELDS.len()],
            problem: None,
            who: String::new(),
            amount: String::new(),
            tried: None,
            error: None,
            categories: Vec::new(),
            tiers: Vec::new(),
        }
    }
}

/// A field's text as the window shows it back: numbers, dates and hours in the window's
/// digits (Persian ۰–۹ and «٬» in Persian), whatever digits were typed; ids and names as typed.
fn echo(key: &str, text: &str, lang: Lang) -> String {
    let numeric = matches!(kind(key), Kind::Count | Kind::Money | Kind::Percent)
        || matches!(key, "valid_from" | "valid_to" | "when.hours");
    if !numeric || lang == Lang::En {
        return text.to_string();
    }
    digits(&normalize_digits(text), lang).replace(',', "٬")
}

/// A TOML string (JSON's escapes are TOML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

impl Form {
    /// An empty form for this shop (its categories and tiers to pick from).
    pub fn for_shop(config: &ShopConfig) -> Form {
        Form {
            categories: config.basket.categories.clone(),
            tiers: config.tier.iter().map(|t| t.name.clone()).collect(),
            ..Form::default()
        }
    }

    /// The choices of a list field, (id, name in `lang`), when it is picked rather than
    /// typed: the shop's categories, its tiers, the weekdays.
    fn choices(&self, key: &str, lang: Lang) -> Option<Vec<(String, String)>> {
        let list: Vec<(String, String)> = match key {
            "when.categories" => self
                .categories
                .iter()
                .map(|c| {
                    let name = c
                        .name
                        .as_ref()
                        .map(|n| n.get(lang).to_string())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| names::category(&c.id, lang));
                    (c.id.clone(), name)
                })
                .collect(),
            "when.tiers" => self
                .tiers
                .iter()
                .map(|t| (t.clone(), names::tier(t, lang)))
                .collect(),
            "when.weekdays" => WEEKDAYS
                .iter()
                .map(|d| (d.to_string(), names::weekday(d, lang)))
                .collect(),
            _ => return None,
        };
        (!list.is_empty()).then_some(list)
    }

    fn value(&self, key: &str) -> &str {
        FIELDS
            .iter()
            .position(|(k, _, _)| *k == key)
            .map(|i| self.values[i].trim())
            .unwrap_or("")
    }

    /// The form as an offers file, or which field is not what it should be.
    pub fn to_toml(&self, unit: Unit, lang: Lang) -> Result<String, String> {
        let mut out = String::from("[[offer]]\n");
        let (fa, en) = (self.value("name.fa"), self.value("name.en"));
        out.push_str(&format!("id = {}\n", quoted(self.value("id"))));
        if !(fa.is_empty() && en.is_empty()) {
            out.push_str(&format!(
                "name = {{ fa = {}, en = {} }}\n",
                quoted(fa),
                quoted(en)
            ));
        }
        for section in ["", "when", "reward", "limit"] {
            if !section.is_empty() {
                out.push_str(&format!("[offer.{section}]\n"));
            }
            for (i, (key, _, _)) in FIELDS.iter().enumerate() {
                let Some(name) = (match key.split_once('.') {
                    Some((s, k)) if s == section => Some(k),
                    None if section.is_empty() => Some(*key),
                    _ => None,
                }) else {
                    continue;
                };
                if matches!(*key, "id" | "name.fa" | "name.en") {
                    continue;
                }
                let text = self.values[i].trim();
                if text.is_empty() {
                    continue;
                }
                let bad = || {
                    format!(
                        "{}: «{text}» {}",
                        label(key, lang),
                        word(lang, Word::NotANumber)
                    )
                };
                let text = &normalize_digits(text).replace('٬', ",");
                let value = match kind(key) {
                    Kind::Text if *key == "id" => quoted(text),
                    Kind::Text => quoted(&normalize_digits(text).replace('٬', ",")),
                    Kind::Count => {
                        let d = normalize_digits(text);
                        if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
                            return Err(bad());
                        }
                        d.parse::<u64>().map_err(|_| bad())?.to_string()
                    }
                    Kind::Money => typed_rials(text, unit).ok_or_else(bad)?.to_string(),
                    Kind::Percent => {
                        let d = normalize_digits(text).replace(['٫', '/'], ".");
                        let dots = d.matches('.').count();
                        if d.is_empty()
                            || dots > 1
                            || d.starts_with('.')
                            || d.ends_with('.')
                            || !d.chars().all(|c| c.is_ascii_digit() || c == '.')
                        {
                            return Err(bad());
                        }
                        d
                    }
                    Kind::List => {
                        let items: Vec<String> = text
                            .split([',', '،'])
                            .map(str::trim)
                            .filter(|s| !s.is_empty())
                            .map(quoted)
                            .collect();
                        format!("[{}]", items.join(", "))
                    }
                    Kind::Switch if *key == "reward.scope" => quoted("items"),
                    Kind::Switch => "true".into(),
                };
                out.push_str(&format!("{name} = {value}\n"));
            }
        }
        Ok(out)
    }

    /// The offer as typed checked as `vafa offers import` would: `Ok(file)` or the problem.
    fn checked(&self, v: &Vafa, lang: Lang) -> Result<String, String> {
        let text = self.to_toml(Unit::of(&v.shop.unit), lang)?;
        v.check_offers(&text)
            .map_err(|e| vafa_text::offer_form::refused(&e, lang))?;
        Ok(text)
    }

    /// The offer's name as typed (for the preview).
    fn name(&self) -> Option<Name> {
        let (fa, en) = (self.value("name.fa"), self.value("name.en"));
        (!(fa.is_empty() && en.is_empty())).then(|| Name::Both {
            fa: fa.to_string(),
            en: en.to_string(),
        })
    }

    pub fn update(&mut self, msg: Message, v: &mut Vafa, lang: Lang) -> Outcome {
        self.error = None;
        match msg {
            Message::Field(i, s) => {
                if let (Some(slot), Some((key, _, _))) = (self.values.get_mut(i), FIELDS.get(i)) {
                    *slot = echo(key, &s, lang);
                }
            }
            Message::Pick(i, id) => {
                if let Some(slot) = self.values.get_mut(i) {
                    let mut ids: Vec<String> = slot
                        .split([',', '،'])
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect();
                    match ids.iter().position(|x| *x == id) {
                        Some(at) => {
                            ids.remove(at);
                        }
                        None => ids.push(id),
                    }
                    *slot = ids.join(",");
                }
            }
            Message::Switch(i) => {
                if let Some(slot) = self.values.get_mut(i) {
                    *slot = if slot.is_empty() {
                        "1".into()
                    } else {
                        String::new()
                    };
                }
            }
            Message::Who(s) => self.who = s,
            Message::Amount(s) => self.amount = echo("when.min_amount", &s, lang),
            Message::Cancel => return Outcome::Cancelled,
            Message::Try => {
                self.tried = None;
                let Some(amount) = typed_rials(&self.amount, Unit::of(&v.shop.unit)) else {
                    self.error = Some(format!(
                        "{}: {}",
                        tr(lang, S::Amount),
                        tr(lang, S::Required)
                    ));
                    return Outcome::Stay;
                };
                match self.checked(v, lang) {
                    Ok(text) => {
                        let req = SaleRequest::new(customer_of(&self.who), amount);
                        match v.try_offers(&text, &req) {
                            Ok(r) => self.tried = Some(r),
                            Err(e) => self.error = Some(e.say(lang)),
                        }
                    }
                    Err(p) => self.error = Some(p),
                }
            }
            Message::Save => match self.checked(v, lang) {
                Ok(text) => match v.import_offers(&text) {
                    Ok(_) => return Outcome::Saved(tr(lang, S::Saved).to_string()),
                    Err(e) => self.error = Some(e.say(lang)),
                },
                Err(p) => self.error = Some(p),
            },
        }
        self.problem = self.checked(v, lang).err();
        Outcome::Stay
    }

    pub fn view<'a>(&'a self, lang: Lang, unit: Unit, names: &OfferNames) -> Element<'a, Message> {
        let mut col = column![start(
            lang,
            b(word(lang, Word::NewOffer)).size(theme::TITLE)
        )]
        .spacing(8);
        // Save and cancel first: the form is long, they are always in reach.
        col = col.push(
            row_dir(
                lang,
                vec![
                    primary_button(word(lang, Word::Save), Some(Message::Save)),
                    secondary_button(word(lang, Word::Cancel), Message::Cancel),
                ],
            )
            .spacing(8),
        );
        col = col.push(banners(lang, self.error.as_deref(), None));
        let status: Element<'a, Message> = match &self.problem {
            Some(p) => container(start(lang, t(p.as_str()).size(theme::SMALL)))
                .padding(8)
                .style(theme::alert)
                .into(),
            None => start(
                lang,
                t(word(lang, Word::Valid))
                    .size(theme::SMALL)
                    .color(theme::OK),
            )
            .into(),
        };
        col = col.push(status);
        let mut section = "";
        for (i, (key, _, _)) in FIELDS.iter().enumerate() {
            let this = key
                .split_once('.')
                .map(|(s, _)| s)
                .filter(|s| *s != "name")
                .unwrap_or("");
            if this != section {
                section = this;
                let title = match this {
                    "when" => Word::Conditions,
                    "reward" => Word::Reward,
                    _ => Word::Limits,
                };
                col = col.push(start(lang, b(word(lang, title)).size(theme::TEXT)));
            }
            let picked: Vec<&str> = self.values[i].split(',').map(str::trim).collect();
            let input: Element<'a, Message> = if let Some(choices) = self.choices(key, lang) {
                iced::widget::Row::with_children(
                    choices
                        .into_iter()
                        .map(|(id, name)| {
                            let on = picked.contains(&id.as_str());
                            let mark = if on { "☑" } else { "☐" };
                            button(t(format!("{mark} {name}")).size(theme::SMALL))
                                .padding([6, 10])
                                .style(move |th, st| {
                                    if on {
                                        theme::primary(th, st)
                                    } else {
                                        theme::secondary(th, st)
                                    }
                                })
                                .on_press(Message::Pick(i, id))
                                .into()
                        })
                        .collect::<Vec<_>>(),
                )
                .spacing(6)
                .wrap()
                .into()
            } else if kind(key) == Kind::Switch {
                let on = !self.values[i].is_empty();
                button(t(if on { "☑" } else { "☐" }).size(theme::TEXT))
                    .padding(8)
                    .style(button::secondary)
                    .on_press(Message::Switch(i))
                    .into()
            } else {
                text_input("", &self.values[i])
                    .style(crate::theme::input)
                    .id(field_id(key))
                    .align_x(crate::bidi::edge(lang))
                    .on_input(move |s| Message::Field(i, s))
                    .font(font::REGULAR)
                    .size(theme::TEXT)
                    .padding(8)
                    .width(320)
                    .into()
            };
            col = col.push(
                row_dir(
                    lang,
                    vec![
                        // At the reading edge (a Fill-wide text hugs the left in iced 0.14).
                        start(lang, t(label(key, lang)).size(theme::SMALL)).into(),
                        input,
                    ],
                )
                .spacing(8)
                .align_y(iced::Center),
            );
        }
        col = col.push(start(lang, b(word(lang, Word::TryIt)).size(theme::TEXT)));
        col = col.push(try_row(
            lang,
            (&self.who, &self.amount),
            (WHO_ID, AMOUNT_ID),
            (Message::Who, Message::Amount, Message::Try),
        ));
        if let Some(r) = &self.tried {
            let names = names.clone().with(self.value("id"), self.name());
            col = col.push(explanation(lang, unit, r, &names));
        }
        container(col).padding(theme::PAD).width(Fill).into()
    }
}
