//! `vafa member ...` (enrol, show, find, edit) and `vafa adjust`.

use clap::{Args, Subcommand};

use super::args::{choice, date, missing, mobile, signed_rials};
use super::output::Out;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::ledger::Account;
use vafa_core::member::Gender;
use vafa_service::{CardInput, MemberInput, MemberKey, Vafa};

#[derive(Args, Debug, Clone, Default)]
pub struct MemberFields {
    #[arg(long)]
    first: Option<String>,
    #[arg(long)]
    last: Option<String>,
    #[arg(long)]
    mobile: Option<String>,
    #[arg(long)]
    birth: Option<String>,
    #[arg(long)]
    anniversary: Option<String>,
    #[arg(long)]
    gender: Option<String>,
    /// The mobile of the member who introduced this one.
    #[arg(long)]
    referrer: Option<String>,
    #[arg(long)]
    card: Option<String>,
    /// The reader profile that printed --card.
    #[arg(long)]
    profile: Option<String>,
    /// A shop-defined field, KEY=VALUE (repeatable).
    #[arg(long = "field")]
    fields: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum MemberCmd {
    Enrol(MemberFields),
    Show {
        #[arg(long, conflicts_with_all = ["mobile", "id"], required_unless_present_any = ["mobile", "id"])]
        card: Option<String>,
        /// The reader profile that printed --card.
        #[arg(long, requires = "card")]
        profile: Option<String>,
        #[arg(long, conflicts_with = "id")]
        mobile: Option<String>,
        #[arg(long)]
        id: Option<String>,
    },
    Find {
        text: String,
    },
    Edit {
        id: String,
        #[command(flatten)]
        fields: MemberFields,
        /// The member's consent to messages: on or off.
        #[arg(long, value_name = "on|off")]
        sms: Option<String>,
    },
}

/// `vafa adjust`: add or take away credit or points by hand, with a reason.
#[derive(Args, Debug)]
pub struct AdjustArgs {
    #[arg(long)]
    member: String,
    /// Rials of credit: positive adds, negative takes away.
    #[arg(
        long,
        allow_hyphen_values = true,
        required_unless_present = "points",
        conflicts_with = "points"
    )]
    credit: Option<String>,
    /// Points: positive adds, negative takes away.
    #[arg(long, allow_hyphen_values = true)]
    points: Option<String>,
    #[arg(long)]
    reason: Option<String>,
}

/// The member's details as typed, parsed with the core's parsers.
fn member_input(f: &MemberFields) -> Result<MemberInput> {
    let fields = f
        .fields
        .iter()
        .map(|kv| {
            kv.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| Error::Invalid {
                    field: Field::CustomField,
                    value: kv.clone(),
                    why: Why::BadChars,
                })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(MemberInput {
        first: f.first.clone(),
        last: f.last.clone(),
        mobile: f.mobile.as_deref().map(mobile).transpose()?,
        birth: f
            .birth
            .as_deref()
            .map(|d| date(Field::BirthDate, d))
            .transpose()?,
        anniversary: f
            .anniversary
            .as_deref()
            .map(|d| date(Field::Anniversary, d))
            .transpose()?,
        gender: f
            .gender
            .as_deref()
            .map(|g| choice(Field::Gender, g, Gender::parse))
            .transpose()?,
        referrer: f.referrer.as_deref().map(mobile).transpose()?,
        fields,
        card: f.card.clone().map(|number| CardInput {
            number,
            profile: f.profile.clone(),
        }),
    })
}

pub(crate) fn run(cmd: MemberCmd, v: &mut Vafa, out: &mut Out) -> Result<()> {
    match cmd {
        MemberCmd::Enrol(f) => {
            let m = v.enrol(&member_input(&f)?)?;
            out.member(&m, v.lang(), true)
        }
        MemberCmd::Show {
            card,
            profile,
            mobile: m,
            id,
        } => {
            let key = match (card, m, id) {
                (Some(number), _, _) => MemberKey::Card(CardInput { number, profile }),
                (None, Some(m), _) => MemberKey::Mobile(mobile(&m)?),
                (None, None, id) => MemberKey::Id(id.unwrap_or_default()),
            };
            let m = v.find_member(&key)?;
            out.member(&m, v.lang(), false)
        }
        MemberCmd::Find { text } => {
            let found = v.find_members(&text)?;
            out.members(&found, v.lang())
        }
        MemberCmd::Edit { id, fields, sms } => {
            let input = member_input(&fields)?;
            if let Some(s) = sms {
                let on = choice(Field::Sms, &s, |t| match t.trim() {
                    "on" => Some(true),
                    "off" => Some(false),
                    _ => None,
                })?;
                v.set_sms_consent(&id, on)?;
                if nothing_given(&input) {
                    let m = v.member_view(&id)?;
                    return out.member(&m, v.lang(), false);
                }
            }
            let m = v.edit_member(&id, &input)?;
            out.member(&m, v.lang(), false)
        }
    }
}

pub(crate) fn adjust(a: AdjustArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let (account, amount) = match (a.credit, a.points) {
        (Some(c), _) => (Account::Credit, signed_rials(Field::Credit, &c)?),
        (None, Some(p)) => (Account::Points, signed_rials(Field::Points, &p)?),
        (None, None) => return Err(missing(Field::Adjustment)),
    };
    let r = v.adjust(&a.member, account, amount, a.reason.as_deref())?;
    out.adjust(&r, v.lang())
}

/// Whether an edit changes no field (only `--sms` was given).
fn nothing_given(i: &vafa_service::MemberInput) -> bool {
    i.first.is_none()
        && i.last.is_none()
        && i.mobile.is_none()
        && i.birth.is_none()
        && i.anniversary.is_none()
        && i.gender.is_none()
        && i.referrer.is_none()
        && i.fields.is_empty()
        && i.card.is_none()
}
