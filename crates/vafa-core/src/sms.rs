//! Messages to members: the `[sms]` section of the shop's configuration (CONTRACT.md
//! "Messages to members"), the events that queue a message, quiet hours and the blackout
//! calendar. Pure rules: the outbox is vafa-store's, the sender vafa-service's, the
//! gateways vafa-sms's.
//!
//! The API key is read from the file but never written back by [`Sms`]'s serialisation
//! (`skip_serializing`): the configuration as stored, exported, audited, shown by
//! `vafa config show` and sent to head office holds no key. The till keeps the key apart
//! (vafa-service stores it in its own setting).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Fault;
use crate::money::Rials;
use crate::sms_template::Template;

/// The providers vafa speaks (vafa-sms's `Provider` names).
pub const PROVIDERS: &[&str] = &["kavenegar", "smsir", "ghasedak", "melipayamak"];

/// The fields a template may use.
pub const FIELDS: &[&str] = &[
    "first_name",
    "last_name",
    "credit",
    "points",
    "earned",
    "shop",
    "date",
    "offer",
    // An extension (issue 18): the `lottery` event's lottery name and prize place.
    "lottery",
    "prize",
];

/// What causes a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    Enrol,
    Sale,
    Offer,
    Birthday,
    Gift,
    Campaign,
    /// An extension (issue 18): a member won a prize in a lottery's draw.
    Lottery,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::Enrol,
        Event::Sale,
        Event::Offer,
        Event::Birthday,
        Event::Gift,
        Event::Campaign,
        Event::Lottery,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Event::Enrol => "enrol",
            Event::Sale => "sale",
            Event::Offer => "offer",
            Event::Birthday => "birthday",
            Event::Gift => "gift",
            Event::Campaign => "campaign",
            Event::Lottery => "lottery",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// A celebratory message waits through blackout days (mourning): everything but the
    /// receipt of a sale.
    pub fn celebratory(self) -> bool {
        !matches!(self, Event::Sale)
    }

    /// An advertising message ends with the opt-out line.
    pub fn advertising(self) -> bool {
        matches!(self, Event::Campaign)
    }
}

/// One template in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsTemplate {
    pub fa: String,
    pub en: String,
}

impl SmsTemplate {
    /// The text in `lang`, or the other language's when this one is empty.
    pub fn text(&self, lang: crate::lang::Lang) -> &str {
        let (first, other) = match lang {
            crate::lang::Lang::Fa => (&self.fa, &self.en),
            crate::lang::Lang::En => (&self.en, &self.fa),
        };
        if first.trim().is_empty() {
            other
        } else {
            first
        }
    }
}

/// `[sms]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sms {
    /// kavenegar | smsir | ghasedak | melipayamak; empty: the till sends no SMS.
    pub provider: String,
    /// Read, never written back (see the module).
    #[serde(skip_serializing)]
    pub api_key: String,
    pub sender: String,
    pub base_url: String,
    /// `HH:MM-HH:MM` in the shop's time; empty: no quiet hours.
    pub quiet_hours: String,
    pub events: Vec<String>,
    /// By event name (`sale`, `enrol`, ...) or a campaign's own name.
    pub templates: BTreeMap<String, SmsTemplate>,
    /// Days (ISO, the shop's calendar day) when no celebratory message is sent.
    pub blackout: Vec<String>,
    /// At most this many messages a day (0: no limit).
    pub daily_budget: u32,
    /// Tries of a message before it is given up (transient errors).
    pub max_attempts: u32,
    /// What one part costs, in rials, for the estimates (0: unknown).
    pub price_per_part: Rials,
}

impl Default for Sms {
    fn default() -> Self {
        Sms {
            provider: String::new(),
            api_key: String::new(),
            sender: String::new(),
            base_url: String::new(),
            quiet_hours: "22:00-08:00".into(),
            events: Event::ALL.iter().map(|e| e.as_str().to_string()).collect(),
            templates: BTreeMap::new(),
            blackout: Vec::new(),
            daily_budget: 0,
            max_attempts: 8,
            price_per_part: 0,
        }
    }
}

fn minutes(hm: &str) -> Option<u32> {
    let (h, m) = hm.trim().split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && hm.trim().len() == 5).then_some(h * 60 + m)
}

impl Sms {
    pub fn is_default(&self) -> bool {
        self == &Sms::default()
    }

    /// Whether the till sends SMS at all.
    pub fn enabled(&self) -> bool {
        !self.provider.is_empty()
    }

    /// Whether `event` queues messages (in `events` and with a template).
    pub fn template_for(&self, event: Event) -> Option<&SmsTemplate> {
        if !self.events.iter().any(|e| e == event.as_str()) {
            return None;
        }
        self.templates.get(event.as_str())
    }

    /// Quiet hours as minutes after midnight `(from, to)`; `None`: none.
    pub fn quiet(&self) -> Option<(u32, u32)> {
        let (a, b) = self.quiet_hours.split_once('-')?;
        Some((minutes(a)?, minutes(b)?))
    }

    /// Whether `minute` (after midnight, the shop's time) is in the quiet hours.
    pub fn is_quiet(&self, minute: u32) -> bool {
        match self.quiet() {
            None => false,
            Some((from, to)) if from <= to => (from..to).contains(&minute),
            Some((from, to)) => minute >= from || minute < to,
        }
    }

    /// Whether `day` (ISO) is on the blackout calendar.
    pub fn is_blackout(&self, day: &str) -> bool {
        self.blackout.iter().any(|d| d.trim() == day)
    }

    /// Checks the section; the key at fault and why.
    pub fn validate(&self) -> Result<(), (String, Fault)> {
        if !self.provider.is_empty() && !PROVIDERS.contains(&self.provider.as_str()) {
            return Err((
                "sms.provider".into(),
                Fault::SmsProvider(self.provider.clone()),
            ));
        }
        if !self.quiet_hours.trim().is_empty() && self.quiet().is_none() {
            return Err((
                "sms.quiet_hours".into(),
                Fault::QuietHours(self.quiet_hours.clone()),
            ));
        }
        for e in &self.events {
            if Event::parse(e).is_none() {
                return Err(("sms.events".into(), Fault::SmsEvent(e.clone())));
            }
        }
        for d in &self.blackout {
            if chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").is_err() {
                return Err(("sms.blackout".into(), Fault::Blackout(d.clone())));
            }
        }
        if self.max_attempts == 0 {
            return Err(("sms.max_attempts".into(), Fault::MaxAttempts));
        }
        if !(0..=crate::money::MAX_AMOUNT).contains(&self.price_per_part) {
            return Err((
                "sms.price_per_part".into(),
                Fault::NotAmount(self.price_per_part),
            ));
        }
        for (name, t) in &self.templates {
            for (lang, text) in [("fa", &t.fa), ("en", &t.en)] {
                if let Err(e) = Template::parse(text, FIELDS) {
                    return Err((
                        format!("sms.templates.{name}.{lang}"),
                        Fault::SmsTemplate(e),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ShopConfig;

    const CONTRACT: &str = r#"
[sms]                        # in the shop configuration
provider = "kavenegar"       # kavenegar | smsir | ghasedak | melipayamak
api_key = "SECRET-KEY"
sender = "10004346"          # the line
base_url = ""                # empty: the provider's own address; set it to reach a test server
quiet_hours = "22:00-08:00"  # nothing is sent then; it waits
events = ["enrol", "sale", "offer", "birthday", "gift", "campaign"]

[sms.templates.sale]         # {first_name} {last_name} {credit} {points} {earned} {shop} {date} ...
fa = "{first_name} عزیز، {earned} تومان اعتبار گرفتید. موجودی: {credit} تومان. {shop}"
en = "Dear {first_name}, you earned {earned} toman. Balance: {credit} toman. {shop}"
"#;

    #[test]
    fn contract_example_parses_and_never_writes_the_key() {
        let c = ShopConfig::from_toml(CONTRACT).expect("contract example");
        assert_eq!(c.sms.api_key, "SECRET-KEY");
        assert!(c.sms.template_for(Event::Sale).is_some());
        assert!(c.sms.template_for(Event::Enrol).is_none());
        let out = c.to_toml();
        assert!(!out.contains("SECRET"), "{out}");
        assert!(
            !serde_json::to_string(&c)
                .unwrap_or_default()
                .contains("SECRET")
        );
        assert!(out.contains("[sms.templates.sale]"), "{out}");
    }

    #[test]
    fn unknown_template_field_is_refused_by_name_and_line() {
        let text = "[sms]\nprovider = \"smsir\"\n[sms.templates.enrol]\nfa = \"سلام\"\n[sms.templates.sale]\nen = \"ok\"\nfa = \"{first_name} {bonus}\"\n";
        let e = ShopConfig::from_toml(text).expect_err("unknown field");
        assert_eq!(e.key, "sms.templates.sale.fa");
        assert_eq!(e.line, Some(7));
        assert!(
            matches!(&e.reason, Fault::SmsTemplate(crate::sms_template::TemplateError::UnknownField { name, .. }) if name == "bonus"),
            "{:?}",
            e.reason
        );
        let e = ShopConfig::from_toml("[sms]\nprovider = \"kavenegar\"\nsendr = \"1\"\n")
            .expect_err("unknown key");
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn quiet_hours_wrap_midnight_and_bad_values_are_refused() {
        let s = Sms::default();
        assert!(s.is_quiet(22 * 60));
        assert!(s.is_quiet(3 * 60));
        assert!(!s.is_quiet(8 * 60));
        assert!(!s.is_quiet(21 * 60 + 59));
        let day = Sms {
            quiet_hours: "13:00-14:00".into(),
            ..Sms::default()
        };
        assert!(day.is_quiet(13 * 60 + 30) && !day.is_quiet(14 * 60));
        for bad in [
            "[sms]\nquiet_hours = \"22-08\"\n",
            "[sms]\nprovider = \"twilio\"\n",
            "[sms]\nevents = [\"wedding\"]\n",
            "[sms]\nblackout = [\"tasua\"]\n",
        ] {
            assert!(ShopConfig::from_toml(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_lottery_event_is_accepted_with_its_fields() {
        let c = ShopConfig::from_toml(
            "[sms]\nprovider = \"smsir\"\nevents = [\"lottery\"]\n[sms.templates.lottery]\nfa = \"{first_name} برندهٔ جایزهٔ {prize} در {lottery} شدید\"\nen = \"{first_name}, you won prize {prize} in {lottery}\"\n",
        )
        .expect("the lottery event");
        assert!(c.sms.template_for(Event::Lottery).is_some());
        assert!(c.sms.template_for(Event::Sale).is_none());
        assert!(c.sms.validate().is_ok());
    }

    #[test]
    fn every_event_goes_by_its_own_name() {
        let names = [
            "enrol", "sale", "offer", "birthday", "gift", "campaign", "lottery",
        ];
        assert_eq!(Event::ALL.len(), names.len());
        for (e, name) in Event::ALL.into_iter().zip(names) {
            assert_eq!(e.as_str(), name);
            assert_eq!(Event::parse(name), Some(e));
        }
        assert_eq!(Event::parse("Sale"), None);
        assert_eq!(Event::parse(""), None);
        // Only a sale's receipt goes out on a blackout day; only a campaign advertises.
        for e in Event::ALL {
            assert_eq!(e.celebratory(), e != Event::Sale, "{e:?}");
            assert_eq!(e.advertising(), e == Event::Campaign, "{e:?}");
        }
    }

    #[test]
    fn a_template_falls_back_to_the_other_language() {
        use crate::lang::Lang;
        let both = SmsTemplate {
            fa: "سلام".into(),
            en: "Hello".into(),
        };
        assert_eq!((both.text(Lang::Fa), both.text(Lang::En)), ("سلام", "Hello"));
        let fa = SmsTemplate {
            fa: "سلام".into(),
            en: "  ".into(),
        };
        assert_eq!((fa.text(Lang::Fa), fa.text(Lang::En)), ("سلام", "سلام"));
        let en = SmsTemplate {
            fa: String::new(),
            en: "Hello".into(),
        };
        assert_eq!((en.text(Lang::Fa), en.text(Lang::En)), ("Hello", "Hello"));
    }

    #[test]
    fn quiet_hours_are_minutes_from_and_to() {
        let q = |h: &str| {
            Sms {
                quiet_hours: h.into(),
                ..Sms::default()
            }
            .quiet()
        };
        assert_eq!(q("22:00-08:00"), Some((1_320, 480)));
        assert_eq!(q(" 23:59 - 00:01 "), Some((1_439, 1)));
        assert_eq!(q("00:00-00:00"), Some((0, 0)));
        for bad in [
            "24:00-08:00",
            "22:60-08:00",
            "2:00-08:00",
            "22:00-8:00",
            "22:00",
            "",
        ] {
            assert_eq!(q(bad), None, "{bad}");
        }
        let s = |h: &str| Sms {
            quiet_hours: h.into(),
            ..Sms::default()
        };
        // From its first minute up to, not including, its last.
        let night = s("22:00-08:00");
        assert!(night.is_quiet(1_320) && night.is_quiet(0) && night.is_quiet(479));
        assert!(!night.is_quiet(480) && !night.is_quiet(1_319));
        let day = s("13:00-14:00");
        assert!(day.is_quiet(780) && day.is_quiet(839));
        assert!(!day.is_quiet(779) && !day.is_quiet(840) && !day.is_quiet(0));
        assert!(
            !s("").is_quiet(0) && !s("").is_quiet(1_320),
            "no quiet hours"
        );
        assert!(!s("10:00-10:00").is_quiet(600), "an empty span");
    }

    #[test]
    fn events_templates_blackout_and_the_provider() {
        let mut s = Sms::default();
        assert!(s.is_default() && !s.enabled());
        s.provider = "smsir".into();
        assert!(!s.is_default() && s.enabled());
        s.templates.insert(
            "sale".into(),
            SmsTemplate {
                fa: "x".into(),
                en: String::new(),
            },
        );
        assert_eq!(
            s.template_for(Event::Sale).map(|t| t.fa.as_str()),
            Some("x")
        );
        assert!(s.template_for(Event::Enrol).is_none(), "no template");
        s.events = vec!["enrol".into()];
        assert!(s.template_for(Event::Sale).is_none(), "not an event sent");
        s.blackout = vec![" 2026-07-05 ".into()];
        assert!(s.is_blackout("2026-07-05"));
        assert!(!s.is_blackout("2026-07-06"));
    }

    #[test]
    fn validate_names_the_key_at_fault() {
        let key = |s: Sms| s.validate().map_err(|(k, _)| k);
        assert_eq!(key(Sms::default()), Ok(()));
        for p in PROVIDERS {
            let s = Sms {
                provider: (*p).into(),
                ..Sms::default()
            };
            assert_eq!(key(s), Ok(()), "{p}");
        }
        let cases: [(Sms, &str); 7] = [
            (
                Sms {
                    provider: "twilio".into(),
                    ..Sms::default()
                },
                "sms.provider",
            ),
            (
                Sms {
                    quiet_hours: "22-08".into(),
                    ..Sms::default()
                },
                "sms.quiet_hours",
            ),
            (
                Sms {
                    events: vec!["sale".into(), "wedding".into()],
                    ..Sms::default()
                },
                "sms.events",
            ),
            (
                Sms {
                    blackout: vec!["2026-07-05".into(), "tasua".into()],
                    ..Sms::default()
                },
                "sms.blackout",
            ),
            (
                Sms {
                    max_attempts: 0,
                    ..Sms::default()
                },
                "sms.max_attempts",
            ),
            (
                Sms {
                    price_per_part: -1,
                    ..Sms::default()
                },
                "sms.price_per_part",
            ),
            (
                Sms {
                    price_per_part: crate::money::MAX_AMOUNT + 1,
                    ..Sms::default()
                },
                "sms.price_per_part",
            ),
        ];
        for (s, want) in cases {
            assert_eq!(key(s), Err(want.to_string()));
        }
        let ok = Sms {
            quiet_hours: " ".into(),
            max_attempts: 1,
            price_per_part: crate::money::MAX_AMOUNT,
            blackout: vec![" 2026-07-05 ".into()],
            ..Sms::default()
        };
        assert_eq!(key(ok), Ok(()), "no quiet hours, the bounds themselves");
        let mut t = Sms::default();
        t.templates.insert(
            "sale".into(),
            SmsTemplate {
                fa: "{first_name}".into(),
                en: "{bonus}".into(),
            },
        );
        assert_eq!(key(t), Err("sms.templates.sale.en".to_string()));
    }
}
