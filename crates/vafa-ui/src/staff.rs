//! Who may use the till, through the staff accounts of the service layer (issue 7):
//! `Vafa::has_staff`, `user_add`, `login` and `act_as`. Every later service call is
//! permission-checked as the person signed in here.

use vafa_core::error::Result;
use vafa_core::staff::Role;
use vafa_service::{Actor, Vafa};

/// Names of the active staff, for the sign-in screen's quick choice.
pub fn names(v: &Vafa) -> Vec<String> {
    v.staff_names().unwrap_or_default()
}

/// Whether anyone can sign in yet.
pub fn has_staff(v: &Vafa) -> Result<bool> {
    v.has_staff()
}

/// Creates the shop's first account, an administrator (the first start, or a shop made on
/// the command line).
pub fn add_first(v: &mut Vafa, name: &str, pin: &str) -> Result<()> {
    v.user_add(name, Role::Admin, pin).map(|_| ())
}

/// Signs in: from now on the till acts as this person. Returns the name and role shown in
/// the status bar.
pub fn login(v: &mut Vafa, name: &str, pin: &str) -> Result<(String, Role)> {
    let actor: Actor = v.login(name, pin)?;
    let shown = (actor.name.clone(), actor.role);
    v.act_as(actor);
    Ok(shown)
}
