//! Head office's clock.

use chrono::{DateTime, Utc};

/// Head office's clock, to the second: the real one, or the time `VAFA_NOW` fixes (tests
/// and demonstrations, as on the till), so that one run never mixes two clocks.
pub fn now_utc() -> DateTime<Utc> {
    static FIXED: std::sync::OnceLock<Option<DateTime<Utc>>> = std::sync::OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        std::env::var("VAFA_NOW")
            .ok()
            .and_then(|t| vafa_core::calendar::parse_time(&t))
            .map(|t| t.with_timezone(&Utc))
    });
    let t = fixed.unwrap_or_else(Utc::now);
    chrono::Timelike::with_nanosecond(&t, 0).unwrap_or(t)
}

/// [`now_utc`] as RFC 3339.
pub fn now() -> String {
    now_utc().to_rfc3339()
}
