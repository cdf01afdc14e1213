//! The basket on the sale screen: a button for each category the shop configures
//! (`[basket]`). Type an amount and press its category: it becomes a line of the basket;
//! what is typed after the last line is counted without a category. A scanned code that is
//! one of the shop's SKUs (`[[basket.sku]]`) becomes a line too, at its price (or, for a
//! SKU without one, at the amount typed before the scan). The sale's gross is the lines and
//! what is typed, and its items are the lines, so that category and SKU offers apply.

use iced::Element;
use iced::widget::{button, column};

use crate::bidi::{b, row_dir, start, t};
use crate::theme;
use vafa_core::basket::{Category, Sku};
use vafa_core::lang::Lang;
use vafa_core::money::Rials;
use vafa_core::sale::Item;
use vafa_text::format::{Unit, money};
use vafa_text::receipt::{Word, word};

#[derive(Debug, Clone)]
pub enum Message {
    /// The category with this id was pressed.
    Category(String),
    /// Take the last line off.
    Undo,
}

#[derive(Debug, Default)]
pub struct Basket {
    /// The shop's categories (kept when the till goes back to idle).
    pub categories: Vec<Category>,
    /// The shop's SKUs, for scanning.
    pub skus: Vec<Sku>,
    /// (category id, amount in rials, the SKU when scanned), in the order added.
    pub lines: Vec<(String, Rials, Option<String>)>,
}

/// What a scanned code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Not one of the shop's SKUs (so it may be a card).
    NotASku,
    /// Added at its own price.
    Added,
    /// Added at the typed amount (a SKU without a price): the amount field is used up.
    AddedAtTyped,
    /// A SKU without a price, and no amount typed for it.
    NeedsPrice,
}

impl Basket {
    /// Reads the shop's categories.
    pub fn catalogue(&mut self, config: &vafa_core::config::ShopConfig) {
        if self.categories != config.basket.categories {
            self.categories = config.basket.categories.clone();
        }
        if self.skus != config.basket.skus {
            self.skus = config.basket.skus.clone();
        }
    }

    /// A scanned `code`: one of the shop's SKUs becomes a line (`typed` is the price of a
    /// SKU that has none).
    pub fn scan(&mut self, code: &str, typed: Option<Rials>) -> Scan {
        let Some(sku) = self.skus.iter().find(|s| s.code == code.trim()) else {
            return Scan::NotASku;
        };
        let line = |amount| (sku.category.clone(), amount, Some(sku.code.clone()));
        if sku.price > 0 {
            self.lines.push(line(sku.price));
            Scan::Added
        } else if let Some(r) = typed.filter(|r| *r > 0) {
            self.lines.push(line(r));
            Scan::AddedAtTyped
        } else {
            Scan::NeedsPrice
        }
    }

    /// A press: `typed` (rials, if a number is typed) becomes a line; true if it did (the
    /// amount field is then cleared).
    pub fn update(&mut self, msg: Message, typed: Option<Rials>) -> bool {
        match msg {
            Message::Category(id) => match typed {
                Some(r) if r > 0 => {
                    self.lines.push((id, r, None));
                    true
                }
                _ => false,
            },
            Message::Undo => {
                self.lines.pop();
                false
            }
        }
    }

    /// The gross and the items: the lines, and what is typed as a line without a category.
    /// `None` when there is nothing to sell.
    pub fn sale(&self, typed: Option<Rials>) -> Option<(Rials, Vec<Item>)> {
        if self.lines.is_empty() {
            return typed.map(|r| (r, Vec::new()));
        }
        let mut items: Vec<Item> = self
            .lines
            .iter()
            .map(|(c, r, sku)| Item {
                sku: sku.clone().unwrap_or_else(|| c.clone()),
                qty: 1.into(),
                unit_price: *r,
                category: Some(c.clone()),
            })
            .collect();
        if let Some(r) = typed.filter(|r| *r > 0) {
            items.push(Item {
                sku: "-".into(),
                qty: 1.into(),
                unit_price: r,
                category: None,
            });
        }
        let gross = items.iter().map(|i| i.unit_price).sum();
        Some((gross, items))
    }

    /// A line's name: its SKU's, else its category's.
    fn line_name(&self, category: &str, sku: Option<&str>, lang: Lang) -> String {
        sku.and_then(|code| self.skus.iter().find(|s| s.code == code))
            .and_then(|s| s.name.as_ref())
            .map(|n| n.get(lang).to_string())
            .unwrap_or_else(|| self.name(category, lang))
    }

    fn name(&self, id: &str, lang: Lang) -> String {
        self.categories
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.name.as_ref())
            .map(|n| n.get(lang).to_string())
            .unwrap_or_else(|| vafa_text::names::category(id, lang))
    }

    /// The category buttons and the lines so far (nothing when the shop has no categories).
    pub fn view<'a>(&'a self, lang: Lang, unit: Unit) -> Element<'a, Message> {
        if self.categories.is_empty() && self.lines.is_empty() {
            return column![].into();
        }
        let buttons: Vec<Element<'a, Message>> = self
            .categories
            .iter()
            .map(|c| {
                button(t(self.name(&c.id, lang)).size(theme::TEXT))
                    .padding(theme::PAD)
                    .style(crate::theme::secondary)
                    .on_press(Message::Category(c.id.clone()))
                    .into()
            })
            .collect();
        let mut col = column![].spacing(8);
        if !buttons.is_empty() {
            col = col.push(row_dir(lang, buttons).spacing(8)).push(start(
                lang,
                t(word(lang, Word::CategoryHint))
                    .size(theme::SMALL)
                    .color(theme::MUTED),
            ));
        }
        if !self.lines.is_empty() {
            col = col.push(start(lang, b(word(lang, Word::Basket)).size(theme::TEXT)));
            for (c, r, sku) in &self.lines {
                col = col.push(
                    row_dir(
                        lang,
                        vec![
                            t(self.line_name(c, sku.as_deref(), lang))
                                .size(theme::TEXT)
                                .into(),
                            b(money(*r, unit, lang)).size(theme::TEXT).into(),
                        ],
                    )
                    .spacing(12),
                );
            }
            col = col.push(start(
                lang,
                button(t("⌫").size(theme::TEXT))
                    .padding(8)
                    .style(crate::theme::secondary)
                    .on_press(Message::Undo),
            ));
        }
        col.into()
    }
}
