//! The shapes a sender worker hands to a gateway and gets back.

use std::fmt;

/// Our own id of one message (a UUIDv7 string), used as the provider's local id /
/// client reference id where its API has one, so a resend of the same message can be
/// recognised.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalId(String);

impl LocalId {
    /// Accepts a UUID in its hyphenated form (any version; vafa makes v7). Stored lower case.
    pub fn parse(text: &str) -> Result<LocalId, InvalidValue> {
        let t = text.trim();
        let ok = t.len() == 36
            && t.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => c.is_ascii_hexdigit(),
            });
        if ok {
            Ok(LocalId(t.to_ascii_lowercase()))
        } else {
            Err(InvalidValue::LocalId(t.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A positive 63-bit number derived from the id, for APIs whose local id is a long
    /// (Kavenegar's `localid`). FNV-1a over the id's text: stable across versions and
    /// machines. Two different ids give the same number with probability about 2^-63 per
    /// pair.
    pub fn as_i63(&self) -> i64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.0.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        let n = (h & 0x7fff_ffff_ffff_ffff) as i64;
        if n == 0 { 1 } else { n }
    }
}

impl fmt::Debug for LocalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LocalId({})", self.0)
    }
}

impl fmt::Display for LocalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An Iranian mobile number in vafa's canonical form `+989xxxxxxxxx`. Normalising what
/// people type is vafa-core's job; this type only refuses what is not canonical.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Msisdn(String);

impl Msisdn {
    pub fn parse(text: &str) -> Result<Msisdn, InvalidValue> {
        let rest = text.strip_prefix("+98");
        match rest {
            Some(r)
                if r.len() == 10 && r.starts_with('9') && r.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(Msisdn(text.to_string()))
            }
            _ => Err(InvalidValue::Mobile(text.chars().take(20).collect())),
        }
    }

    /// `+989121234567`.
    pub fn canonical(&self) -> &str {
        &self.0
    }

    /// `09121234567`, the form every provider here documents for a receptor.
    pub fn national(&self) -> String {
        format!("0{}", &self.0[3..])
    }
}

impl fmt::Debug for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Msisdn({})", self.0)
    }
}

impl fmt::Display for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidValue {
    #[error("not a UUID: {0:?}")]
    LocalId(String),
    #[error("not a canonical Iranian mobile number (+989xxxxxxxxx): {0:?}")]
    Mobile(String),
}

/// One plain message to one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub local_id: LocalId,
    pub to: Msisdn,
    pub text: String,
    /// The shop's sender line (`[sms] sender`), e.g. `10004346`.
    pub sender: String,
}

/// A message built from a template the provider holds (one-time codes, service lines that
/// still reach numbers on the advertising blacklist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSend {
    pub local_id: LocalId,
    pub to: Msisdn,
    /// The provider's name or number for the template (Kavenegar and Ghasedak: a name;
    /// sms.ir `templateId` and Melipayamak `bodyId`: a number).
    pub template: String,
    /// Values in the template's order, with their names. Kavenegar fills `token`,
    /// `token2`, `token3`, `token10`, `token20` in this order and ignores the names;
    /// Melipayamak joins the values with `;` and ignores the names.
    pub params: Vec<(String, String)>,
}

/// The provider's own id of an accepted message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProviderId(pub String);

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An amount as the provider reports it. Never a float.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Amount {
    /// Integer rials (Kavenegar, Ghasedak).
    Rials(i64),
    /// The provider's own credit unit, in thousandths (1500 = 1.5 units). sms.ir and
    /// Melipayamak report credit and cost as decimal numbers in their panel's unit, which
    /// their public SDKs do not name as rials.
    Units { milli: i64 },
}

/// The provider took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub provider_id: ProviderId,
    /// What the provider says the message cost, where its answer has it.
    pub cost: Option<Amount>,
    /// The state the answer gives, where it gives one.
    pub state: Option<DeliveryState>,
}

/// Where a message is, mapped from each provider's own codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryState {
    /// With the provider, not yet handed to the operator (includes scheduled).
    Queued,
    /// Handed to the operator; no final report yet.
    Sent,
    Delivered,
    /// Final: not delivered (failed, expired, cancelled, phone unreachable).
    Undelivered,
    /// Final: the number is on the national advertising blacklist or blocked the line.
    Blacklisted,
    /// Final: the operator or provider filtered the text (charged on some providers).
    Filtered,
    /// The provider does not know the id or gave a code outside its table.
    Unknown,
}

impl DeliveryState {
    /// Whether polling this message again can still change its state.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            DeliveryState::Delivered
                | DeliveryState::Undelivered
                | DeliveryState::Blacklisted
                | DeliveryState::Filtered
        )
    }
}

/// One answer of a status poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub provider_id: ProviderId,
    pub state: DeliveryState,
    /// The provider's own status code, kept for the log.
    pub code: Option<i64>,
    pub cost: Option<Amount>,
}

impl Delivery {
    /// An id the provider does not know, or did not answer for.
    pub fn unknown(provider_id: ProviderId) -> Delivery {
        Delivery {
            provider_id,
            state: DeliveryState::Unknown,
            code: None,
            cost: None,
        }
    }
}

/// What a provider does when the same message is sent twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dedup {
    /// A resend with the same local id is not sent again; the first message's answer
    /// comes back (Kavenegar `localid` on `sms/send`).
    ResendReturnsFirst,
    /// A resend with the same client reference id is refused as a duplicate; this client
    /// then looks the first one up and returns it as accepted (Ghasedak, assumed).
    ResendRefusedThenLookedUp,
    /// Nothing: a resend is a second message, charged and delivered twice.
    None,
}

/// What the provider offers the worker for exactly-once sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// For [`crate::Gateway::send`].
    pub send_dedup: Dedup,
    /// For [`crate::Gateway::send_template`].
    pub template_dedup: Dedup,
    /// [`crate::Gateway::lookup_local`] can find a message by our local id.
    pub lookup_by_local_id: bool,
}

impl Capabilities {
    /// No client id anywhere: no dedup, no lookup by our id.
    pub const NONE: Capabilities = Capabilities {
        send_dedup: Dedup::None,
        template_dedup: Dedup::None,
        lookup_by_local_id: false,
    };
}

/// The answer of [`crate::Gateway::lookup_local`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalLookup {
    Found(Delivery),
    NotFound,
    /// The provider's API has no way to search by our id.
    Unsupported,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_id_is_checked_and_hashed_stably() {
        let id = LocalId::parse("0190A3C4-5B6D-7E8F-9A0B-1C2D3E4F5A6B").expect("uuid");
        assert_eq!(id.as_str(), "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b");
        assert!(id.as_i63() > 0);
        assert_eq!(id.as_i63(), id.clone().as_i63());
        let other = LocalId::parse("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6c").expect("uuid");
        assert_ne!(id.as_i63(), other.as_i63());
        assert!(LocalId::parse("not-a-uuid").is_err());
        assert!(LocalId::parse("0190a3c4x5b6d-7e8f-9a0b-1c2d3e4f5a6b").is_err());
    }

    #[test]
    fn mobile_is_canonical_only() {
        let m = Msisdn::parse("+989121234567").expect("canonical");
        assert_eq!(m.national(), "09121234567");
        for bad in [
            "09121234567",
            "+98912123456",
            "+988121234567",
            "+98912123456a",
            "",
        ] {
            assert!(Msisdn::parse(bad).is_err(), "{bad}");
        }
    }
}
