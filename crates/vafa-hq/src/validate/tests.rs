//! The rules on plain data. The property: no sequence of records from a terminal of
//! branch A changes what a member enrolled at B may spend, except through sales of that
//! member at A (and the voids of those sales); other expiries write off only what has
//! expired.

use super::*;
use proptest::prelude::*;
use vafa_core::record::{SaleRow, VoidRecord};

const NOW: &str = "2026-11-22T06:30:00+00:00";

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("time")
        .with_timezone(&Utc)
}

const MEMBERS: [(&str, &str); 4] = [("a1", "A"), ("a2", "A"), ("b1", "B"), ("b2", "B")];
/// Lots: (id, member, branch earned at, held, expired?).
const LOTS: [(&str, &str, &str, i64, bool); 5] = [
    ("la1", "a1", "A", 1_000, false),
    ("lb1", "b1", "B", 5_000, false),
    ("lb1x", "b1", "B", 700, true),
    ("lb2", "b2", "A", 2_000, false),
    ("lb2b", "b2", "B", 3_000, false),
];
/// Sales head office has: (id, branch, member, lot it drew on, drawn).
const SALES: [(&str, &str, &str, &str, i64); 3] = [
    ("sa", "A", "b1", "lb1", -500),
    ("sb", "B", "b2", "lb2b", -1_000),
    ("sa2", "A", "a1", "la1", -100),
];

fn world() -> Known {
    let mut k = Known {
        now: t(NOW),
        ..Known::default()
    };
    for (id, branch) in MEMBERS {
        k.members.insert(
            id.into(),
            MemberFacts {
                branch: branch.into(),
                mobile: format!("+98912000000{}", id.len()),
                referrer: None,
            },
        );
    }
    for (id, member, branch, held, expired) in LOTS {
        k.lots.insert(
            id.into(),
            LotFacts {
                member: member.into(),
                account: Account::Credit,
                branch: branch.into(),
                held,
                expires_at: Some(t(if expired {
                    "2026-01-01T00:00:00Z"
                } else {
                    "2027-06-01T00:00:00Z"
                })),
            },
        );
        *k.balances
            .entry((member.into(), Account::Credit))
            .or_default() += held;
    }
    for (id, branch, member, lot, drawn) in SALES {
        k.sales.insert(
            id.into(),
            SaleFacts {
                branch: branch.into(),
                member: Some(member.into()),
                voided: false,
                lots: BTreeMap::from([(LotId::from(lot), drawn)]),
            },
        );
    }
    k
}

const KINDS: [EntryKind; 5] = [
    EntryKind::Earn,
    EntryKind::Redeem,
    EntryKind::Void,
    EntryKind::Expire,
    EntryKind::Adjust,
];
const AMOUNTS: [i64; 9] = [0, 1, -1, 100, -100, 700, -5_000, MAX_AMOUNT, i64::MAX];

/// One entry from small choices: (member, kind, amount, lot, note, sale, branch).
type Pick = (usize, usize, usize, usize, usize, usize, bool);

/// An entry of `member` half the time (the record's own), else of anyone.
fn entry(p: Pick, n: usize, member: &str) -> Entry {
    let (m, k, a, l, note, sale, other_branch) = p;
    let members = [
        "a1", "a2", "b1", "b2", "nobody", member, member, member, member,
    ];
    let mut e = Entry::new(
        members[m % members.len()],
        Account::Credit,
        AMOUNTS[a % AMOUNTS.len()],
        KINDS[k % KINDS.len()],
        NOW,
        if other_branch { "B" } else { "A" },
    );
    e.id = format!("e{n}").into();
    let lots = [
        None,
        Some("la1"),
        Some("lb1"),
        Some("lb1x"),
        Some("lb2"),
        Some("lb2b"),
        Some("e0"),
    ];
    e.lot_id = lots[l % lots.len()].map(Into::into);
    e.note = [None, Some("reason"), Some(NOTE_REPAID)][note % 3].map(str::to_string);
    let sales = [None, Some("sa"), Some("sb"), Some("sa2"), Some("new")];
    e.sale_id = sales[sale % sales.len()].map(Into::into);
    e
}

/// A record from a terminal of A, built from small choices.
fn record(shape: usize, who: usize, other_branch: bool, picks: Vec<Pick>, n: usize) -> Record {
    let member = ["a1", "a2", "b1", "b2"][who % 4];
    let picks_first = picks.first().copied().unwrap_or((0, 0, 0, 0, 0, 0, false));
    let entries: Vec<Entry> = picks
        .into_iter()
        .enumerate()
        .map(|(i, p)| entry(p, n * 100 + i, member))
        .collect();
    let branch = if other_branch { "B" } else { "A" };
    // Near-honest shapes: a sale drawing on a lot and earning, a void reversing a draw.
    let lots = ["la1", "lb1", "lb1x", "lb2", "lb2b"];
    let p = picks_first;
    match shape % 6 {
        4 => {
            let mut draw = entry(p, n * 100 + 50, member);
            draw.member_id = [member, member, member, "b1", "b2"][p.0 % 5].into();
            draw.kind = EntryKind::Redeem;
            draw.amount = [-100, -500, -5_000, -6_000, 100][p.2 % 5];
            draw.lot_id = Some(lots[p.3 % lots.len()].into());
            return record(1, who, other_branch, vec![], n).with_entries(vec![draw], member);
        }
        5 => {
            let (sale, ..) = SALES[who % SALES.len()];
            let mut back = entry(p, n * 100 + 60, member);
            back.member_id = SALES[(who + p.0 % 2) % SALES.len()].2.into();
            back.kind = EntryKind::Void;
            back.amount = [100, 500, 600, -100][p.2 % 4];
            back.lot_id = Some(lots[p.3 % lots.len()].into());
            back.sale_id = Some(sale.into());
            return Record::Void(VoidRecord {
                id: format!("v{n}").into(),
                sale_id: sale.into(),
                reason: None,
                at: NOW.into(),
                branch: branch.into(),
                entries: vec![back],
            });
        }
        _ => {}
    }
    match shape % 4 {
        0 => Record::Entry(
            entries
                .into_iter()
                .next()
                .unwrap_or_else(|| entry((0, 4, 3, 0, 1, 0, false), n, member)),
        ),
        1 => {
            // A sale whose row agrees with its entries, so that only the rules decide.
            let of = |k: EntryKind| -> i64 {
                entries
                    .iter()
                    .filter(|e| e.kind == k && e.member_id == member)
                    .fold(0i64, |s, e| s.saturating_add(e.amount))
            };
            let (earned, redeemed) = (of(EntryKind::Earn), of(EntryKind::Redeem).saturating_neg());
            let id = format!("s{n}");
            Record::Sale(Box::new(SaleRecord {
                sale: SaleRow {
                    id: id.as_str().into(),
                    member_id: Some(member.into()),
                    card_number: None,
                    branch: branch.into(),
                    at: NOW.into(),
                    at_utc: NOW.into(),
                    gross: redeemed.max(0).saturating_add(1_000),
                    discount: 0,
                    credit_redeemed: redeemed,
                    paid: 1_000,
                    credit_earned: earned,
                    points_earned: 0,
                    tier: None,
                    offers: String::new(),
                    created_at: NOW.into(),
                },
                offers: vec![],
                items: vec![],
                entries: entries
                    .into_iter()
                    .map(|mut e| {
                        e.sale_id = Some(id.as_str().into());
                        e
                    })
                    .collect(),
            }))
        }
        2 => {
            // Mostly reversals naming their sale, so that only the rules decide.
            let sale: SaleId = ["sa", "sb", "sa2", "nosale"][who % 4].into();
            Record::Void(VoidRecord {
                id: format!("v{n}").into(),
                sale_id: sale.clone(),
                reason: None,
                at: NOW.into(),
                branch: branch.into(),
                entries: entries
                    .into_iter()
                    .map(|mut e| {
                        if e.sale_id.is_some() {
                            e.sale_id = Some(sale.clone());
                        }
                        e
                    })
                    .collect(),
            })
        }
        _ => Record::Member(MemberRow::new(
            member.into(),
            "X".into(),
            "Y".into(),
            if other_branch {
                "+989129999999".into()
            } else {
                format!("+98912000000{}", member.len())
            },
            branch.into(),
            NOW,
        )),
    }
}

trait WithEntries {
    fn with_entries(self, entries: Vec<Entry>, member: &str) -> Record;
}

impl WithEntries for Record {
    /// A sale whose row says what `entries` redeem and earn for `member`.
    fn with_entries(self, entries: Vec<Entry>, member: &str) -> Record {
        let Record::Sale(mut s) = self else {
            return self;
        };
        let of = |k: EntryKind| -> i64 {
            entries
                .iter()
                .filter(|e| e.kind == k && e.member_id == member)
                .fold(0i64, |t, e| t.saturating_add(e.amount))
        };
        s.sale.credit_redeemed = of(EntryKind::Redeem).saturating_neg();
        s.sale.credit_earned = of(EntryKind::Earn);
        s.sale.gross = s.sale.credit_redeemed.max(0).saturating_add(1_000);
        let id = s.sale.id.clone();
        s.entries = entries
            .into_iter()
            .map(|mut e| {
                e.sale_id = Some(id.clone());
                e
            })
            .collect();
        Record::Sale(s)
    }
}

fn pick() -> impl Strategy<Value = Pick> {
    (
        0..9usize,
        0..5usize,
        0..9usize,
        0..7usize,
        0..3usize,
        0..5usize,
        prop::bool::weighted(0.1),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]
    #[test]
    fn branch_a_changes_a_branch_b_members_balance_only_by_their_sales_at_a(
        records in prop::collection::vec(
            (0..6usize, 0..4usize, prop::bool::weighted(0.1), prop::collection::vec(pick(), 0..4)),
            1..12,
        )
    ) {
        let a: BranchCode = "A".into();
        let mut known = world();
        for (n, (shape, who, other, picks)) in records.into_iter().enumerate() {
            let r = record(shape, who, other, picks, n);
            let before = known.clone();
            if known.admit(&a, &r).is_err() {
                // A refusal leaves no trace.
                prop_assert_eq!(&known.balances, &before.balances);
                prop_assert_eq!(&known.members, &before.members);
                prop_assert_eq!(&known.lots, &before.lots);
                continue;
            }
            for e in r.entries() {
                let at_b = before.members.get(&e.member_id).is_some_and(|m| m.branch == "B");
                if !at_b {
                    continue;
                }
                let by_their_sale = match &r {
                    Record::Sale(s) => s.sale.member_id.as_ref() == Some(&e.member_id),
                    Record::Void(v) => before.sales.get(&v.sale_id).is_some_and(|s| {
                        s.branch == "A" && s.member.as_ref() == Some(&e.member_id)
                    }),
                    _ => false,
                };
                if e.kind == EntryKind::Expire && !by_their_sale {
                    // Only what has expired is written off, but in the member's own sale
                    // (whose till's clock decides, and which could spend it anyway).
                    let lot = e.lot_id.as_ref().and_then(|l| before.lots.get(l));
                    prop_assert!(lot.is_some_and(|l| l.expires_at.is_some_and(|x| x <= known.now)), "{:?}", e);
                    continue;
                }
                prop_assert!(by_their_sale, "{:?} changed {} by {:?}", r.kind(), e.member_id, e);
            }
            // Nobody is moved, and no B member's mobile changes from A.
            for (id, m) in &before.members {
                prop_assert_eq!(&known.members[id].branch, &m.branch);
                if m.branch == "B" {
                    prop_assert_eq!(&known.members[id].mobile, &m.mobile);
                }
            }
            for b in known.balances.values() {
                prop_assert!(*b <= MAX_AMOUNT);
            }
        }
    }
}

#[test]
fn a_sale_of_a_b_member_at_a_spends_their_credit_and_a_void_at_a_gives_it_back() {
    let a: BranchCode = "A".into();
    let mut k = world();
    let mut e = Entry::new("b1", Account::Credit, -300, EntryKind::Redeem, NOW, "A");
    e.lot_id = Some("lb1".into());
    e.sale_id = Some("s".into());
    let sale = record(1, 2, false, vec![], 0);
    let Record::Sale(mut s) = sale else {
        panic!("sale");
    };
    s.sale.id = "s".into();
    s.sale.credit_redeemed = 300;
    s.sale.gross = 1_300;
    s.entries = vec![e.clone()];
    assert_eq!(k.admit(&a, &Record::Sale(s)), Ok(()));
    assert_eq!(k.balances[&(MemberId::from("b1"), Account::Credit)], 5_400);
    let mut back = e;
    back.id = "back".into();
    back.amount = 300;
    back.kind = EntryKind::Void;
    let void = |id: &str| {
        Record::Void(VoidRecord {
            id: id.into(),
            sale_id: "s".into(),
            reason: None,
            at: NOW.into(),
            branch: "A".into(),
            entries: vec![back.clone()],
        })
    };
    assert_eq!(k.admit(&a, &void("v1")), Ok(()));
    assert_eq!(
        k.admit(&a, &void("v2")),
        Err(Refusal::AlreadyVoided { id: "s".into() })
    );
    // B's sale is B's to void.
    let mut theirs = void("v3");
    if let Record::Void(v) = &mut theirs {
        v.sale_id = "sb".into();
    }
    assert_eq!(
        k.admit(&a, &theirs),
        Err(Refusal::WrongBranch {
            terminal: "A".into(),
            record: "B".into()
        })
    );
}

/// A guest sale and its void in one push (a guest sale counted for the member who joined
/// with it, `[membership] min_purchase`): the void finds the sale; a second is refused.
#[test]
fn a_guest_sale_and_its_void_in_one_push() {
    let a: BranchCode = "A".into();
    let mut k = world();
    let Record::Sale(mut s) = record(1, 2, false, vec![], 0) else {
        panic!("sale");
    };
    s.sale.id = "g".into();
    s.sale.member_id = None;
    s.sale.credit_redeemed = 0;
    s.sale.credit_earned = 0;
    s.sale.points_earned = 0;
    s.entries = Vec::new();
    assert_eq!(k.admit(&a, &Record::Sale(s)), Ok(()));
    let void = |id: &str| {
        Record::Void(VoidRecord {
            id: id.into(),
            sale_id: "g".into(),
            reason: Some("counted for the new member".into()),
            at: NOW.into(),
            branch: "A".into(),
            entries: Vec::new(),
        })
    };
    assert_eq!(k.admit(&a, &void("v1")), Ok(()));
    assert_eq!(
        k.admit(&a, &void("v2")),
        Err(Refusal::AlreadyVoided { id: "g".into() })
    );
}
