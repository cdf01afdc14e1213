//! SQLite and PostgreSQL give head office the same typed rows for the same data: the same
//! pushes and imports on both, then every read (a terminal's token, a pull, members by
//! mobile and card, overdrafts, settlement, conflicts, a merge and what it leaves) must
//! come out equal. Needs `VAFA_TEST_PG` (skipped without it, failed with
//! `VAFA_REQUIRE_PG=1` as in CI).

use vafa_core::hq::{ConflictLine, MemberShow, OverdraftLine, Settlement};
use vafa_core::ledger::{Account, EntryKind};
use vafa_core::protocol::{OutRecord, PROTOCOL, PullResponse, PushRequest, PushResponse};
use vafa_core::record::{
    CardRecord, CardStatus, Entry, MemberRow, Record, SaleRecord, SaleRow, VoidRecord,
};
use vafa_hq::admin::{self, Merged};
use vafa_hq::storage::{Pool, scratch_databases};
use vafa_hq::terminals::{self, Terminal};
use vafa_hq::{ingest, pull, reports};

const AT: &str = "2026-11-22T10:00:00+03:30";

fn member(id: &str, mobile: &str, branch: &str) -> Record {
    Record::Member(MemberRow::new(
        id.into(),
        id.to_uppercase(),
        "Test".into(),
        mobile.into(),
        branch.into(),
        AT,
    ))
}

/// An entry of `member` at `branch`; on `lot` when given.
fn entry(
    id: &str,
    member: &str,
    branch: &str,
    amount: i64,
    kind: EntryKind,
    lot: Option<&str>,
) -> Entry {
    let account = Account::Credit;
    let mut e = Entry::new(member, account, amount, kind, AT, branch);
    e.id = id.into();
    e.lot_id = lot.map(Into::into);
    e
}

/// A sale whose row says what its entries earned and redeemed (head office checks).
fn sale(id: &str, member: &str, branch: &str, gross: i64, entries: Vec<Entry>) -> Record {
    for e in &entries {
        assert_eq!(e.branch, branch);
    }
    let of = |k: EntryKind| -> i64 {
        entries
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.amount)
            .sum()
    };
    let (earned, redeemed) = (of(EntryKind::Earn), -of(EntryKind::Redeem));
    Record::Sale(Box::new(SaleRecord {
        sale: SaleRow {
            id: id.into(),
            member_id: Some(member.into()),
            card_number: None,
            branch: branch.into(),
            at: AT.into(),
            at_utc: "2026-11-22T06:30:00+00:00".into(),
            gross,
            discount: 0,
            credit_redeemed: redeemed,
            paid: gross - redeemed,
            credit_earned: earned,
            points_earned: 0,
            tier: None,
            offers: String::new(),
            created_at: AT.into(),
        },
        offers: vec![],
        items: vec![],
        entries: entries
            .into_iter()
            .map(|mut e| {
                e.sale_id = Some(id.into());
                e
            })
            .collect(),
    }))
}

fn push(pool: &Pool, t: &Terminal, records: &[Record]) -> PushResponse {
    let records = records
        .iter()
        .enumerate()
        .map(|(i, r)| OutRecord::new(i as i64 + 1, r, "2026-11-22T06:30:00+00:00"))
        .collect();
    ingest::push(
        pool,
        t,
        &PushRequest {
            protocol: PROTOCOL,
            records,
            audit: None,
        },
    )
    .expect("push")
}

/// Everything head office read back, typed.
#[derive(Debug, PartialEq)]
struct Seen {
    terminals: Vec<Terminal>,
    pushed: Vec<PushResponse>,
    pulled: PullResponse,
    by_mobile: MemberShow,
    by_card: MemberShow,
    overdrafts: Vec<OverdraftLine>,
    settlement: Settlement,
    conflicts: Vec<ConflictLine>,
    merged: Merged,
    after_merge: MemberShow,
    overdrafts_after: Vec<OverdraftLine>,
}

fn run(pool: &Pool) -> Seen {
    pool.tx(|db| {
        db.exec(
            "INSERT INTO terminals (id, branch, name, token_hash, created_at) VALUES
                 ('t-a', 'A', 'till A', $1, 't'), ('t-b', 'B', 'till B', $2, 't');
             ",
            &[
                vafa_core::protocol::token_hash("tok-a").into(),
                vafa_core::protocol::token_hash("tok-b").into(),
            ],
        )?;
        db.exec(
            "INSERT INTO conflicts (kind, key, first_id, second_id, at)
             VALUES ('card', 'c-1', 'm-ali', 'm-sara', '2026-11-22T06:30:00+00:00')",
            &[],
        )?;
        Ok(())
    })
    .expect("terminals");
    terminals::set_owner(pool, "A", "Owner A").expect("owner");
    terminals::set_owner(pool, "B", "Owner B").expect("owner");
    let a = terminals::authenticate(pool, "tok-a").expect("a");
    let b = terminals::authenticate(pool, "tok-b").expect("b");
    let card = Record::Card(CardRecord {
        number: "c-1".into(),
        member_id: "m-ali".into(),
        status: CardStatus::Active,
        reason: None,
        replaced_by: None,
        at: AT.into(),
        branch: Some("A".into()),
        keys: Some(vec!["c-1".into()]),
        resolved: false,
    });
    let mut pushed = vec![push(
        pool,
        &a,
        &[
            member("m-ali", "+989120000001", "A"),
            card,
            sale(
                "s-1",
                "m-ali",
                "A",
                1_000_000,
                vec![entry("e-1", "m-ali", "A", 50_000, EntryKind::Earn, None)],
            ),
            // Refused: an adjustment without its reason, an entry of a member head office
            // never heard of, and another branch's sale.
            Record::Entry(entry("e-8", "m-ali", "A", 100, EntryKind::Adjust, None)),
            Record::Entry({
                let mut e = entry("e-9", "m-ghost", "A", 100, EntryKind::Adjust, None);
                e.note = Some("gift".into());
                e
            }),
            sale("s-x", "m-ali", "B", 1, vec![]),
        ],
    )];
    pushed.push(push(
        pool,
        &b,
        &[
            member("m-sara", "+989120000002", "B"),
            // Credit earned at A, spent at B (settlement), then one sale of it voided.
            sale(
                "s-2",
                "m-ali",
                "B",
                40_000,
                vec![entry(
                    "e-3",
                    "m-ali",
                    "B",
                    -20_000,
                    EntryKind::Redeem,
                    Some("e-1"),
                )],
            ),
            sale(
                "s-3",
                "m-ali",
                "B",
                10_000,
                vec![entry(
                    "e-4",
                    "m-ali",
                    "B",
                    -10_000,
                    EntryKind::Redeem,
                    Some("e-1"),
                )],
            ),
            Record::Void(VoidRecord {
                id: "v-1".into(),
                sale_id: "s-3".into(),
                reason: None,
                at: AT.into(),
                branch: "B".into(),
                entries: vec![{
                    let mut e = entry("e-5", "m-ali", "B", 10_000, EntryKind::Void, Some("e-1"));
                    e.sale_id = Some("s-3".into());
                    e
                }],
            }),
            sale(
                "s-4",
                "m-sara",
                "B",
                200_000,
                vec![entry("e-6", "m-sara", "B", 10_000, EntryKind::Earn, None)],
            ),
            sale(
                "s-6",
                "m-sara",
                "B",
                5_000,
                vec![entry(
                    "e-10",
                    "m-sara",
                    "B",
                    -5_000,
                    EntryKind::Redeem,
                    Some("e-6"),
                )],
            ),
        ],
    ));
    // Sara's credit spent twice (5,000 at B, 10,000 at A, of 10,000): she owes 5,000 and
    // holds nothing to recover it from.
    pushed.push(push(
        pool,
        &a,
        &[sale(
            "s-5",
            "m-sara",
            "A",
            10_000,
            vec![entry(
                "e-7",
                "m-sara",
                "A",
                -10_000,
                EntryKind::Redeem,
                Some("e-6"),
            )],
        )],
    ));
    admin::import_offers(
        pool,
        "[[offer]]\nid = \"o-1\"\n[offer.reward]\nextra_credit_percent = 5\n",
    )
    .expect("offers");
    let terminals = pool
        .read(|db| db.fetch::<Terminal>("SELECT id, branch, name FROM terminals ORDER BY id", &[]))
        .expect("terminals");
    let pulled = pull::pull(pool, &b, 0, 100).expect("pull");
    let by_mobile = reports::member_show(pool, Some("09120000001"), None).expect("ali");
    let by_card = reports::member_show(pool, None, Some("c-1")).expect("card");
    let overdrafts = reports::overdrafts(pool).expect("overdrafts");
    let settlement = reports::settlement(pool, "2026-11-01", "2026-11-30").expect("settlement");
    let conflicts = admin::conflicts(pool).expect("conflicts");
    // Sara into Ali: her debt is recovered from his credit.
    let merged = admin::merge_members(pool, "m-ali", "m-sara").expect("merge");
    let after_merge = reports::member_show(pool, None, Some("c-1")).expect("after");
    let overdrafts_after = reports::overdrafts(pool).expect("overdrafts");
    Seen {
        terminals,
        pushed,
        pulled,
        by_mobile,
        by_card,
        overdrafts,
        settlement,
        conflicts,
        merged,
        after_merge,
        overdrafts_after,
    }
}

#[test]
fn sqlite_and_postgres_read_back_the_same_typed_rows() {
    let dir = tempfile::tempdir().expect("dir");
    let dbs = scratch_databases(dir.path(), "vafa_rows");
    if dbs.len() < 2 {
        assert!(
            std::env::var("VAFA_REQUIRE_PG").is_err(),
            "VAFA_REQUIRE_PG is set but VAFA_TEST_PG names no PostgreSQL"
        );
        return;
    }
    let seen: Vec<(&str, Seen)> = dbs
        .iter()
        .map(|(name, spec)| (*name, run(&Pool::open(spec).expect("open"))))
        .collect();
    let (sqlite, pg) = (&seen[0].1, &seen[1].1);
    // What the data says, so that two equally wrong answers do not pass.
    let codes =
        |p: &PushResponse| -> Vec<String> { p.rejected.iter().map(|r| r.code.clone()).collect() };
    assert_eq!(
        codes(&sqlite.pushed[0]),
        ["missing_reason", "unknown_member", "wrong_branch"],
        "{:?}",
        sqlite.pushed
    );
    assert!(
        sqlite.pushed[1..].iter().all(|p| p.rejected.is_empty()),
        "{:?}",
        sqlite.pushed
    );
    let MemberShow::One(ali) = &sqlite.by_mobile else {
        panic!("{:?}", sqlite.by_mobile);
    };
    // Two sales on one day: one visit (a visit is a day with purchases).
    assert_eq!((ali.balance.credit, ali.visits), (30_000, 1), "{ali:?}");
    assert_eq!(sqlite.by_mobile, sqlite.by_card);
    assert_eq!(
        sqlite
            .overdrafts
            .iter()
            .map(|o| (o.member_id.as_str(), o.mobile.as_deref(), o.overdraft))
            .collect::<Vec<_>>(),
        [("m-sara", Some("+989120000002"), 5_000)]
    );
    // A's owner owes B's 20,000 (30,000 redeemed at B, 10,000 of it voided), B's owes A's
    // 10,000 (Sara's credit spent at A): netted, 10,000, with the four entries behind it.
    assert_eq!(sqlite.settlement.owes.len(), 1, "{:?}", sqlite.settlement);
    let owes = &sqlite.settlement.owes[0];
    assert_eq!(
        (
            owes.debtor.as_str(),
            owes.creditor.as_str(),
            owes.amount,
            owes.detail.len()
        ),
        ("Owner A", "Owner B", 10_000, 4)
    );
    let MemberShow::One(after) = &sqlite.after_merge else {
        panic!("{:?}", sqlite.after_merge);
    };
    assert_eq!(
        (after.balance.credit, after.overdraft),
        (25_000, 0),
        "{after:?}"
    );
    assert!(
        sqlite.overdrafts_after.is_empty(),
        "{:?}",
        sqlite.overdrafts_after
    );
    assert!(sqlite.pulled.records.iter().any(|r| r.kind == "offer"));
    assert_eq!(sqlite, pg, "{} and {} differ", seen[0].0, seen[1].0);
}
