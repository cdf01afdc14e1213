//! Lotteries (CONTRACT "Lotteries and surveys"): create with a committed secret seed, the
//! entries a window's sales earn, the draw (once, on the audit trail) and its verification.
//! The procedure is `vafa_club::lottery` (docs/lottery.md).

use chrono::NaiveDate;
use serde::Serialize;

use super::Vafa;
use vafa_club::lottery::{self, Entry, Mismatch, Winner};
pub use vafa_club::lottery::{Draw, EntryList};
use vafa_core::club::ClubError;
use vafa_core::error::{Error, Field, Result};
use vafa_core::staff::Action;
use vafa_store as store;

/// What `vafa lottery create` asks for, parsed by the front.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotteryInput {
    pub id: String,
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Rials per ticket; `None`: one ticket per visit.
    pub per: Option<i64>,
    pub min_visits: u32,
    /// Only members of these tiers take part (empty: everyone).
    pub tiers: Vec<String>,
    pub winners: u32,
}

/// A lottery as `create` publishes it (the seed stays secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotteryView {
    #[serde(flatten)]
    pub lottery: LotteryInput,
    pub commitment: String,
    pub drawn: bool,
}

/// 32 bytes from the operating system as 64 lowercase hex digits.
fn new_seed() -> Result<String> {
    use rand::TryRngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .map_err(|e| Error::Storage {
            detail: format!("no randomness from the system: {e}"),
        })?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| Error::Storage {
        detail: format!("a stored day {text:?}: {e}"),
    })
}

fn json_err(e: serde_json::Error) -> Error {
    Error::Storage {
        detail: e.to_string(),
    }
}

fn view(r: &store::club::LotteryRow) -> Result<LotteryView> {
    Ok(LotteryView {
        lottery: LotteryInput {
            id: r.id.clone(),
            name: r.name.clone(),
            from: day(&r.from_day)?,
            to: day(&r.to_day)?,
            per: r.per,
            min_visits: u32::try_from(r.min_visits).unwrap_or(0),
            tiers: serde_json::from_str(&r.tiers).map_err(json_err)?,
            winners: u32::try_from(r.winners).unwrap_or(1),
        },
        commitment: r.commitment.clone(),
        drawn: r.drawn.is_some(),
    })
}

/// The frozen list back from its canonical text (`ID:TICKETS\n` lines).
fn parse_list(text: &str) -> Result<EntryList> {
    let entries = text
        .lines()
        .map(|l| {
            let (id, t) = l.rsplit_once(':').unwrap_or((l, ""));
            Entry {
                member_id: id.to_string(),
                tickets: t.parse().unwrap_or(0),
            }
        })
        .collect();
    EntryList::new(entries).map_err(|e| Error::Storage {
        detail: format!("the frozen entry list: {e:?}"),
    })
}

impl Vafa {
    fn lottery_row(&self, id: &str) -> Result<store::club::LotteryRow> {
        store::club::lottery(&self.conn, id)?
            .ok_or_else(|| ClubError::UnknownLottery { id: id.to_string() }.into())
    }

    /// Creates a lottery: checks the window and tiers, fixes a secret seed from the
    /// system's randomness and returns its commitment to publish.
    pub fn lottery_create(&mut self, input: &LotteryInput) -> Result<LotteryView> {
        self.require(Action::Lottery)?;
        let id = super::text_field(Field::ClubId, &input.id, 64)?;
        let name = super::text_field(Field::LotteryName, &input.name, 100)?;
        if input.from > input.to {
            return Err(ClubError::ReversedWindow {
                from: input.from,
                to: input.to,
            }
            .into());
        }
        let today = self.now().date_naive();
        if input.to < today {
            return Err(ClubError::WindowInPast {
                to: input.to,
                today,
            }
            .into());
        }
        for t in &input.tiers {
            if !self.config().tier.iter().any(|x| x.name == *t) {
                return Err(ClubError::UnknownTier { tier: t.clone() }.into());
            }
        }
        if store::club::lottery(&self.conn, &id)?.is_some() {
            return Err(ClubError::LotteryExists { id }.into());
        }
        let seed = new_seed()?;
        let row = store::club::LotteryRow {
            id: id.clone(),
            name,
            from_day: input.from.to_string(),
            to_day: input.to.to_string(),
            per: input.per,
            min_visits: i64::from(input.min_visits),
            tiers: serde_json::to_string(&input.tiers).map_err(json_err)?,
            winners: i64::from(input.winners.max(1)),
            commitment: lottery::commitment(&seed),
            seed,
            created_at: self.now().to_rfc3339(),
            entry_list: None,
            list_hash: None,
            drawn: None,
            drawn_at: None,
        };
        let v = view(&row)?;
        let tx = self.write_tx()?;
        // The seed is not on the trail: it is secret until the draw, which records it.
        self.audit(
            &tx,
            "lottery_create",
            &id,
            serde_json::to_value(&v).map_err(json_err)?,
        )?;
        store::club::lottery_insert(&tx, &row)?;
        tx.commit()?;
        Ok(v)
    }

    /// Every lottery as published, newest first (the window's list).
    pub fn lotteries(&self) -> Result<Vec<LotteryView>> {
        self.require(Action::Lottery)?;
        store::club::lottery_ids(&self.conn)?
            .iter()
            .map(|id| self.lottery(id))
            .collect()
    }

    /// The lottery as published.
    pub fn lottery(&self, id: &str) -> Result<LotteryView> {
        view(&self.lottery_row(id)?)
    }

    /// The entries: the frozen list once drawn, else what the window's sales earn so far
    /// (voided sales never count).
    pub fn lottery_entries(&self, id: &str) -> Result<EntryList> {
        self.require(Action::Lottery)?;
        let row = self.lottery_row(id)?;
        match &row.entry_list {
            Some(list) => parse_list(list),
            None => self.live_entries(&row),
        }
    }

    fn live_entries(&self, row: &store::club::LotteryRow) -> Result<EntryList> {
        let v = view(row)?.lottery;
        // A member's tier as of the window's last day (or now, if that is earlier).
        let end =
            v.to.and_hms_opt(23, 59, 59)
                .and_then(|t| t.and_local_timezone(self.shop.offset).single())
                .map_or(self.now(), |t| t.min(self.now()));
        let mut entries = Vec::new();
        for t in store::club::takings(&self.conn, &row.from_day, &row.to_day)? {
            if t.visits < u64::from(v.min_visits) {
                continue;
            }
            if !v.tiers.is_empty() {
                let tier = self.tier_of(&t.member_id, end)?;
                if !tier.is_some_and(|x| v.tiers.contains(&x)) {
                    continue;
                }
            }
            let tickets = lottery::tickets(t.paid, t.visits, v.per);
            if tickets > 0 {
                entries.push(Entry {
                    member_id: t.member_id,
                    tickets,
                });
            }
        }
        EntryList::new(entries).map_err(|e| Error::Storage {
            detail: format!("the entry list: {e:?}"),
        })
    }

    /// Draws once, after the window's last day: freezes the entry list and its hash,
    /// reveals the seed and picks the winners.
    pub fn lottery_draw(&mut self, id: &str) -> Result<Draw> {
        self.require(Action::Lottery)?;
        let row = self.lottery_row(id)?;
        if row.drawn.is_some() {
            return Err(ClubError::AlreadyDrawn { id: row.id }.into());
        }
        let v = view(&row)?.lottery;
        if self.now().date_naive() <= v.to {
            return Err(ClubError::WindowOpen {
                id: row.id,
                to: v.to,
            }
            .into());
        }
        let list = self.live_entries(&row)?;
        if list.entries.is_empty() {
            return Err(ClubError::NoEntries { id: row.id }.into());
        }
        let d = lottery::draw(&row.seed, &list, v.winners).map_err(|e| Error::Storage {
            detail: format!("the draw: {e:?}"),
        })?;
        let winners = serde_json::to_string(&d.winners).map_err(json_err)?;
        let tx = self.write_tx()?;
        self.audit(
            &tx,
            "lottery_draw",
            id,
            serde_json::json!({
                "seed": d.seed, "commitment": d.commitment, "list_hash": d.list_hash,
                "entries": list.entries.len(), "total": list.total, "winners": d.winners,
            }),
        )?;
        let at = self.now().to_rfc3339();
        if !store::club::lottery_draw(&tx, id, &list.canonical(), &list.list_hash, &winners, &at)? {
            return Err(ClubError::AlreadyDrawn { id: id.to_string() }.into());
        }
        // One message per winner (the `lottery` event, when configured), in the draw's
        // own transaction: a draw without its messages is never recorded.
        for w in &d.winners {
            let figures = super::sms::Figures {
                lottery: &v.name,
                prize: w.prize,
                ..Default::default()
            };
            let source = format!("{id}/{}", w.prize);
            self.queue_sms(
                &tx,
                vafa_core::sms::Event::Lottery,
                &w.member_id,
                Some(&source),
                &figures,
            )?;
        }
        tx.commit()?;
        Ok(d)
    }

    /// The published draw, recomputed from its seed and frozen list: `Ok` with the draw if
    /// it repeats, `DrawMismatch` naming what does not.
    pub fn lottery_verify(&self, id: &str) -> Result<Draw> {
        let row = self.lottery_row(id)?;
        let (Some(list), Some(hash), Some(drawn)) = (&row.entry_list, &row.list_hash, &row.drawn)
        else {
            return Err(ClubError::NotDrawn { id: row.id }.into());
        };
        let published = Draw {
            seed: row.seed.clone(),
            commitment: row.commitment.clone(),
            list_hash: hash.clone(),
            winners: serde_json::from_str::<Vec<Winner>>(drawn).map_err(json_err)?,
        };
        let mismatch = |what| ClubError::DrawMismatch {
            id: row.id.clone(),
            what,
        };
        let list = parse_list(list).map_err(|_| mismatch("list_hash"))?;
        match lottery::verify(&published, &list) {
            Ok(())
                if published.winners.len()
                    == view(&row)?.lottery.winners.min(list.entries.len() as u32) as usize =>
            {
                Ok(published)
            }
            Ok(()) => Err(mismatch("winners").into()),
            Err(Mismatch::Commitment) => Err(mismatch("commitment").into()),
            Err(Mismatch::ListHash) => Err(mismatch("list_hash").into()),
            Err(Mismatch::Winners) => Err(mismatch("winners").into()),
        }
    }
}

impl Vafa {
    /// A winner as the result names them: "First Last (ID)", or the id of a member no
    /// longer on this till.
    pub fn winner_name(&self, member_id: &str) -> String {
        match store::members::by_id(&self.conn, member_id) {
            Ok(Some(m)) => format!("{} {} ({member_id})", m.first_name, m.last_name)
                .trim()
                .to_string(),
            _ => member_id.to_string(),
        }
    }

    /// The printable result of a drawn lottery, in the shop's language: the draw as
    /// published, recomputed first (a result that does not verify is not printed).
    pub fn lottery_slip(&self, id: &str) -> Result<vafa_core::receipt::Slip> {
        self.require(Action::Lottery)?;
        let d = self.lottery_verify(id)?;
        let v = self.lottery(id)?.lottery;
        let list = self.lottery_entries(id)?;
        let result = vafa_text::club_window::DrawResult {
            shop: &self.shop.name,
            name: &v.name,
            from: v.from,
            to: v.to,
            entries: list.entries.len(),
            total: list.total,
            commitment: &d.commitment,
            seed: &d.seed,
            list_hash: &d.list_hash,
            winners: d
                .winners
                .iter()
                .map(|w| vafa_text::club_window::WinnerLine {
                    prize: w.prize,
                    who: self.winner_name(&w.member_id),
                    tickets: w.tickets,
                })
                .collect(),
        };
        Ok(vafa_text::club_window::draw_slip(&result, self.shop.lang))
    }
}
