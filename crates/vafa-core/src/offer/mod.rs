//! Automatic offers: the file format, the conditions and rewards, and the engine that
//! picks what is worth most to the member and says why, as data.

mod conditions;
pub mod engine;
pub mod fault;
pub mod model;
pub mod stored;
pub mod why;

pub use engine::{Applied, Context, Decision, MemberFacts, OfferLine, Usage, decide, period_key};
pub use fault::OfferFault;
pub use model::{Offer, OfferError, ValidOffer, parse_offers};
pub use why::{Met, Unmet, Why, Yearly};
