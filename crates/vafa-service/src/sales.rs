//! Record a sale (earn, redeem, aggregates, outbox) and void one, each in one transaction.

use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;
use vafa_store::Connection;

use super::Vafa;
use super::members::{MemberKey, member_of, tier_in};
use std::collections::BTreeMap;

use vafa_core::calendar::{CalendarKind, GivenDate};
use vafa_core::config::ShopConfig;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::gift::GiftEntryKind;
use vafa_core::ids::{new_id, parse_id};
use vafa_core::lang::Lang;
use vafa_core::ledger::{Account, EntryKind, allocate};
use vafa_core::lot::take_back_earning;
use vafa_core::money::{AmountError, MAX_AMOUNT, Rials};
use vafa_core::occasions::{OccasionFile, occasions_on};
use vafa_core::offer::{Context, MemberFacts, OfferLine, Usage, ValidOffer, decide, period_key};
use vafa_core::record::{Record, SaleRecord, VoidRecord};
use vafa_core::sale::{CreditFrom, Item, OfferCredit, Redeem};
use vafa_core::staff::Action;
use vafa_store::{self as store, ledger::Entry, sales::SaleRow};
use vafa_text::names::OfferNames;

/// Who is buying: a member, however the front named them, or a guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customer {
    Member(MemberKey),
    Guest,
}

impl Customer {
    /// The member with this id.
    pub fn id(id: impl Into<String>) -> Customer {
        Customer::Member(MemberKey::Id(id.into()))
    }
}

/// A sale as a front parsed it: money in rials, the time as a time; checked here.
#[derive(Debug, Clone)]
pub struct SaleRequest {
    pub customer: Customer,
    /// The basket's gross total.
    pub amount: Rials,
    /// Must add up to `amount` when given.
    pub items: Vec<Item>,
    pub redeem: Redeem,
    /// When the sale happened (paper receipts after a power cut); `None` is now.
    pub at: Option<DateTime<FixedOffset>>,
    pub dry_run: bool,
    /// A client-made id: recording the same id again returns the first result.
    pub id: Option<String>,
    /// The POS API's body and token: the same id with another body is refused.
    pub request: Option<super::pos::RequestKey>,
    /// A gift card paying for (part of) what is left after discount and credit.
    pub gift: Option<GiftPay>,
}

/// `--gift NUMBER[:RIALS]`: the card as given and the amount asked (`None`: all it holds,
/// up to what is left to pay).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftPay {
    pub card: String,
    pub amount: Option<Rials>,
}

impl SaleRequest {
    pub fn new(customer: Customer, amount: Rials) -> SaleRequest {
        SaleRequest {
            customer,
            amount,
            items: Vec::new(),
            redeem: Redeem::Nothing,
            at: None,
            dry_run: false,
            id: None,
            request: None,
            gift: None,
        }
    }
}

/// One line of the offer explanation as `vafa sale --json` prints it: the engine's data
/// (`why`) and its sentence in the shop's language (`reason`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaleOffer {
    pub id: std::sync::Arc<str>,
    pub eligible: bool,
    pub chosen: bool,
    pub value: Rials,
    pub reason: String,
    pub why: vafa_core::offer::Why,
}

/// The engine's (or a stored) explanation with each line's sentence in `lang`, money in
/// rials (the contract's unit).
pub(crate) fn explained(lines: Vec<OfferLine>, names: &OfferNames, lang: Lang) -> Vec<SaleOffer> {
    let reader = vafa_text::offer::Reader {
        names,
        unit: vafa_text::format::Unit::Rial,
        lang,
    };
    lines
        .into_iter()
        .map(|l| SaleOffer {
            reason: vafa_text::offer::reason(&l.why, reader),
            id: l.id,
            eligible: l.eligible,
            chosen: l.chosen,
            value: l.value,
            why: l.why,
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BalanceOut {
    pub credit: i64,
    pub points: i64,
}

/// What `vafa sale --json` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaleResult {
    pub sale_id: Option<String>,
    pub member_id: Option<String>,
    pub at: String,
    pub gross: Rials,
    pub discount: Rials,
    pub credit_redeemed: Rials,
    /// What is left after discount and credit: paid in money and from a gift card.
    pub paid: Rials,
    /// The part of `paid` taken from a gift card (it earns like money).
    pub gift_redeemed: Rials,
    pub credit_earned: Rials,
    pub points_earned: i64,
    pub balance: Option<BalanceOut>,
    pub tier: Option<String>,
    pub offers: Vec<SaleOffer>,
    /// Where `credit_earned` came from: cashback and each offer's extra credit.
    pub credit_from: CreditFrom,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
}

impl SaleResult {
    /// The money the customer hands over: `paid` less what a gift card paid (which earns
    /// like money, so it is in `paid`, but is not in the drawer).
    pub fn money_taken(&self) -> Rials {
        self.paid - self.gift_redeemed
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoidResult {
    pub sale_id: String,
    pub void_id: String,
    pub member_id: Option<String>,
    pub credit_reversed: i64,
    pub points_reversed: i64,
    /// Given back to the gift card the sale was paid with.
    pub gift_reversed: i64,
    pub balance: Option<BalanceOut>,
}

/// An amount a front gave: above zero and within `MAX_AMOUNT`.
fn amount_field(field: Field, amount: Rials) -> Result<Rials> {
    let error = if amount <= 0 {
        AmountError::NotPositive
    } else if amount > MAX_AMOUNT {
        AmountError::TooLarge
    } else {
        return Ok(amount);
    };
    Err(Error::InvalidAmount {
        field,
        value: amount.to_string(),
        error,
    })
}

/// Resolves the customer inside the transaction: (member id, card number used).
fn resolve(conn: &Connection, who: &Customer) -> Result<(Option<String>, Option<String>)> {
    match who {
        Customer::Guest => Ok((None, None)),
        Customer::Member(key) => {
            let (id, card) = member_of(conn, key)?;
            Ok((Some(id), card))
        }
    }
}

fn balance_of(
    conn: &Connection,
    member: &Option<impl AsRef<str>>,
    now: DateTime<Utc>,
) -> Result<Option<BalanceOut>> {
    match member {
        None => Ok(None),
        Some(m) => {
            let (credit, points) = store::ledger::spendable(conn, m.as_ref(), now)?;
            Ok(Some(BalanceOut { credit, points }))
        }
    }
}

/// A recorded sale as `vafa sale` reports it: its row, the explanation, the balance after.
pub(crate) fn result_of(
    conn: &Connection,
    s: &SaleRow,
    offers: Vec<SaleOffer>,
    now: DateTime<Utc>,
) -> Result<SaleResult> {
    Ok(SaleResult {
        sale_id: Some(s.id.to_string()),
        member_id: s.member_id.clone().map(String::from),
        at: s.at.clone(),
        gross: s.gross,
        discount: s.discount,
        credit_redeemed: s.credit_redeemed,
        paid: s.paid,
        gift_redeemed: store::gift::of_sale(conn, &s.id)?.map_or(0, |g| g.1),
        credit_earned: s.credit_earned,
        points_earned: s.points_earned,
        balance: balance_of(conn, &s.member_id, now)?,
        tier: s.tier.clone(),
        offers,
        credit_from: credit_from(conn, s)?,
        dry_run: false,
    })
}

/// Where a recorded sale's credit came from, read from its ledger entries (the lots it
/// opened): the same for a new sale, a dry run (before its rollback), a retry and a reprint.
pub(crate) fn credit_from(conn: &Connection, s: &SaleRow) -> Result<CreditFrom> {
    let mut from = CreditFrom::default();
    let Some(member) = &s.member_id else {
        return Ok(from);
    };
    for (note, amount) in store::ledger::credit_earned_of_sale(conn, &s.id, member)? {
        match note.as_deref().and_then(|n| n.strip_prefix("offer:")) {
            Some(id) => from.offers.push(OfferCredit {
                id: id.to_string(),
                credit: amount,
            }),
            None => from.cashback += amount,
        }
    }
    Ok(from)
}

fn expiry(at: DateTime<Utc>, days: u32) -> Option<String> {
    (days > 0).then(|| (at + Duration::days(i64::from(days))).to_rfc3339())
}

/// Spend per category in the basket (line totals).
impl Vafa {
    /// Records a sale: validates, computes, and writes the sale, its lines, its ledger
    /// entries, the member's aggregates and the outbox record in one durable transaction.
    pub fn sell(&mut self, req: &SaleRequest) -> Result<SaleResult> {
        self.require(Action::Sell)?;
        let gross = amount_field(Field::Amount, req.amount)?;
        let redeem = match req.redeem {
            Redeem::Amount(r) => Redeem::Amount(amount_field(Field::Redeem, r)?),
            other => other,
        };
        if redeem != Redeem::Nothing {
            self.require(Action::Redeem)?;
        }
        let now = self.now_utc();
        let at: DateTime<FixedOffset> = match req.at {
            None => now.with_timezone(&self.shop.offset),
            Some(t) => {
                if t.with_timezone(&Utc) > now + Duration::minutes(5) {
                    return Err(Error::InvalidDate {
                        field: Field::At,
                        value: t.to_rfc3339(),
                        error: vafa_core::calendar::DateError::NoSuchDay,
                    });
                }
                t.with_timezone(&self.shop.offset)
            }
        };
        let sale_id = match &req.id {
            Some(i) => parse_id(i).ok_or_else(|| Error::Invalid {
                field: Field::SaleId,
                value: i.clone(),
                why: Why::BadId,
            })?,
            None => new_id(),
        };
        // A known SKU brings its category (`[basket]`), so that category offers see it.
        let items: Vec<Item> = req
            .items
            .iter()
            .map(|it| {
                let mut it = it.clone();
                if it.category.is_none() {
                    it.category = self
                        .config()
                        .basket
                        .sku(&it.sku)
                        .map(|s| s.category.clone());
                }
                it
            })
            .collect();
        let items = &items;
        let branch = self.shop.branch_code.clone();
        let rules = std::sync::Arc::clone(&self.rules);
        let tx = self.write_tx()?;
        if let Some(existing) = store::sales::by_id(&tx, &sale_id)? {
            super::pos::check_request(&tx, &sale_id, req.request.as_ref(), true)?;
            let offers = vafa_core::offer::stored::decode(&existing.offers);
            let offers = explained(offers, &rules.names, self.shop.lang);
            return result_of(&tx, &existing, offers, now);
        }
        let (member, card) = resolve(&tx, &req.customer)?;
        let mut result = write_sale(
            &tx,
            &rules,
            self.shop.lang,
            &branch,
            &sale_id,
            member,
            card,
            gross,
            items,
            redeem,
            at,
            now,
        )?;
        store::closes::set_cashier(&tx, &sale_id, &self.actor.name)?;
        if let Some(g) = &req.gift {
            let due = result.paid;
            result.gift_redeemed = self.pay_with_gift(&tx, &sale_id, g, due, at, now)?;
        }
        if let Some(m) = &result.member_id {
            super::sync::check_offline(
                &tx,
                &rules.config,
                m,
                &at.date_naive().to_string(),
                result.credit_redeemed,
                now,
            )?;
        }
        super::pos::check_request(&tx, &sale_id, req.request.as_ref(), false)?;
        if let (Some(m), false) = (&result.member_id, req.dry_run) {
            self.queue_sale_sms(&tx, m, &sale_id, &result)?;
        }
        if req.dry_run {
            tx.rollback()?;
            result.sale_id = None;
            result.dry_run = true;
        } else {
            tx.commit()?;
        }
        Ok(result)
    }

    /// Voids a sale by writing reversing entries. Refused if the member has already spent
    /// what the sale earned (void the later sale first, or adjust by hand).
    pub fn void_sale(&mut self, id: &str, reason: Option<&str>) -> Result<VoidResult> {
        self.require(Action::Void)?;
        if let Some(r) = reason.map(str::trim).filter(|r| !r.is_empty()) {
            super::text_field(
                vafa_core::error::Field::Reason,
                r,
                vafa_core::text::NOTE_MAX,
            )?;
        }
        let sale_id = parse_id(id).ok_or_else(|| Error::UnknownSale { id: id.into() })?;
        let now = self.now_utc();
        let at = self.now().to_rfc3339();
        let branch = self.shop.branch_code.clone();
        let tx = self.write_tx()?;
        let sale = store::sales::by_id(&tx, &sale_id)?
            .ok_or_else(|| Error::UnknownSale { id: id.into() })?;
        if store::sales::is_voided(&tx, &sale_id)? {
            return Err(Error::AlreadyVoided { id: sale_id });
        }
        if sale.branch.as_str() != branch {
            return Err(Error::VoidElsewhere {
                id: sale_id,
                branch: sale.branch.to_string(),
            });
        }
        let void_id = new_id();
        let mut reversed = (0i64, 0i64);
        let mut entries = Vec::new();
        let mut touched: Vec<String> = Vec::new();
        if sale.member_id.is_some() {
            for (member, entry_id, account, amount, kind, lot) in
                store::ledger::of_sale(&tx, &sale_id)?
            {
                let member = &member;
                if !touched.contains(member) {
                    touched.push(member.clone());
                }
                let acc = Account::parse(&account).unwrap_or(Account::Credit);
                let (lot_id, delta) = match (kind.as_str(), lot) {
                    // Give back what the sale spent, to the lot it came from.
                    ("redeem", Some(lot)) => (lot, -amount),
                    // Take back what the sale earned, as far as it has not expired.
                    ("earn", None) => {
                        let lot = store::ledger::lot_state(&tx, &entry_id, member, acc.as_str())?;
                        match take_back_earning(amount, lot.state) {
                            Ok(delta) => (entry_id, delta),
                            Err(spent) => {
                                return Err(Error::VoidSpent {
                                    id: sale_id,
                                    account: acc.as_str(),
                                    spent,
                                });
                            }
                        }
                    }
                    _ => continue,
                };
                if delta == 0 {
                    continue;
                }
                let mut e = Entry::new(member, acc, delta, EntryKind::Void, &at, &branch);
                e.lot_id = Some(lot_id.into());
                e.sale_id = Some(sale_id.as_str().into());
                store::ledger::append(&tx, &e)?;
                match acc {
                    Account::Credit => reversed.0 += delta,
                    Account::Points => reversed.1 += delta,
                }
                entries.push(e);
            }
            // Credit given back to a lot that has since expired leaves again at once.
            for member in &touched {
                entries.extend(store::ledger::expire_due(&tx, member, now, &at, &branch)?);
            }
        }
        // What a gift card paid goes back to it exactly (even if it has since been blocked
        // or has expired: its value is not lost by a void), or to the card that replaced it.
        let mut gift_reversed = 0;
        for g in store::gift::entries_of_sale(&tx, &sale_id)? {
            if g.kind == GiftEntryKind::Redeem.as_str() {
                let card = super::gift::current(&tx, &g.card)?;
                let k = GiftEntryKind::Void;
                super::gift::entry(&tx, &card, -g.amount, k, Some(&sale_id), &branch, &at)?;
                gift_reversed -= g.amount;
            }
        }
        store::sales::mark_void(&tx, &sale, &void_id, reason, &at)?;
        store::closes::set_void_cashier(&tx, &sale_id, &self.actor.name)?;
        let record = Record::Void(VoidRecord {
            id: void_id.as_str().into(),
            sale_id: sale_id.as_str().into(),
            reason: reason.map(str::to_string),
            at: at.clone(),
            branch: branch.as_str().into(),
            entries,
        });
        store::outbox::push(&tx, &record, &at)?;
        self.audit(
            &tx,
            "void",
            &sale_id,
            serde_json::json!({
                "reason": reason, "member_id": sale.member_id, "gross": sale.gross,
                "credit_reversed": reversed.0, "points_reversed": reversed.1,
                "gift_reversed": gift_reversed,
            }),
        )?;
        let balance = balance_of(&tx, &sale.member_id, now)?;
        tx.commit()?;
        Ok(VoidResult {
            sale_id,
            void_id,
            member_id: sale.member_id.map(String::from),
            credit_reversed: reversed.0,
            points_reversed: reversed.1,
            gift_reversed,
            balance,
        })
    }
}

/// Writes one sale inside an open transaction. Shared by `sell`, the demo generator and
/// the benchmark so that all three take exactly the same path.
#[allow(clippy::too_many_arguments)]
pub(crate) fn write_sale(
    tx: &Connection,
    rules: &Rules,
    lang: Lang,
    branch: &str,
    sale_id: &str,
    member: Option<String>,
    card: Option<String>,
    gross: Rials,
    items: &[Item],
    redeem: Redeem,
    at: DateTime<FixedOffset>,
    now: DateTime<Utc>,
) -> Result<SaleResult> {
    let config = &rules.config;
    let at_utc = at.with_timezone(&Utc);
    let at_s = at.to_rfc3339();
    let today = at.date_naive();
    let mut entries: Vec<Entry> = Vec::new();
    let mut facts: Option<MemberFacts> = None;
    let mut referrer: Option<String> = None;
    let (tier, credit_available) = match &member {
        Some(m) => {
            entries.extend(store::ledger::expire_due(tx, m, at_utc, &at_s, branch)?);
            let tier = tier_in(tx, config, m, at)?;
            let row = store::members::by_id(tx, m)?
                .ok_or_else(|| Error::UnknownMember { key: m.clone() })?;
            let stats = store::members::stats(tx, m)?;
            referrer = row.referrer_id.clone().map(String::from);
            let mut f = member_facts(&row, &stats, tier.clone());
            let day = today.format("%Y-%m-%d").to_string();
            let (before, last, same) = store::members::visits_before(tx, m, &day)?;
            f.visits_before = before;
            f.last_visit =
                last.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
            f.same_visit = same;
            if rules
                .offers
                .iter()
                .any(|o| !o.offer.when.card_kinds.is_empty())
            {
                f.card_kinds = card_kinds(tx, m, card.as_deref())?;
            }
            facts = Some(f);
            (tier, Some(store::ledger::spendable(tx, m, at_utc)?.0))
        }
        None => (None, None),
    };
    let tier_cfg = tier
        .as_ref()
        .and_then(|t| config.tier.iter().find(|x| &x.name == t));
    let mut usage: BTreeMap<String, Usage> = BTreeMap::new();
    if let Some(m) = &member
        && !rules.offers.is_empty()
    {
        for (id, uses, budget) in store::offers::usage(tx)? {
            usage.insert(
                id,
                Usage {
                    total_uses: uses.max(0) as u64,
                    budget_used: budget,
                    ..Usage::default()
                },
            );
        }
        for (id, period, count, last_day) in store::offers::member_usage(tx, m)? {
            let u = usage.entry(id).or_default();
            u.member_period = Some(period);
            u.member_count = count.max(0) as u32;
            u.member_last_day = chrono::NaiveDate::parse_from_str(&last_day, "%Y-%m-%d").ok();
        }
    }
    let occasions = occasions_on(today, &rules.occasions);
    let decision = decide(&Context {
        at,
        branch,
        member: facts.as_ref(),
        gross,
        items,
        redeem,
        credit_available,
        base_credit_percent: config.credit_percent(tier_cfg),
        offers: &rules.offers,
        usage: &usage,
        occasions: &occasions,
        config,
    })?;
    let amounts = decision.amounts.clone();
    let row = SaleRow {
        id: sale_id.into(),
        member_id: member.clone().map(Into::into),
        card_number: card.map(Into::into),
        branch: branch.into(),
        at: at_s.clone(),
        at_utc: at_utc.to_rfc3339(),
        gross: amounts.gross,
        discount: amounts.discount,
        credit_redeemed: amounts.credit_redeemed,
        paid: amounts.paid,
        credit_earned: amounts.credit_earned,
        points_earned: amounts.points_earned,
        tier: tier.clone(),
        offers: vafa_core::offer::stored::encode(&decision.lines),
        created_at: now.to_rfc3339(),
    };
    store::sales::insert(tx, &row, items)?;
    if let Some(m) = &member {
        if amounts.credit_redeemed > 0 {
            let lots = store::ledger::live_lots(tx, m, Account::Credit, at_utc)?;
            let draws = allocate(&lots, amounts.credit_redeemed).map_err(|_| {
                Error::Sale(vafa_core::sale::SaleError::RedeemOverBalance {
                    requested: amounts.credit_redeemed,
                    available: credit_available.unwrap_or(0),
                })
            })?;
            for (lot, amount) in draws {
                let mut e = Entry::new(
                    m,
                    Account::Credit,
                    -amount,
                    EntryKind::Redeem,
                    &at_s,
                    branch,
                );
                e.lot_id = Some(lot.into());
                e.sale_id = Some(sale_id.into());
                store::ledger::append(tx, &e)?;
                entries.push(e);
            }
        }
        // Base earnings in one lot each; what each offer adds in its own lot, so that an
        // offer's `expires_days` can differ from the shop's.
        let extra_credit: Rials = decision.applied.iter().map(|a| a.extra_credit).sum();
        let extra_points: i64 = decision.applied.iter().map(|a| a.extra_points).sum();
        let mut lots: Vec<(Account, i64, Option<u32>, Option<String>)> = vec![
            (
                Account::Credit,
                amounts.credit_earned - extra_credit,
                None,
                None,
            ),
            (
                Account::Points,
                amounts.points_earned - extra_points,
                None,
                None,
            ),
        ];
        for a in &decision.applied {
            lots.push((
                Account::Credit,
                a.extra_credit,
                a.expires_days,
                Some(a.offer_id.to_string()),
            ));
            lots.push((
                Account::Points,
                a.extra_points,
                a.expires_days,
                Some(a.offer_id.to_string()),
            ));
        }
        for (account, amount, offer_days, offer) in lots {
            if amount <= 0 {
                continue;
            }
            let days = offer_days.unwrap_or(match account {
                Account::Credit => config.earn.credit_expire_days,
                Account::Points => config.earn.points_expire_days,
            });
            let mut e = Entry::new(m, account, amount, EntryKind::Earn, &at_s, branch);
            e.expires_at = expiry(at_utc, days);
            e.sale_id = Some(sale_id.into());
            e.note = offer.map(|o| format!("offer:{o}"));
            store::ledger::append(tx, &e)?;
            entries.push(e);
        }
        let first_visit = facts
            .as_ref()
            .is_some_and(|f| f.visits_before == 0 && !f.same_visit);
        for a in &decision.applied {
            let lim = rules
                .offers
                .iter()
                .find(|o| o.id == a.offer_id)
                .map(|o| o.offer.limit.period)
                .unwrap_or_default();
            store::offers::record_use(
                tx,
                sale_id,
                m,
                &a.offer_id,
                a.value,
                &period_key(lim, today),
                &today.to_string(),
            )?;
            if a.referrer_credit > 0
                && first_visit
                && let Some(r) = &referrer
            {
                let mut e = Entry::new(
                    r,
                    Account::Credit,
                    a.referrer_credit,
                    EntryKind::Earn,
                    &at_s,
                    branch,
                );
                e.expires_at = expiry(
                    at_utc,
                    a.expires_days.unwrap_or(config.earn.credit_expire_days),
                );
                e.sale_id = Some(sale_id.into());
                e.note = Some(format!("referral:{m}"));
                store::ledger::append(tx, &e)?;
                entries.push(e);
            }
        }
        store::members::count_visit(tx, m, &row, items, 1)?;
    }
    let offers = explained(decision.lines, &rules.names, lang);
    let record = Record::Sale(Box::new(SaleRecord {
        // The full explanation stays with the till's sale; head office gets what applied.
        sale: SaleRow {
            offers: String::new(),
            ..row.clone()
        },
        offers: offers
            .iter()
            .filter(|o| o.chosen)
            .map(|o| serde_json::to_value(o).unwrap_or_default())
            .collect(),
        items: items.to_vec(),
        entries,
    }));
    store::outbox::push(tx, &record, &now.to_rfc3339())?;
    result_of(tx, &row, offers, now.max(at_utc))
}

/// What the offer engine knows of a member, from their record and running aggregates.
pub(crate) fn member_facts(
    row: &store::members::MemberRow,
    stats: &store::members::Stats,
    tier: Option<String>,
) -> MemberFacts {
    let given = |d: &Option<String>, c: &Option<String>| -> Option<GivenDate> {
        let date = chrono::NaiveDate::parse_from_str(d.as_deref()?, "%Y-%m-%d").ok()?;
        Some(GivenDate {
            date,
            calendar: c
                .as_deref()
                .and_then(CalendarKind::parse)
                .unwrap_or(CalendarKind::Gregorian),
        })
    };
    let fields: BTreeMap<String, String> = serde_json::from_str(&row.fields).unwrap_or_default();
    MemberFacts {
        visits_before: stats.visits,
        last_visit: stats
            .last_visit
            .as_deref()
            .and_then(|t| chrono::NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()),
        birth: given(&row.birth_date, &row.birth_calendar),
        anniversary: given(&row.anniversary, &row.anniversary_calendar),
        tier,
        groups: fields
            .get("groups")
            .map(|g| {
                g.split([',', '،'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
        referred: row.referrer_id.is_some(),
        same_visit: false,
        card_kinds: Vec::new(),
    }
}

/// The kinds of card a member holds for the offers: the card shown, or (found by mobile or
/// id) their active cards.
fn card_kinds(
    conn: &Connection,
    member: &str,
    card: Option<&str>,
) -> Result<Vec<vafa_core::gift::CardKind>> {
    let rows = match card {
        Some(c) => store::cards::by_number(conn, c)?.into_iter().collect(),
        None => store::cards::of_member(conn, member)?
            .into_iter()
            .filter(|c| c.status == vafa_core::record::CardStatus::Active)
            .collect::<Vec<_>>(),
    };
    Ok(rows
        .iter()
        .filter_map(|c| vafa_core::gift::CardKind::parse(&c.kind))
        .collect())
}

/// The rules a sale is decided by: configuration, active offers, occasions; and the names
/// of every offer the shop has (for the explanations).
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub config: ShopConfig,
    pub offers: Vec<ValidOffer>,
    pub occasions: OccasionFile,
    pub names: OfferNames,
}

impl Vafa {
    /// The messages a sale causes: its receipt (`sale`), and one per offer it granted
    /// (`offer`). In the sale's transaction; sending is the sender's, never the sale's.
    fn queue_sale_sms(
        &self,
        tx: &Connection,
        member: &str,
        sale_id: &str,
        r: &SaleResult,
    ) -> Result<()> {
        use super::sms::Figures;
        use vafa_core::sms::Event;
        let balance = r.balance.as_ref();
        let mut figures = Figures {
            credit: balance.map(|b| b.credit).unwrap_or(0),
            points: balance.map(|b| b.points).unwrap_or(0),
            earned: r.credit_earned,
            offer: "",
            ..Figures::default()
        };
        self.queue_sms(tx, Event::Sale, member, Some(sale_id), &figures)?;
        for o in r.offers.iter().filter(|o| o.chosen && o.value > 0) {
            figures.offer = self.rules.names.get(&o.id, self.shop.lang);
            figures.earned = o.value;
            let source = format!("{sale_id}/{}", o.id);
            self.queue_sms(tx, Event::Offer, member, Some(&source), &figures)?;
        }
        Ok(())
    }
}
