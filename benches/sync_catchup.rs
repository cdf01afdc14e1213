//! A till catching up with head office after 10,000 offline sales (target: ≤ 10 s on
//! loopback), against SQLite head office and, when `VAFA_TEST_PG` is set, PostgreSQL.
//! Run: `cargo bench --bench sync_catchup` (release build).

use std::time::Instant;

use vafa_core::phone::parse_mobile;
use vafa_hq::{server, storage::Pool, terminals};
use vafa_service::{Customer, InitOptions, MemberInput, MemberKey, SaleRequest, Vafa};

const SALES: usize = 10_000;
const MEMBERS: usize = 200;

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, spec) in vafa_hq::storage::scratch_databases(dir.path(), "vafa_bench") {
        let pool = Pool::open(&spec).expect("open head office");
        let (_, token) = terminals::add_terminal(&pool, "A", "bench").expect("terminal");
        let addr = server::spawn(pool, "127.0.0.1:0").expect("serve");

        let till_dir = dir.path().join(format!("till-{name}"));
        let mut v = Vafa::init(
            &till_dir,
            &InitOptions {
                shop: "Bench".into(),
                branch: "A".into(),
                branch_name: None,
                lang: vafa_core::lang::Lang::En,
                unit: "rial".into(),
            },
        )
        .expect("init");
        v.hq_connect(&format!("http://{addr}"), &token, None)
            .expect("connect");
        for m in 0..MEMBERS {
            v.enrol(&MemberInput {
                first: Some(format!("M{m}")),
                last: Some("Bench".into()),
                mobile: parse_mobile(&format!("0912{m:07}")),
                ..Default::default()
            })
            .expect("enrol");
        }
        for i in 0..SALES {
            let m = parse_mobile(&format!("0912{:07}", i % MEMBERS)).expect("mobile");
            let r = SaleRequest::new(Customer::Member(MemberKey::Mobile(m)), 1_500_000);
            v.sell(&r).expect("sale");
        }
        let waiting = v.outbox_pending().expect("pending");
        let start = Instant::now();
        let report = v.sync_once().expect("sync");
        let took = start.elapsed();
        println!(
            "catch-up [{name}]: {SALES} offline sales ({waiting} records) uploaded in {:.2} s ({:.0} sales/s); pending after: {}",
            took.as_secs_f64(),
            SALES as f64 / took.as_secs_f64(),
            report.pending
        );
    }
}
