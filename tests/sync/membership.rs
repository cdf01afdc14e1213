//! A guest sale counted for the member who joined with it (`[membership] min_purchase`)
//! reaches head office as the records it already checks: the guest sale, its void and the
//! member's sale, taken in one push (and in two: the guest sale pushed before joining).

use crate::common;

use super::flows::{credit, sale, sync, till};
use common::hq::{Hq, backends};

#[test]
fn a_guest_sale_counted_for_a_new_member_is_taken_by_head_office() {
    for backend in backends() {
        let hq = Hq::start(backend);
        let a = till(&hq, "A");
        let cfg = a.dir.path().join("membership.toml");
        std::fs::write(&cfg, "[membership]\nmin_purchase = 5000000\n").expect("write");
        a.ok(&["config", "import", cfg.to_str().expect("path")]);
        // One guest sale pushed before the guest joins, one not.
        let early = sale(&a, &["--guest"], "6000000", None);
        let r = sync(&a);
        assert_eq!(r["parked"], 0, "{backend}: {r}");
        let late = sale(&a, &["--guest"], "8000000", None);
        let ali = a.enrol("Ali", "09120000001", None);
        let bita = a.enrol("Bita", "09120000002", None);
        for (s, who) in [(&early, &ali), (&late, &bita)] {
            a.json(&[
                "sale",
                "attach",
                s["sale_id"].as_str().expect("id"),
                "--member",
                who,
            ]);
        }
        let r = sync(&a);
        assert_eq!(r["parked"], 0, "{backend}: {r}");
        assert_eq!(r["pending"], 0, "{backend}: {r}");
        assert_eq!(credit(&a, "09120000001"), 300_000);
        assert_eq!(credit(&a, "09120000002"), 400_000);
        // Head office: both guest sales voided, both members' sales with their cashback.
        assert_eq!(
            hq.count("SELECT COUNT(*) FROM sales WHERE member_id IS NULL AND voided <> 0"),
            2,
            "{backend}"
        );
        assert_eq!(
            hq.count("SELECT COUNT(*) FROM sales WHERE member_id IS NOT NULL"),
            2,
            "{backend}"
        );
        let shown = hq.json(&["member", "show", "--mobile", "09120000001"]);
        assert_eq!(shown["balance"]["credit"], 300_000, "{backend}: {shown}");
    }
}
