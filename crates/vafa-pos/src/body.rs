//! The POS API's request bodies as JSON, and what each becomes for the service: money in
//! rials, the customer as one of `member_id`, `card`, `mobile` or `guest`. Unknown keys
//! are refused, so that a typo in a POS program is a 400 and not a silently ignored field.

use rust_decimal::Decimal;
use serde::Deserialize;

use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::money::Rials;
use vafa_core::phone::parse_mobile;
use vafa_core::sale::{Item, Redeem};
use vafa_service::{CardInput, Customer, GiftPay, MemberKey, SaleRequest};

/// Parses `bytes` as `T`: anything else is `malformed_request` with serde's words.
pub fn parse<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| Error::MalformedRequest {
        detail: e.to_string(),
    })
}

/// A key that names the customer: absent, or a string (`null` is refused, so that
/// `{"card": null, "mobile": ...}` is not taken as naming one customer).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    String::deserialize(d).map(Some)
}

/// `guest`: absent, or `true`.
fn guest<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    match bool::deserialize(d)? {
        true => Ok(true),
        false => Err(serde::de::Error::custom("guest is true or absent")),
    }
}

/// `POST /v1/lookup`: one of `card` (with the reader's `profile` if known) or `mobile`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lookup {
    #[serde(default, deserialize_with = "present")]
    pub card: Option<String>,
    pub profile: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub mobile: Option<String>,
}

impl Lookup {
    pub fn key(self) -> Result<MemberKey> {
        match (self.card, self.mobile) {
            (Some(number), None) => Ok(MemberKey::Card(CardInput {
                number,
                profile: self.profile,
            })),
            (None, Some(m)) => Ok(MemberKey::Mobile(mobile(&m)?)),
            _ => Err(one_customer()),
        }
    }
}

/// A basket line: a whole quantity from 1 to `MAX_QTY`, a unit price from 1 to
/// `MAX_UNIT_PRICE` rials (docs/pos-api.yaml's bounds).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub sku: String,
    pub qty: i64,
    pub unit_price: Rials,
    pub category: Option<String>,
}

pub const MAX_QTY: i64 = 1_000;
pub const MAX_UNIT_PRICE: Rials = 1_000_000_000;

/// `redeem`: an amount in rials or `"all"`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RedeemIn {
    Amount(Rials),
    Word(String),
}

/// `gift`: a gift card's number (all it holds, up to what is left to pay), or the card and
/// the rials to take from it (`vafa sale --gift NUMBER[:RIALS]`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum GiftIn {
    Number(String),
    Part(GiftPart),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GiftPart {
    pub card: String,
    pub amount: Rials,
}

impl From<GiftIn> for GiftPay {
    fn from(g: GiftIn) -> GiftPay {
        match g {
            GiftIn::Number(card) => GiftPay { card, amount: None },
            GiftIn::Part(p) => GiftPay {
                card: p.card,
                amount: Some(p.amount),
            },
        }
    }
}

/// `POST /v1/quote` and `POST /v1/sales`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sale {
    /// The POS program's own id for the sale (UUID); required for `/v1/sales`.
    pub id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub member_id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub card: Option<String>,
    pub profile: Option<String>,
    #[serde(default, deserialize_with = "present")]
    pub mobile: Option<String>,
    #[serde(default, deserialize_with = "guest")]
    pub guest: bool,
    pub amount: Rials,
    #[serde(default)]
    pub items: Vec<Line>,
    pub redeem: Option<RedeemIn>,
    /// A gift card paying for (part of) what is left after discount and credit.
    pub gift: Option<GiftIn>,
    /// When the sale happened (RFC 3339); now if absent.
    pub at: Option<String>,
}

/// `POST /v1/sales/{id}/void`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Void {
    pub reason: Option<String>,
}

fn one_customer() -> Error {
    Error::Invalid {
        field: Field::Customer,
        value: String::new(),
        why: Why::Empty,
    }
}

fn mobile(text: &str) -> Result<vafa_core::phone::Mobile> {
    parse_mobile(text).ok_or_else(|| Error::InvalidMobile { value: text.into() })
}

fn item(line: Line) -> Result<Item> {
    let refused = |error| Error::InvalidItem {
        value: format!("{}:{}:{}", line.sku, line.qty, line.unit_price),
        error,
    };
    if !(1..=MAX_QTY).contains(&line.qty) {
        return Err(refused(vafa_core::sale::ItemError::BadQuantity));
    }
    if !(1..=MAX_UNIT_PRICE).contains(&line.unit_price) {
        return Err(refused(vafa_core::sale::ItemError::BadPrice));
    }
    Ok(Item {
        sku: line.sku,
        qty: Decimal::from(line.qty),
        unit_price: line.unit_price,
        category: line.category,
    })
}

impl Sale {
    /// The service's request (`id` as given; the caller decides whether it is needed).
    pub fn request(self) -> Result<SaleRequest> {
        let customer = match (self.member_id, self.card, self.mobile, self.guest) {
            (Some(id), None, None, false) => Customer::id(id),
            (None, Some(number), None, false) => Customer::Member(MemberKey::Card(CardInput {
                number,
                profile: self.profile,
            })),
            (None, None, Some(m), false) => Customer::Member(MemberKey::Mobile(mobile(&m)?)),
            (None, None, None, true) => Customer::Guest,
            _ => return Err(one_customer()),
        };
        let redeem = match self.redeem {
            None => Redeem::Nothing,
            Some(RedeemIn::Amount(a)) => Redeem::Amount(a),
            Some(RedeemIn::Word(w)) if w.trim().eq_ignore_ascii_case("all") => Redeem::All,
            Some(RedeemIn::Word(w)) => {
                return Err(Error::Invalid {
                    field: Field::Redeem,
                    value: w,
                    why: Why::UnknownChoice,
                });
            }
        };
        let at = match self.at {
            None => None,
            Some(t) => Some(
                vafa_core::calendar::parse_time(&t).ok_or(Error::InvalidDate {
                    field: Field::At,
                    value: t,
                    error: vafa_core::calendar::DateError::Format,
                })?,
            ),
        };
        Ok(SaleRequest {
            items: self.items.into_iter().map(item).collect::<Result<_>>()?,
            redeem,
            at,
            id: self.id,
            gift: self.gift.map(GiftPay::from),
            ..SaleRequest::new(customer, self.amount)
        })
    }
}
