//! SMS gateways for vafa: Kavenegar, sms.ir, Ghasedak and Melipayamak behind one small
//! trait ([`Gateway`]), each speaking its provider's HTTP API over `ureq`; counting parts
//! and estimating costs ([`parts`]); and templates with named fields ([`template`]). The
//! loopback servers that speak each provider's API, for tests, are the crate
//! `vafa-sms-test` (a crate of their own, so that the tests build this crate as it ships).
//!
//! # What the sender worker must know
//!
//! * **Exactly once.** Each message's own id ([`LocalId`]) goes to the provider where the
//!   API takes one. What a resend does differs by provider; ask
//!   [`Gateway::capabilities`]:
//!   - Kavenegar `sms/send`: `localid` (a 63-bit number derived from the id,
//!     [`LocalId::as_i63`]). A resend with the same `localid` is not sent again; the first
//!     message comes back ([`Dedup::ResendReturnsFirst`]). `verify/lookup` takes no local
//!     id: no dedup for template sends.
//!   - Ghasedak: `clientReferenceId` = the id. A resend is refused as a duplicate (451,
//!     assumed) and this client then finds the first message by
//!     `CheckSmsStatus?Type=2` and returns it as accepted
//!     ([`Dedup::ResendRefusedThenLookedUp`]).
//!   - sms.ir and Melipayamak: no client id anywhere, no dedup ([`Dedup::None`]). A
//!     resend is a second SMS, charged and delivered.
//!
//!   So: after a failure with [`SendError::maybe_delivered`] set (a timeout after the
//!   request was written, a reset, a 5xx, an unreadable 200), the worker may resend only
//!   where the provider deduplicates. Elsewhere it must not resend blindly: keep the
//!   message as "unknown" (ask [`Gateway::lookup_local`] where it is supported), and let
//!   a person decide or give it up. A worker killed between writing the request and
//!   storing the answer is the same case: on restart, treat the in-flight message as
//!   `maybe_delivered`.
//! * **Classification.** [`SendError::class`]: [`Class::Permanent`] gives up this message
//!   with its reason; [`Class::Account`] stops all sending until fixed (wrong key, no
//!   credit, unknown sender line, base_url wrong); [`Class::Transient`] retries with
//!   backoff (honour [`SendError::retry_after`]). A code a provider's table does not
//!   know is transient ([`ErrorKind::Failed`]).
//! * **Delivery.** [`Gateway::status`] maps each provider's codes to [`DeliveryState`];
//!   poll until [`DeliveryState::is_final`]. Kavenegar keeps ids for 48 hours and local
//!   ids for about 12 hours (third-party documentation); sms.ir and Melipayamak are
//!   polled one id per request.
//! * **Money.** Kavenegar and Ghasedak report costs and credit in rials
//!   ([`Amount::Rials`]); sms.ir and Melipayamak in their own credit unit
//!   ([`Amount::Units`], thousandths). Never a float.
//! * **Secrets.** No error text, `Debug` output or log line holds the API key or
//!   password (Kavenegar's key is in the URL path: it is redacted from transport errors).

pub mod error;
pub mod gateway;
pub mod http;
pub mod parts;
mod providers;
pub use vafa_core::sms_template as template;
pub mod types;

pub use error::{Class, ErrorKind, SendError};
pub use gateway::{ConfigError, Gateway, GatewayConfig, Provider, connect};
pub use http::{BODY_CAP, Timeouts};
pub use providers::{Ghasedak, Kavenegar, Melipayamak, SmsIr};
pub use types::{
    Accepted, Amount, Capabilities, Dedup, Delivery, DeliveryState, InvalidValue, LocalId,
    LocalLookup, Msisdn, Outgoing, ProviderId, TemplateSend,
};
