//! The push validator's fuzz check, shared by the cargo-fuzz target
//! (`fuzz/fuzz_targets/push.rs`) and the stable-toolchain harness (`fuzz_push.rs` here):
//! arbitrary bytes as a push body, decoded as a till's batch, each record read and checked
//! against a head office that knows two branches' members, a lot and a sale. Beyond "no
//! panic": a refusal has its code and both languages' sentence, and no balance head office
//! would book leaves ±MAX_AMOUNT.

use chrono::{TimeZone, Utc};
use vafa_core::hq::Refusal;
use vafa_core::ids::BranchCode;
use vafa_core::lang::Lang;
use vafa_core::ledger::Account;
use vafa_core::money::MAX_AMOUNT;
use vafa_core::protocol::PushRequest;
use vafa_hq::validate::{Known, LotFacts, MemberFacts, SaleFacts};
use vafa_text::Say;

pub fn known() -> Known {
    let mut k = Known {
        now: Utc
            .with_ymd_and_hms(2026, 11, 22, 7, 0, 0)
            .single()
            .expect("a time"),
        ..Known::default()
    };
    for (id, branch, mobile) in [("m1", "A", "+989120000001"), ("m2", "B", "+989120000002")] {
        k.members.insert(
            id.into(),
            MemberFacts {
                branch: BranchCode::from(branch),
                mobile: mobile.into(),
                referrer: None,
            },
        );
    }
    k.lots.insert(
        "l1".into(),
        LotFacts {
            member: "m2".into(),
            account: Account::Credit,
            branch: BranchCode::from("B"),
            held: 200_000,
            expires_at: None,
        },
    );
    k.balances.insert(("m2".into(), Account::Credit), 200_000);
    let mut sale = SaleFacts {
        branch: BranchCode::from("A"),
        member: Some("m1".into()),
        ..SaleFacts::default()
    };
    sale.lots.insert("l0".into(), 500_000);
    k.sales.insert("s1".into(), sale);
    k
}

/// One input; panics on a broken invariant. Returns how many records were checked.
pub fn run(data: &[u8]) -> usize {
    let Ok(push) = serde_json::from_slice::<PushRequest>(data) else {
        return 0;
    };
    let mut k = known();
    let branch = BranchCode::from("A");
    for r in &push.records {
        let Ok(record) = r.read() else { continue };
        if let Err(why) = k.admit(&branch, &record) {
            check(&why);
        }
    }
    for (key, b) in &k.balances {
        assert!(b.unsigned_abs() <= MAX_AMOUNT as u64, "{key:?}: {b}");
    }
    push.records.len()
}

pub fn check(why: &Refusal) {
    assert!(!why.code().is_empty());
    assert!(!why.say(Lang::En).is_empty());
    assert!(!why.say(Lang::Fa).is_empty());
}
