//! `vafa sale ...`: record a sale (parsed here: rials, items, the time) or void one.

use clap::{Args, Subcommand};

use super::args::{missing, mobile, required_rials, rials, time};
use super::output::Out;
use vafa_core::error::{Error, Field, Result};
use vafa_core::gift::parse_gift_arg;
use vafa_core::sale::{Redeem, parse_item};
use vafa_service::{CardInput, Customer, GiftPay, MemberKey, SaleRequest, Vafa};

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SaleArgs {
    #[command(subcommand)]
    void: Option<SaleCmd>,
    #[arg(long, group = "who")]
    card: Option<String>,
    #[arg(long)]
    profile: Option<String>,
    #[arg(long, group = "who")]
    mobile: Option<String>,
    #[arg(long, group = "who")]
    member: Option<String>,
    #[arg(long, group = "who")]
    guest: bool,
    /// The basket's gross total in rials.
    #[arg(long, allow_hyphen_values = true)]
    amount: Option<String>,
    /// SKU:QTY:UNIT_PRICE[:CATEGORY] (repeatable; must add up to --amount).
    #[arg(long = "item")]
    items: Vec<String>,
    /// Credit to spend, in rials, or `all`.
    #[arg(long, allow_hyphen_values = true)]
    redeem: Option<String>,
    /// When the sale happened (RFC 3339), for paper receipts after a power cut.
    #[arg(long)]
    at: Option<String>,
    /// Compute and show the sale without recording it.
    #[arg(long)]
    dry_run: bool,
    /// A client-made sale id (UUID): recording it again returns the first result.
    #[arg(long)]
    id: Option<String>,
    /// Pay with a gift card: NUMBER (all it holds, up to what is left to pay) or
    /// NUMBER:RIALS.
    #[arg(long)]
    gift: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum SaleCmd {
    Void {
        sale_id: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// Counts a guest sale that reached `[membership] min_purchase` for the member who
    /// joined with it (once: again, the same result).
    Attach {
        sale_id: String,
        #[arg(long)]
        member: String,
    },
}

/// `--redeem`: `all` (or `همه`), or an amount in rials.
fn redeem(text: Option<&str>) -> Result<Redeem> {
    Ok(match text.map(str::trim) {
        None => Redeem::Nothing,
        Some(r) if r.eq_ignore_ascii_case("all") || r == "همه" => Redeem::All,
        Some(r) => Redeem::Amount(rials(Field::Redeem, r)?),
    })
}

pub(crate) fn run(args: SaleArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    match args.void {
        Some(SaleCmd::Void { sale_id, reason }) => {
            let r = v.void_sale(&sale_id, reason.as_deref())?;
            return out.void(&r, v.lang());
        }
        Some(SaleCmd::Attach { sale_id, member }) => {
            let r = v.attach_guest_sale(&sale_id, &member)?;
            return out.sale(&r, v.lang());
        }
        None => {}
    }
    if args.card.is_none() && args.mobile.is_none() && args.member.is_none() && !args.guest {
        return Err(missing(Field::Customer));
    }
    let amount = required_rials(Field::Amount, args.amount.as_deref())?;
    let items = args
        .items
        .iter()
        .map(|t| {
            parse_item(t).map_err(|error| Error::InvalidItem {
                value: t.clone(),
                error,
            })
        })
        .collect::<Result<_>>()?;
    let redeem = redeem(args.redeem.as_deref())?;
    let at = args.at.as_deref().map(|t| time(Field::At, t)).transpose()?;
    let customer = match (args.card, args.mobile, args.member) {
        (Some(number), _, _) => Customer::Member(MemberKey::Card(CardInput {
            number,
            profile: args.profile,
        })),
        (None, Some(m), _) => Customer::Member(MemberKey::Mobile(mobile(&m)?)),
        (None, None, Some(id)) => Customer::id(id),
        (None, None, None) => Customer::Guest,
    };
    let gift = match args.gift.as_deref() {
        None => None,
        Some(g) => {
            let (card, amount) = parse_gift_arg(g).map_err(|error| Error::InvalidAmount {
                field: Field::Gift,
                value: g.to_string(),
                error,
            })?;
            Some(GiftPay { card, amount })
        }
    };
    let req = SaleRequest {
        items,
        redeem,
        at,
        dry_run: args.dry_run,
        id: args.id,
        gift,
        ..SaleRequest::new(customer, amount)
    };
    let r = v.sell(&req)?;
    out.sale(&r, v.lang())
}
