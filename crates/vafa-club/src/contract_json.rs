//! Test only: the JSON every output serializes to, against the keys of the contract.
//!
//! A minimal JSON writer over serde (the crate takes no JSON dependency): enough for the
//! structs, maps, sequences, options, strings and integers the outputs are made of.

use std::fmt::{self, Display};

use serde::Serialize;
use serde::ser::{self, Impossible};

#[derive(Debug)]
pub struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `value` as compact JSON.
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut out = String::new();
    value
        .serialize(Writer { out: &mut out })
        .expect("serializable");
    out
}

struct Writer<'a> {
    out: &'a mut String,
}

struct Compound<'a> {
    out: &'a mut String,
    first: bool,
    close: char,
}

impl Compound<'_> {
    fn comma(&mut self) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
    }
}

fn unsupported<T>(what: &str) -> Result<T, Error> {
    Err(Error(format!("{what} is not used by the outputs")))
}

impl<'a> ser::Serializer for Writer<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<(), Error> {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<(), Error> {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<(), Error> {
        self.out.push_str(&v.to_string());
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> Result<(), Error> {
        unsupported("a float")
    }
    fn serialize_f64(self, _: f64) -> Result<(), Error> {
        unsupported("a float")
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.serialize_str(&v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.out.push('"');
        for c in v.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        Ok(())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), Error> {
        unsupported("bytes")
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.out.push_str("null");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.serialize_str(v)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Error> {
        unsupported("a newtype variant")
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push('[');
        Ok(Compound {
            out: self.out,
            first: true,
            close: ']',
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        unsupported("a tuple variant")
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        self.out.push('{');
        Ok(Compound {
            out: self.out,
            first: true,
            close: '}',
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Compound<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        unsupported("a struct variant")
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        self.comma();
        v.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), Error> {
        self.out.push(self.close);
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, v)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> Result<(), Error> {
        self.comma();
        k.serialize(Writer { out: self.out })?;
        self.out.push(':');
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> Result<(), Error> {
        v.serialize(Writer { out: self.out })
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        ser::SerializeMap::serialize_entry(self, key, v)
    }
    fn end(self) -> Result<(), Error> {
        ser::SerializeSeq::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::to_json;
    use crate::lottery::{Entry, EntryList, draw};
    use crate::report::liability::{Lot, LotKind, liability};
    use crate::report::offers::{Eligible, OfferUse, Period, offer_effect};
    use crate::report::products::{Basket, Item, products};
    use crate::report::rfm::{activity, rfm};
    use crate::report::silver::silver;
    use crate::report::summary::{Member, Sale, summary};
    use crate::report::test_data::{d, visit, window};
    use crate::report::visits::{lapsing, return_rate, visit_stats};
    use crate::survey::{Kind, Question, Survey, results};

    #[test]
    fn every_output_has_the_contract_keys() {
        // CONTRACT "Reports and analysis" and "Lotteries and surveys": at least those keys,
        // decimals as strings with their places, money as integer rials.
        let v = [visit("a", 1, 100), visit("a", 5, 300), visit("b", 2, 50)];
        let w = window(1, 40);
        let sales = [Sale {
            day: d(1),
            member: Some("a".into()),
            paid: 90,
            credit_earned: 5,
            credit_redeemed: 10,
            voided: false,
        }];
        let members = [Member {
            id: "a".into(),
            enrolled: d(1),
            credit: 5,
            points: 2,
        }];
        assert_eq!(
            to_json(&summary(&members, &sales, &w)),
            r#"{"members":1,"new_members":1,"active_members":1,"visits":1,"sales":1,"paid":90,"credit_earned":5,"credit_redeemed":10,"credit_outstanding":5,"points_outstanding":2,"guest_sales":0}"#
        );
        assert_eq!(
            to_json(&return_rate(&v, &w, 30)),
            r#"{"within_days":30,"members":2,"returned":1,"rate":"0.5000"}"#
        );
        assert_eq!(
            to_json(&visit_stats(&v, &w)),
            r#"{"members":2,"visits":3,"histogram":[{"visits":1,"members":1},{"visits":2,"members":1}],"gaps":1,"gap_median_days":"4.0","gap_mean_days":"4.00","amount_per_visit":150,"amount_median":100}"#
        );
        assert_eq!(
            to_json(&rfm(&activity(&v, &w), w.to())),
            r#"{"members":[{"id":"a","recency_days":35,"frequency":2,"monetary":400,"r":5,"f":5,"m":5,"segment":"champions"},{"id":"b","recency_days":38,"frequency":1,"monetary":50,"r":3,"f":3,"m":3,"segment":"others"}],"segments":{"at_risk":0,"champions":1,"lost":0,"loyal":0,"new":0,"others":1}}"#
        );
        assert_eq!(
            to_json(&silver(&v, &w)),
            r#"{"active_members":2,"regulars":0,"silver":0,"share":"0.0000","shop_median_basket":100,"members":[]}"#
        );
        let l: Vec<_> = (1..=5).map(|n| visit("c", n * 2, 1)).collect();
        assert_eq!(
            to_json(&lapsing(&l, &w)),
            r#"[{"member":"c","visits":5,"median_gap_days":"2.0","days_since":30,"last_visit":"2026-01-10"}]"#
        );
        let item = |s: &str| Item {
            sku: s.into(),
            category: "c".into(),
            amount: 7,
        };
        assert_eq!(
            to_json(&products(
                &[Basket {
                    items: vec![item("x"), item("y")]
                }],
                1
            )),
            r#"{"sales_with_items":1,"categories":[{"category":"c","sales":1,"amount":14}],"skus":[{"sku":"x","sales":1,"amount":7},{"sku":"y","sales":1,"amount":7}],"pairs":[{"a":"x","b":"y","together":1,"support":"1.0000","confidence":"1.0000","lift":"1.0000"},{"a":"y","b":"x","together":1,"support":"1.0000","confidence":"1.0000","lift":"1.0000"}],"category_pairs":[]}"#
        );
        assert_eq!(
            to_json(&liability(
                &[Lot {
                    kind: LotKind::Gift,
                    remaining: 9,
                    expires: Some(d(3))
                }],
                d(1),
                100
            )),
            r#"{"credit":0,"points":0,"points_value":0,"gift_cards":9,"expiring_30":9,"expiring_90":9,"expiring":[{"days":30,"credit":0,"points":0,"points_value":0,"gift_cards":9,"total":9},{"days":90,"credit":0,"points":0,"points_value":0,"gift_cards":9,"total":9}]}"#
        );
        let e = Eligible {
            received: true,
            before: Period {
                visits: 1,
                spend: 10,
            },
            after: Period {
                visits: 2,
                spend: 30,
            },
        };
        assert_eq!(
            to_json(&offer_effect(
                &OfferUse {
                    id: "o".into(),
                    uses: 1,
                    reward_value: 5,
                    sales_with: 1
                },
                &[e]
            )),
            r#"{"id":"o","uses":1,"members":1,"reward_value":5,"sales_with":1,"comparison_kind":"users_before","comparison":{"members":1,"visits_per_member":"1.00","spend_per_member":10},"users":{"members":1,"visits_per_member":"2.00","spend_per_member":30},"uplift_percent":"200.00","too_small":true}"#
        );
        let list = EntryList::new(vec![Entry {
            member_id: "m".into(),
            tickets: 2,
        }])
        .expect("list");
        assert_eq!(
            to_json(&list),
            r#"{"entries":[{"member_id":"m","tickets":2}],"total":2,"list_hash":"6a1d8565a3e8a6d9235ce9cb75132f21112b51422f3aec2ebee93f0651afb40f"}"#
        );
        assert_eq!(
            to_json(&draw("s", &list, 1).expect("draw")),
            r#"{"seed":"s","commitment":"043a718774c572bd8a25adbeb1bfcd5c0256ae11cecf9f9c3f925d0e52beaf89","list_hash":"6a1d8565a3e8a6d9235ce9cb75132f21112b51422f3aec2ebee93f0651afb40f","winners":[{"member_id":"m","prize":1,"tickets":2}]}"#
        );
        let s = Survey::new(
            "s",
            vec![
                Question {
                    id: "q".into(),
                    kind: Kind::Scale,
                },
                Question {
                    id: "c".into(),
                    kind: Kind::Choice(vec!["x".into()]),
                },
            ],
        )
        .expect("survey");
        let r = s
            .response("m", BTreeMap::new(), &[("q", "4"), ("c", "x")])
            .expect("r");
        assert_eq!(
            to_json(&results(&s, [&r])),
            r#"{"answers":1,"questions":[{"id":"q","answers":1,"mean":"4.00","counts":{"1":0,"2":0,"3":0,"4":1,"5":0}},{"id":"c","answers":1,"mean":null,"counts":{"x":1}}]}"#
        );
    }
}
