//! Who may use the till. TEMPORARY until staff accounts (issue 7) land on main: one
//! manager account whose PIN is kept, salted and hashed, under the settings key
//! [`TEMP_PIN_KEY`]. Everything the window asks about staff goes through these three
//! functions, so wiring `Vafa::has_staff` / `user_add` / `login` is a change here only.

use std::hash::{Hash, Hasher};

use crate::domain::digits::normalize_digits;
use crate::error::{Error, Result, Why};
use crate::service::Vafa;
use crate::store;

/// The settings key of the temporary single-manager PIN.
pub const TEMP_PIN_KEY: &str = "ui_temporary_manager_pin";
/// The name the temporary manager account signs in as.
pub const MANAGER: &str = "manager";

fn digest(salt: &str, pin: &str) -> String {
    // Not a password hash: a stop-gap until staff accounts store PINs properly.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (salt, pin).hash(&mut h);
    format!("{:016x}", h.finish())
}

/// Whether the shop has anyone who can sign in.
pub fn has_staff(v: &Vafa) -> Result<bool> {
    Ok(store::settings::get(v.conn(), TEMP_PIN_KEY)?.is_some())
}

/// A PIN as a person typed it: 4 to 8 digits, in any script.
pub fn check_pin(pin: &str) -> Result<String> {
    let p = normalize_digits(pin.trim());
    if (4..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()) {
        Ok(p)
    } else {
        Err(Error::Invalid {
            field: "PIN".into(),
            value: String::new(),
            why: Why::BadChars,
        })
    }
}

/// Creates the first (manager) account.
pub fn add_first(v: &mut Vafa, pin: &str) -> Result<()> {
    let pin = check_pin(pin)?;
    let salt = uuid::Uuid::now_v7().simple().to_string();
    let now = v.now_utc().to_rfc3339();
    let value = format!("{salt}:{}", digest(&salt, &pin));
    store::settings::put(v.conn(), TEMP_PIN_KEY, &value, &now)
}

/// Signs in; `Ok(name)` on the right PIN.
pub fn login(v: &Vafa, pin: &str) -> Result<Option<String>> {
    let Ok(pin) = check_pin(pin) else {
        return Ok(None);
    };
    let Some(stored) = store::settings::get(v.conn(), TEMP_PIN_KEY)? else {
        return Ok(None);
    };
    let (salt, want) = stored.split_once(':').unwrap_or(("", stored.as_str()));
    Ok((digest(salt, &pin) == want).then(|| MANAGER.to_string()))
}
