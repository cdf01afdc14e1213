//! Money is an integer number of rials. Rates are `rust_decimal`. Every computed amount
//! goes through [`round_down`], the one rounding rule of the program.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::digits::normalize_digits;

/// An amount in rials. Signed so that ledger debits can be represented.
pub type Rials = i64;

/// The largest amount any single figure may take: 10^15 rials (far above any basket),
/// so that sums of thousands of figures can never overflow an i64.
pub const MAX_AMOUNT: Rials = 1_000_000_000_000_000;

/// `percent`% of `base` rials, rounded down to a multiple of `round_to`.
pub fn percent_of(base: Rials, percent: Decimal, round_to: Rials) -> Rials {
    // Exact integer arithmetic on the decimal's mantissa: base × m / 10^(scale + 2),
    // truncated toward zero as `round_down` does. Where that would overflow an i64 (a
    // rate with many decimals, or a huge base), the Decimal definition itself: it is as
    // exact there (an i128 step in between was checked on 5 million near-integer cases
    // and never gave another answer, so it was removed; issue 22).
    let whole = i64::try_from(percent.mantissa())
        .ok()
        .and_then(|m| base.checked_mul(m))
        .zip(10i64.checked_pow(percent.scale() + 2))
        .map(|(p, d)| p / d);
    match whole {
        Some(w) => round_whole_down(w, round_to),
        None => round_down(
            Decimal::from(base) * percent / Decimal::ONE_HUNDRED,
            round_to,
        ),
    }
}

/// The one rounding rule: an exact amount is rounded **down** (toward zero) to a multiple
/// of `round_to` rials (`round_to` ≤ 1 means whole rials).
pub fn round_down(exact: Decimal, round_to: Rials) -> Rials {
    let whole = exact
        .trunc()
        .to_i64()
        .unwrap_or(if exact.is_sign_negative() {
            -MAX_AMOUNT
        } else {
            MAX_AMOUNT
        });
    round_whole_down(whole, round_to)
}

/// The rule itself, on whole rials: down (toward zero) to a multiple of `round_to`.
fn round_whole_down(whole: Rials, round_to: Rials) -> Rials {
    if round_to <= 1 {
        whole
    } else {
        whole - whole % round_to
    }
}

/// Whole points for `paid` rials at one point per `points_per` rials (rounded down).
pub fn points_for(paid: Rials, points_per: Rials) -> i64 {
    if points_per <= 0 || paid <= 0 {
        0
    } else {
        paid / points_per
    }
}

/// Why an amount typed by a person was not accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    NotPositive,
    TooLarge,
}

/// Parses an amount in rials as typed: ASCII, Persian or Arabic-Indic digits, with optional
/// thousands separators (`,` `٬` `_` or spaces). Must be a positive whole number.
pub fn parse_rials(text: &str) -> Result<Rials, AmountError> {
    let cleaned: String = normalize_digits(text.trim())
        .chars()
        .filter(|c| !matches!(c, ',' | '٬' | '_' | ' ' | '\u{202F}'))
        .collect();
    if cleaned.is_empty() {
        return Err(AmountError::Empty);
    }
    let (neg, digits) = match cleaned.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, cleaned.as_str()),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    if neg {
        return Err(AmountError::NotPositive);
    }
    let v: Rials = digits.parse().map_err(|_| AmountError::TooLarge)?;
    if v == 0 {
        return Err(AmountError::NotPositive);
    }
    if v > MAX_AMOUNT {
        return Err(AmountError::TooLarge);
    }
    Ok(v)
}

/// Groups digits in threes: `6000000` → `6,000,000`.
pub fn group_thousands(v: Rials, sep: char) -> String {
    let s = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).expect("test literal")
    }

    #[test]
    fn rounds_down_to_the_unit() {
        assert_eq!(percent_of(6_000_000, dec("25"), 1000), 1_500_000);
        assert_eq!(percent_of(1_234_567, dec("5"), 1000), 61_000); // 61,728.35 → 61,000
        assert_eq!(percent_of(1_234_567, dec("5"), 1), 61_728);
        assert_eq!(percent_of(999, dec("100"), 1000), 0);
        assert_eq!(percent_of(100_000, dec("7.5"), 1000), 7_000);
        assert_eq!(round_down(dec("1999.999"), 1000), 1000);
    }

    proptest::proptest! {
        #[test]
        fn percent_of_is_the_decimal_definition(
            base in 0..MAX_AMOUNT,
            mantissa in 0..100_000i64,
            scale in 0..4u32,
            round_to in proptest::sample::select(vec![1i64, 10, 500, 1000, 10_000]),
        ) {
            let p = Decimal::new(mantissa, scale);
            let by_definition = round_down(Decimal::from(base) * p / Decimal::ONE_HUNDRED, round_to);
            proptest::prop_assert_eq!(percent_of(base, p, round_to), by_definition);
        }
    }

    #[test]
    fn points_are_whole() {
        assert_eq!(points_for(6_000_000, 10_000), 600);
        assert_eq!(points_for(9_999, 10_000), 0);
        assert_eq!(points_for(9_999, 0), 0);
    }

    #[test]
    fn parses_amounts_as_typed() {
        assert_eq!(parse_rials("6,000,000"), Ok(6_000_000));
        assert_eq!(parse_rials("۶۰۰۰۰۰۰"), Ok(6_000_000));
        assert_eq!(parse_rials("٦٬٠٠٠"), Ok(6_000));
        assert_eq!(parse_rials("0"), Err(AmountError::NotPositive));
        assert_eq!(parse_rials("-5"), Err(AmountError::NotPositive));
        assert_eq!(parse_rials("12a"), Err(AmountError::NotANumber));
        assert_eq!(parse_rials("1.5"), Err(AmountError::NotANumber));
        assert_eq!(parse_rials(""), Err(AmountError::Empty));
        assert_eq!(
            parse_rials("99999999999999999999"),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(6_000_000, ','), "6,000,000");
        assert_eq!(group_thousands(100, ','), "100");
        assert_eq!(group_thousands(-1000, ','), "-1,000");
    }

    #[test]
    fn a_rate_too_precise_for_i64_takes_the_decimal_way() {
        // 5.0000000000000000000001 % has a mantissa beyond i64: the exact Decimal rule.
        let p = dec("5.0000000000000000000001");
        assert_eq!(percent_of(1_000_000, p, 1), 50_000);
        assert_eq!(percent_of(1_234_567, p, 1000), 61_000);
        assert_eq!(
            percent_of(MAX_AMOUNT, dec("12.345678"), 1),
            123_456_780_000_000,
            "base × mantissa past i64"
        );
    }

    #[test]
    fn a_huge_amount_is_clamped_to_the_largest_with_its_sign() {
        assert_eq!(round_down(dec("1e25"), 1), MAX_AMOUNT);
        assert_eq!(round_down(dec("-1e25"), 1), -MAX_AMOUNT);
        assert_eq!(round_down(dec("-1999.9"), 1000), -1000, "toward zero");
    }

    #[test]
    fn the_largest_amount_is_accepted_and_one_more_is_not() {
        assert_eq!(parse_rials("1000000000000000"), Ok(MAX_AMOUNT));
        assert_eq!(parse_rials("999999999999999"), Ok(MAX_AMOUNT - 1));
        assert_eq!(parse_rials("1000000000000001"), Err(AmountError::TooLarge));
    }

    #[test]
    fn zero_has_no_sign() {
        assert_eq!(group_thousands(0, ','), "0");
        assert_eq!(group_thousands(-1, '٬'), "-1");
        assert_eq!(group_thousands(999_999, '٬'), "999٬999");
    }
}
