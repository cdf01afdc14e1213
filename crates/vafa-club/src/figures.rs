//! The arithmetic every published figure goes through: one rounding rule, guarded division.
//!
//! **The rule.** Every rate, share, mean or percentage is the exact quotient of two integers
//! rounded **toward zero** to a fixed number of places and padded to exactly that many
//! (`2/3` at 4 places is `0.6666`, `1` is `1.0000`, `-2/3` at 2 places is `-0.66`). It is the
//! program's money rule (`money::round_down`) applied to decimals, and it has a property people
//! rely on: `1.0000` means "all of them" and `0.0000` means "none" — never a rounding artefact.
//! Money averages are rounded the same way, to whole rials ([`average_rials`]).
//!
//! **Guards.** A division by zero gives zero (an empty shop has zero rates, never a panic).
//!
//! **Bounds.** The quotient is computed by integer long division on `u128`, so it is exact
//! for every numerator and every denominator below 2^124 (the largest denominator any report
//! forms is a money sum times a member count, below 2^63 × 2^32 = 2^95). A quotient too large
//! for a `Decimal` (|value| × 10^places ≥ 2^96), or a denominator above the bound, saturates
//! to `±Decimal::MAX`; no figure of a shop comes near either.

use rust_decimal::Decimal;

/// Places of a rate or share (`"0.6000"`): return rate, support, confidence, lift, silver share.
pub const RATE_PLACES: u32 = 4;

/// Places of a mean or a percentage (`"3.50"`): survey means, gaps, visits per member, uplift.
pub const MEAN_PLACES: u32 = 2;

/// Zero written with `places` places (`0.0000`).
pub fn zero(places: u32) -> Decimal {
    Decimal::new(0, places)
}

/// `num / den` rounded toward zero to `places` places (at most 28), exactly; zero when
/// `den` is zero.
pub fn ratio(num: i128, den: i128, places: u32) -> Decimal {
    if den == 0 {
        return zero(places);
    }
    // The signs differ when the sign bit of their xor is set.
    let negative = (num ^ den) < 0;
    let d = den.unsigned_abs();
    let mut mantissa = num.unsigned_abs() / d;
    let mut rem = num.unsigned_abs() % d;
    for _ in 0..places {
        let step = mantissa
            .checked_mul(10)
            .zip(rem.checked_mul(10))
            .and_then(|(m, r)| Some((m.checked_add(r / d)?, r % d)));
        match step {
            Some((m, r)) => (mantissa, rem) = (m, r),
            None => return saturated(negative),
        }
    }
    match i128::try_from(mantissa).map(|m| Decimal::try_from_i128_with_scale(m, places)) {
        Ok(Ok(mut x)) => {
            // A negative quotient that truncates to zero is zero, not "-0.0000".
            x.set_sign_negative(negative && mantissa != 0);
            x
        }
        _ => saturated(negative),
    }
}

fn saturated(negative: bool) -> Decimal {
    if negative { Decimal::MIN } else { Decimal::MAX }
}

/// The average of `count` money figures summing to `sum`: rounded toward zero to whole
/// rials (`money::round_down` with `round_to` = 1); zero when `count` is zero. Saturates at
/// the bounds of `i64`, which a quotient of an `i128` sum could only pass with a sum beyond
/// 2^63 rials.
pub fn average_rials(sum: i128, count: u64) -> i64 {
    if count == 0 {
        return 0;
    }
    let q = sum / i128::from(count);
    q.clamp(i64::MIN.into(), i64::MAX.into()) as i64
}

/// Twice the median of `sorted` (ascending), so that the median of an even count — the mean
/// of the two middle values — stays an exact integer; zero for no values.
pub fn twice_median(sorted: &[i64]) -> i128 {
    let n = sorted.len();
    if n == 0 {
        return 0;
    }
    let hi = i128::from(sorted[n / 2]);
    if n % 2 == 1 {
        2 * hi
    } else {
        i128::from(sorted[n / 2 - 1]) + hi
    }
}

/// A median given as twice its value, as a decimal with one place (`7` → `3.5`, `6` → `3.0`).
pub fn half(twice: i128) -> Decimal {
    ratio(twice, 2, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().expect("test literal")
    }

    #[test]
    fn rounds_toward_zero_and_pads() {
        // 2/3 = 0.666666… → 0.6666 (not 0.6667): toward zero.
        assert_eq!(ratio(2, 3, 4).to_string(), "0.6666");
        assert_eq!(ratio(-2, 3, 2).to_string(), "-0.66");
        assert_eq!(ratio(2, -3, 2).to_string(), "-0.66");
        assert_eq!(ratio(-2, -3, 2).to_string(), "0.66");
        assert_eq!(ratio(3, 5, 4).to_string(), "0.6000");
        assert_eq!(ratio(5, 5, 4).to_string(), "1.0000");
        // 9,999/10,000 = 0.9999; 99,999/100,000 = 0.99999 → 0.9999, never 1.0000.
        assert_eq!(ratio(9_999, 10_000, 4).to_string(), "0.9999");
        assert_eq!(ratio(99_999, 100_000, 4).to_string(), "0.9999");
        // 1/100,000 = 0.00001 → 0.0000: "none" only by truncation of a tiny share.
        assert_eq!(ratio(1, 100_000, 4).to_string(), "0.0000");
        assert_eq!(ratio(1, 10_000, 4).to_string(), "0.0001");
        // A tiny negative share truncates to zero, written without a sign.
        assert_eq!(ratio(-1, 100_000, 4).to_string(), "0.0000");
        assert_eq!(ratio(1, -100_000, 4).to_string(), "0.0000");
        assert_eq!(ratio(0, -3, 4).to_string(), "0.0000");
        assert_eq!(ratio(0, 3, 4).to_string(), "0.0000");
        assert_eq!(ratio(-3, -3, 2).to_string(), "1.00");
        assert_eq!(ratio(-7, 7, 2).to_string(), "-1.00");
        // 17/4 = 4.25; at 0 places 4.
        assert_eq!(ratio(17, 4, 0).to_string(), "4");
        assert_eq!(ratio(17, 4, 2).to_string(), "4.25");
        // 1234/7 = 176.285714… → 176.2857
        assert_eq!(ratio(1234, 7, 4), d("176.2857"));
    }

    #[test]
    fn division_by_zero_is_zero() {
        assert_eq!(ratio(5, 0, 4).to_string(), "0.0000");
        assert_eq!(ratio(0, 0, 2).to_string(), "0.00");
        assert_eq!(zero(4).to_string(), "0.0000");
        assert_eq!(average_rials(1_000, 0), 0);
    }

    #[test]
    fn saturates_beyond_its_bounds() {
        // The quotient does not fit a Decimal's 96-bit mantissa.
        assert_eq!(ratio(i128::MAX, 1, 0), Decimal::MAX);
        assert_eq!(ratio(i128::MIN + 1, 1, 0), Decimal::MIN);
        // It fits u128 but not i128.
        assert_eq!(ratio(i128::MIN, 1, 0), Decimal::MIN);
        // The mantissa times ten overflows u128 (a quotient of 2^127 − 1 at 1 place).
        assert_eq!(ratio(i128::MAX, 1, 1), Decimal::MAX);
        assert_eq!(ratio(-i128::MAX, 1, 1), Decimal::MIN);
        // The remainder times ten overflows u128: a denominator above the 2^124 bound.
        assert_eq!(ratio(i128::MAX - 1, i128::MAX, 1), Decimal::MAX);
        // Largest exact case near the bounds: (2^96 − 1) / 1 at 0 places.
        let m = (1i128 << 96) - 1;
        assert_eq!(ratio(m, 1, 0), Decimal::from_i128_with_scale(m, 0));
        assert_eq!(ratio(1i128 << 96, 1, 0), Decimal::MAX);
    }

    #[test]
    fn the_digit_step_adds_without_overflow() {
        // big = u128::MAX / 10 = 34028236692093846346337460743176821145.
        // (3 × big + 2) / 3 = big rem 2: the mantissa × 10 is …450 (fits u128, whose max is
        // …455), the next digit is 20 / 3 = 6, and …450 + 6 overflows: saturates.
        let big = i128::try_from(u128::MAX / 10).expect("fits");
        assert_eq!(ratio(3 * big + 2, 3, 1), Decimal::MAX);
        // big / 1 at one place: …450 fits u128 but not i128: saturates too.
        assert_eq!(ratio(big, 1, 1), Decimal::MAX);
        assert_eq!(ratio(-big, 1, 1), Decimal::MIN);
    }

    #[test]
    fn money_averages_round_toward_zero() {
        // 10,000 / 3 = 3,333.33 → 3,333 rials
        assert_eq!(average_rials(10_000, 3), 3_333);
        assert_eq!(average_rials(-10_000, 3), -3_333);
        assert_eq!(average_rials(9, 10), 0);
        assert_eq!(average_rials(10, 10), 1);
        assert_eq!(average_rials(i128::MAX, 1), i64::MAX);
        assert_eq!(average_rials(i128::MIN, 1), i64::MIN);
        assert_eq!(average_rials(i128::from(i64::MAX), 1), i64::MAX);
        assert_eq!(average_rials(i128::from(i64::MIN), 1), i64::MIN);
    }

    #[test]
    fn medians() {
        assert_eq!(twice_median(&[]), 0);
        assert_eq!(twice_median(&[4]), 8);
        // [1, 3, 8]: the middle is 3 → twice 6
        assert_eq!(twice_median(&[1, 3, 8]), 6);
        // [1, 3, 4, 9]: (3 + 4) / 2 = 3.5 → twice 7
        assert_eq!(twice_median(&[1, 3, 4, 9]), 7);
        assert_eq!(half(7).to_string(), "3.5");
        assert_eq!(half(6).to_string(), "3.0");
    }

    proptest::proptest! {
        #[test]
        fn ratio_is_the_truncated_decimal_quotient(
            num in -1_000_000_000_000i64..1_000_000_000_000,
            den in -1_000_000i64..1_000_000,
            places in 0u32..6,
        ) {
            let got = ratio(num.into(), den.into(), places);
            if den == 0 {
                proptest::prop_assert_eq!(got, zero(places));
            } else {
                // |got| ≤ |num/den| < |got| + 10^-places, and got has the sign of num/den.
                let exact = Decimal::from(num) / Decimal::from(den);
                let ulp = Decimal::new(1, places);
                proptest::prop_assert!(got.abs() * Decimal::from(den.abs()) <= Decimal::from(num.abs()));
                proptest::prop_assert!((got.abs() + ulp) * Decimal::from(den.abs()) > Decimal::from(num.abs()));
                proptest::prop_assert!(got.is_zero() || got.is_sign_negative() == exact.is_sign_negative());
                proptest::prop_assert_eq!(got.scale(), places);
            }
        }
    }
}
