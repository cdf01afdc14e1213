//! `vafa report products`: categories and SKUs by sales and amount, and what is bought
//! together.
//!
//! The base `N` is the number of sales with at least one item. For two SKUs (or two
//! categories) `a` and `b`, with `n(a)` the sales containing `a` and `n(ab)` those containing
//! both:
//! - `support` = n(ab) / N — how common the pair is;
//! - `confidence` of "a ⇒ b" = n(ab) / n(a) — of the sales with `a`, the share that also has `b`;
//! - `lift` = confidence / support(b) = n(ab) × N / (n(a) × n(b)) — above 1 when they go
//!   together more often than chance would have it.
//!
//! Each is computed from the counts in one exact division and rounded toward zero to 4
//! places ([`crate::figures`]), so `lift` is not computed from the rounded confidence. A
//! pair appears as two rules, `a ⇒ b` and `b ⇒ a` (confidence is directional; support and
//! lift are the same both ways), when `n(ab)` is at least `min_together`. Rules are sorted by
//! lift, then support, highest first, then by `a` and `b`.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::Rials;
use crate::figures::{RATE_PLACES, ratio};

/// One line of a sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub sku: String,
    pub category: String,
    pub amount: Rials,
}

/// The lines of one sale (not voided, in the window).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Basket {
    pub items: Vec<Item>,
}

impl Basket {
    /// One basket per sale from lines ordered by sale (`(sale id, line)`), in that order.
    pub fn group<S: PartialEq>(lines: impl IntoIterator<Item = (S, Item)>) -> Vec<Basket> {
        let mut out: Vec<Basket> = Vec::new();
        let mut current: Option<S> = None;
        for (sale, item) in lines {
            match out.last_mut() {
                Some(b) if current.as_ref() == Some(&sale) => b.items.push(item),
                _ => {
                    out.push(Basket { items: vec![item] });
                    current = Some(sale);
                }
            }
        }
        out
    }
}

/// A category's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryRow {
    pub category: String,
    /// Sales with at least one item of the category.
    pub sales: u64,
    pub amount: Rials,
}

/// A SKU's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkuRow {
    pub sku: String,
    pub sales: u64,
    pub amount: Rials,
}

/// The rule "who buys `a` also buys `b`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pair {
    pub a: String,
    pub b: String,
    /// Sales with both.
    pub together: u64,
    pub support: Decimal,
    pub confidence: Decimal,
    pub lift: Decimal,
}

/// CONTRACT `products`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Products {
    /// The base of every share: sales with at least one item.
    pub sales_with_items: u64,
    /// By amount, then sales, highest first, then by name.
    pub categories: Vec<CategoryRow>,
    pub skus: Vec<SkuRow>,
    /// SKU pairs.
    pub pairs: Vec<Pair>,
    /// Category pairs, for cross-selling a category.
    pub category_pairs: Vec<Pair>,
}

/// The products report of `baskets`; pairs bought together in fewer than `min_together`
/// sales are left out (at least 1).
pub fn products(baskets: &[Basket], min_together: u64) -> Products {
    let mut cats: BTreeMap<&str, (u64, Rials)> = BTreeMap::new();
    let mut skus: BTreeMap<&str, (u64, Rials)> = BTreeMap::new();
    let mut sku_sets: Vec<BTreeSet<&str>> = Vec::new();
    let mut cat_sets: Vec<BTreeSet<&str>> = Vec::new();
    for b in baskets.iter().filter(|b| !b.items.is_empty()) {
        let mut s: BTreeSet<&str> = BTreeSet::new();
        let mut c: BTreeSet<&str> = BTreeSet::new();
        for item in &b.items {
            let e = skus.entry(&item.sku).or_default();
            e.1 = e.1.saturating_add(item.amount);
            let e = cats.entry(&item.category).or_default();
            e.1 = e.1.saturating_add(item.amount);
            s.insert(&item.sku);
            c.insert(&item.category);
        }
        for k in &s {
            skus.entry(k).or_default().0 += 1;
        }
        for k in &c {
            cats.entry(k).or_default().0 += 1;
        }
        sku_sets.push(s);
        cat_sets.push(c);
    }
    let n = sku_sets.len() as u64;
    Products {
        sales_with_items: n,
        categories: ranked(&cats)
            .into_iter()
            .map(|(category, sales, amount)| CategoryRow {
                category,
                sales,
                amount,
            })
            .collect(),
        skus: ranked(&skus)
            .into_iter()
            .map(|(sku, sales, amount)| SkuRow { sku, sales, amount })
            .collect(),
        pairs: pairs(&sku_sets, &skus, min_together),
        category_pairs: pairs(&cat_sets, &cats, min_together),
    }
}

/// Rows by amount, then sales, highest first, then by name.
fn ranked(rows: &BTreeMap<&str, (u64, Rials)>) -> Vec<(String, u64, Rials)> {
    let mut out: Vec<(String, u64, Rials)> = rows
        .iter()
        .map(|(k, (sales, amount))| (k.to_string(), *sales, *amount))
        .collect();
    out.sort_by(|x, y| {
        y.2.cmp(&x.2)
            .then(y.1.cmp(&x.1))
            .then_with(|| x.0.cmp(&y.0))
    });
    out
}

/// Both rules of every pair of `sets` seen together at least `min_together` times, with
/// `counts` giving each name's number of sales.
fn pairs(
    sets: &[BTreeSet<&str>],
    counts: &BTreeMap<&str, (u64, Rials)>,
    min_together: u64,
) -> Vec<Pair> {
    let mut together: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for s in sets {
        let names: Vec<&str> = s.iter().copied().collect();
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                *together.entry((a, b)).or_default() += 1;
            }
        }
    }
    let n = i128::from(sets.len() as u64);
    let count = |k: &str| i128::from(counts.get(k).map_or(0, |c| c.0));
    let mut out = Vec::new();
    for ((x, y), t) in together.into_iter().filter(|e| e.1 >= min_together) {
        for (a, b) in [(x, y), (y, x)] {
            let t = i128::from(t);
            out.push(Pair {
                a: a.to_string(),
                b: b.to_string(),
                together: t as u64,
                support: ratio(t, n, RATE_PLACES),
                confidence: ratio(t, count(a), RATE_PLACES),
                // Counts of sales are far below 2^63: the products fit (saturating beyond).
                lift: ratio(
                    t.saturating_mul(n),
                    count(a).saturating_mul(count(b)),
                    RATE_PLACES,
                ),
            });
        }
    }
    out.sort_by(|p, q| {
        q.lift
            .cmp(&p.lift)
            .then(q.support.cmp(&p.support))
            .then_with(|| p.a.cmp(&q.a))
            .then_with(|| p.b.cmp(&q.b))
    });
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn lines_are_grouped_into_one_basket_per_sale_in_order() {
        let item = |sku: &str| Item {
            sku: sku.into(),
            category: String::new(),
            amount: 1,
        };
        let got = Basket::group([
            ("s1", item("a")),
            ("s1", item("b")),
            ("s2", item("c")),
            ("s3", item("d")),
        ]);
        let skus: Vec<Vec<&str>> = got
            .iter()
            .map(|b| b.items.iter().map(|i| i.sku.as_str()).collect())
            .collect();
        assert_eq!(skus, [vec!["a", "b"], vec!["c"], vec!["d"]]);
        assert!(Basket::group(Vec::<(&str, Item)>::new()).is_empty());
    }

    use super::*;
    use proptest::prelude::*;

    fn basket(items: &[(&str, &str, Rials)]) -> Basket {
        Basket {
            items: items
                .iter()
                .map(|&(sku, category, amount)| Item {
                    sku: sku.into(),
                    category: category.into(),
                    amount,
                })
                .collect(),
        }
    }

    #[test]
    fn products_by_hand() {
        // Five sales with items and one empty (not in the base): N = 5.
        //   1: bread, milk          2: bread, milk, jam      3: bread
        //   4: milk, jam            5: tea                  6: (no items)
        // n(bread) 3, n(milk) 3, n(jam) 2, n(tea) 1
        // bread+milk 2: support 2/5 = 0.4000; bread ⇒ milk 2/3 = 0.6666;
        //   lift 2 × 5 / (3 × 3) = 10/9 = 1.1111
        // milk+jam 2: support 0.4000; milk ⇒ jam 2/3 = 0.6666, jam ⇒ milk 2/2 = 1.0000;
        //   lift 2 × 5 / (3 × 2) = 10/6 = 1.6666
        // bread+jam 1: support 0.2000; bread ⇒ jam 1/3 = 0.3333, jam ⇒ bread 1/2 = 0.5000;
        //   lift 1 × 5 / (3 × 2) = 5/6 = 0.8333
        let b = [
            basket(&[("bread", "bakery", 10), ("milk", "dairy", 20)]),
            basket(&[
                ("bread", "bakery", 10),
                ("milk", "dairy", 20),
                ("jam", "pantry", 50),
            ]),
            basket(&[("bread", "bakery", 10), ("bread", "bakery", 10)]),
            basket(&[("milk", "dairy", 20), ("jam", "pantry", 50)]),
            basket(&[("tea", "pantry", 200)]),
            Basket::default(),
        ];
        let p = products(&b, 1);
        assert_eq!(p.sales_with_items, 5);
        let rules: Vec<(&str, &str, u64, String, String, String)> = p
            .pairs
            .iter()
            .map(|r| {
                (
                    r.a.as_str(),
                    r.b.as_str(),
                    r.together,
                    r.support.to_string(),
                    r.confidence.to_string(),
                    r.lift.to_string(),
                )
            })
            .collect();
        let s = |x: &str| x.to_string();
        assert_eq!(
            rules,
            vec![
                ("jam", "milk", 2, s("0.4000"), s("1.0000"), s("1.6666")),
                ("milk", "jam", 2, s("0.4000"), s("0.6666"), s("1.6666")),
                ("bread", "milk", 2, s("0.4000"), s("0.6666"), s("1.1111")),
                ("milk", "bread", 2, s("0.4000"), s("0.6666"), s("1.1111")),
                ("bread", "jam", 1, s("0.2000"), s("0.3333"), s("0.8333")),
                ("jam", "bread", 1, s("0.2000"), s("0.5000"), s("0.8333")),
            ]
        );
        // Only pairs seen twice or more.
        assert_eq!(products(&b, 2).pairs.len(), 4);
        // Amounts: bread 10 + 10 + 10 + 10 = 40 in 3 sales; milk 60 in 3; jam 100 in 2; tea 200.
        let skus: Vec<(&str, u64, Rials)> = p
            .skus
            .iter()
            .map(|r| (r.sku.as_str(), r.sales, r.amount))
            .collect();
        assert_eq!(
            skus,
            vec![
                ("tea", 1, 200),
                ("jam", 2, 100),
                ("milk", 3, 60),
                ("bread", 3, 40)
            ]
        );
        // Categories: pantry 300 in 3 sales (2, 4, 5), dairy 60 in 3, bakery 40 in 3.
        let cats: Vec<(&str, u64, Rials)> = p
            .categories
            .iter()
            .map(|r| (r.category.as_str(), r.sales, r.amount))
            .collect();
        assert_eq!(
            cats,
            vec![("pantry", 3, 300), ("dairy", 3, 60), ("bakery", 3, 40)]
        );
        // Category pairs: bakery+dairy in 1, 2 (2); dairy+pantry in 2, 4 (2); bakery+pantry in 2.
        // bakery ⇒ dairy: lift 2 × 5 / (3 × 3) = 1.1111
        let cp = &p.category_pairs;
        assert_eq!(cp.len(), 6);
        assert!(
            cp.iter()
                .any(|r| r.a == "bakery" && r.b == "dairy" && r.lift.to_string() == "1.1111")
        );
    }

    #[test]
    fn ties_are_ordered_by_sales_then_name() {
        // x and y both 100 rials: y in two sales comes first; a and b both 50 in one: by name.
        let b = [
            basket(&[("x", "c", 100)]),
            basket(&[("y", "c", 50)]),
            basket(&[("y", "c", 50)]),
            basket(&[("b", "d", 50)]),
            basket(&[("a", "d", 50)]),
        ];
        let p = products(&b, 1);
        let names: Vec<&str> = p.skus.iter().map(|r| r.sku.as_str()).collect();
        assert_eq!(names, vec!["y", "x", "a", "b"]);
        assert!(p.pairs.is_empty());
    }

    #[test]
    fn rules_are_ordered_by_lift() {
        // N = 4. p and q are each in 2 sales, together in both: lift 2 × 4 / (2 × 2) = 2.
        // r and s are each in 1 sale, together: lift 1 × 4 / (1 × 1) = 4. u alone: no pair.
        let b = [
            basket(&[("p", "c", 1), ("q", "c", 1)]),
            basket(&[("p", "c", 1), ("q", "c", 1)]),
            basket(&[("r", "c", 1), ("s", "c", 1)]),
            basket(&[("u", "c", 1)]),
        ];
        let p = products(&b, 1);
        let got: Vec<(&str, &str, String)> = p
            .pairs
            .iter()
            .map(|r| (r.a.as_str(), r.b.as_str(), r.lift.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("r", "s", "4.0000".into()),
                ("s", "r", "4.0000".into()),
                ("p", "q", "2.0000".into()),
                ("q", "p", "2.0000".into()),
            ]
        );
    }

    #[test]
    fn equal_lift_sorts_by_support_descending() {
        // N = 4. y and z each in 2 sales, together in both: lift 2 × 4 / (2 × 2) = 2,
        // support 2/4 = 0.5. a in 2 sales, b in 1, together in 1: lift 1 × 4 / (2 × 1) = 2,
        // support 0.25. Equal lift: y ⇒ z first though "a" sorts before "y".
        let b = [
            basket(&[("y", "c", 1), ("z", "c", 1)]),
            basket(&[("y", "c", 1), ("z", "c", 1)]),
            basket(&[("a", "c", 1), ("b", "c", 1)]),
            basket(&[("a", "c", 1)]),
        ];
        let p = products(&b, 1);
        let got: Vec<(&str, &str)> = p
            .pairs
            .iter()
            .map(|r| (r.a.as_str(), r.b.as_str()))
            .collect();
        assert_eq!(got, vec![("y", "z"), ("z", "y"), ("a", "b"), ("b", "a")]);
        assert!(p.pairs.iter().all(|r| r.lift.to_string() == "2.0000"));
    }

    #[test]
    fn no_sales_no_pairs_no_panic() {
        let p = products(&[Basket::default()], 1);
        assert_eq!(p.sales_with_items, 0);
        assert!(p.pairs.is_empty() && p.skus.is_empty() && p.categories.is_empty());
    }

    proptest! {
        #[test]
        fn lift_is_confidence_over_support_of_b(
            sales in proptest::collection::vec(proptest::collection::btree_set(0u8..6, 1..5), 1..30)
        ) {
            let baskets: Vec<Basket> = sales
                .iter()
                .map(|s| Basket {
                    items: s.iter().map(|k| Item { sku: k.to_string(), category: "c".into(), amount: 1 }).collect(),
                })
                .collect();
            let p = products(&baskets, 1);
            let n = Decimal::from(sales.len() as u64);
            let count = |k: &str| Decimal::from(sales.iter().filter(|s| s.iter().any(|x| x.to_string() == k)).count() as u64);
            let ulp = Decimal::new(1, 4);
            for r in &p.pairs {
                let (t, na, nb) = (Decimal::from(r.together), count(&r.a), count(&r.b));
                // lift = (t / na) / (nb / n) = t × n / (na × nb), truncated to 4 places:
                //   lift × na × nb ≤ t × n < (lift + 0.0001) × na × nb
                prop_assert!(r.lift * na * nb <= t * n);
                prop_assert!((r.lift + ulp) * na * nb > t * n);
                prop_assert!(r.support * n <= t && (r.support + ulp) * n > t);
                prop_assert!(r.confidence * na <= t && (r.confidence + ulp) * na > t);
                prop_assert!(r.support <= r.confidence);
                let back = p.pairs.iter().find(|q| q.a == r.b && q.b == r.a);
                prop_assert!(back.is_some_and(|q| q.lift == r.lift && q.support == r.support));
            }
        }
    }
}
