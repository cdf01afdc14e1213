//! What the shop sells, as far as offers need it (`[basket]`: categories for the till's
//! buttons, SKUs a scanner reads), and its receipt printer (`[printer]`). Both are parts of
//! the shop configuration (`vafa config import`), documented in docs/printing.md.

use serde::{Deserialize, Serialize};

use crate::config::Fault;
use crate::money::{MAX_AMOUNT, Rials};
use crate::offer::model::Name;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Basket {
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
    #[serde(rename = "sku")]
    pub skus: Vec<Sku>,
}

/// A category button: `[[basket.category]] id = "coffee"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
}

/// A known item: `[[basket.sku]] code = "1001" category = "coffee" price = 450000`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sku {
    pub code: String,
    pub category: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Name>,
    /// Its price in rials (0: typed at the till).
    #[serde(default)]
    pub price: Rials,
}

impl Basket {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.skus.is_empty()
    }

    pub fn sku(&self, code: &str) -> Option<&Sku> {
        self.skus.iter().find(|s| s.code == code.trim())
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id.trim())
    }

    pub fn validate(&self) -> Result<(), (String, Fault)> {
        let mut seen = std::collections::HashSet::new();
        for c in &self.categories {
            if c.id.trim().is_empty() || !seen.insert(c.id.trim().to_lowercase()) {
                return Err(("basket.category.id".into(), Fault::ItemTwice(c.id.clone())));
            }
        }
        let mut codes = std::collections::HashSet::new();
        for s in &self.skus {
            if s.code.trim().is_empty() || !codes.insert(s.code.trim()) {
                return Err(("basket.sku.code".into(), Fault::ItemTwice(s.code.clone())));
            }
            if !self.categories.is_empty() && self.category(&s.category).is_none() {
                return Err((
                    "basket.sku.category".into(),
                    Fault::NoSuchCategory(s.category.clone()),
                ));
            }
            if !(0..=MAX_AMOUNT).contains(&s.price) {
                return Err(("basket.sku.price".into(), Fault::NotAmount(s.price)));
            }
        }
        Ok(())
    }
}

/// The receipt printer: `[printer] target = "tcp://192.168.1.50:9100"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Printer {
    /// `tcp://HOST[:PORT]`, `serial:PATH[@BAUD]` or `file:PATH`; empty: no printer.
    pub target: String,
    /// Paper width in millimetres: 58 or 80.
    pub paper: u32,
    /// Cut the paper after each slip.
    pub cut: bool,
    /// Open the cash drawer with each sale's slip.
    pub drawer: bool,
    /// The window prints a slip after each sale by itself.
    pub auto: bool,
}

impl Default for Printer {
    fn default() -> Printer {
        Printer {
            target: String::new(),
            paper: 80,
            cut: true,
            drawer: false,
            auto: false,
        }
    }
}

impl Printer {
    pub fn is_default(&self) -> bool {
        *self == Printer::default()
    }

    pub fn validate(&self) -> Result<(), (String, Fault)> {
        if !matches!(self.paper, 58 | 80) {
            return Err(("printer.paper".into(), Fault::Paper(self.paper)));
        }
        let t = self.target.trim();
        let known = ["tcp://", "serial:", "file:"]
            .iter()
            .any(|p| t.len() > p.len() && t.starts_with(p));
        if !t.is_empty() && !known {
            return Err(("printer.target".into(), Fault::PrinterTarget(t.to_string())));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(id: &str) -> Category {
        Category {
            id: id.into(),
            name: None,
        }
    }

    fn sku(code: &str, category: &str, price: Rials) -> Sku {
        Sku {
            code: code.into(),
            category: category.into(),
            name: None,
            price,
        }
    }

    fn key(b: &Basket) -> Result<(), String> {
        b.validate().map_err(|(k, _)| k)
    }

    #[test]
    fn lookups_trim_what_was_read() {
        let b = Basket {
            categories: vec![cat("tea"), cat("cups")],
            skus: vec![sku("1001", "tea", 450_000), sku("1002", "cups", 0)],
        };
        assert!(!b.is_empty());
        assert_eq!(b.sku(" 1002 ").map(|s| s.price), Some(0));
        assert_eq!(b.sku("1001").map(|s| s.price), Some(450_000));
        assert!(b.sku("1003").is_none());
        assert_eq!(b.category(" cups").map(|c| c.id.as_str()), Some("cups"));
        assert!(b.category("coffee").is_none());
        assert!(Basket::default().is_empty());
        let only_skus = Basket {
            skus: vec![sku("1", "x", 0)],
            ..Basket::default()
        };
        let only_cats = Basket {
            categories: vec![cat("x")],
            ..Basket::default()
        };
        assert!(!only_skus.is_empty() && !only_cats.is_empty());
    }

    #[test]
    fn validate_refuses_twice_unknown_and_out_of_range() {
        let good = Basket {
            categories: vec![cat("tea"), cat("cups")],
            skus: vec![sku("1001", "tea", MAX_AMOUNT), sku("1002", " cups ", 0)],
        };
        assert_eq!(key(&good), Ok(()));
        let mut b = good.clone();
        b.categories.push(cat(" TEA"));
        assert_eq!(key(&b), Err("basket.category.id".into()), "case aside");
        let mut b = good.clone();
        b.categories.push(cat(" "));
        assert_eq!(key(&b), Err("basket.category.id".into()));
        let mut b = good.clone();
        b.skus.push(sku(" 1001", "tea", 1));
        assert_eq!(key(&b), Err("basket.sku.code".into()));
        let mut b = good.clone();
        b.skus.push(sku("", "tea", 1));
        assert_eq!(key(&b), Err("basket.sku.code".into()));
        let mut b = good.clone();
        b.skus.push(sku("1003", "coffee", 1));
        assert_eq!(key(&b), Err("basket.sku.category".into()));
        // Without categories any category goes.
        let free = Basket {
            categories: Vec::new(),
            skus: vec![sku("1003", "coffee", 1)],
        };
        assert_eq!(key(&free), Ok(()));
        for price in [-1, MAX_AMOUNT + 1] {
            let mut b = good.clone();
            b.skus.push(sku("1003", "tea", price));
            assert_eq!(key(&b), Err("basket.sku.price".into()), "{price}");
        }
    }

    #[test]
    fn a_printer_is_on_58_or_80_mm_paper_at_a_known_target() {
        let p = |target: &str, paper: u32| {
            Printer {
                target: target.into(),
                paper,
                ..Printer::default()
            }
            .validate()
            .map_err(|(k, _)| k)
        };
        assert!(Printer::default().is_default());
        assert!(
            !Printer {
                auto: true,
                ..Printer::default()
            }
            .is_default()
        );
        for t in [
            "",
            " ",
            "tcp://10.0.0.5:9100",
            "serial:/dev/ttyUSB0@9600",
            "file:/tmp/slip",
        ] {
            assert_eq!(p(t, 80), Ok(()), "{t}");
        }
        assert_eq!(p("", 58), Ok(()));
        for paper in [0, 57, 79, 81] {
            assert_eq!(p("", paper), Err("printer.paper".into()), "{paper}");
        }
        for t in ["tcp://", "serial:", "file:", "usb:1", "lpt1"] {
            assert_eq!(p(t, 80), Err("printer.target".into()), "{t}");
        }
    }
}
