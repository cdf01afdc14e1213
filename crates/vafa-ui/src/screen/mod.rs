//! The screens, each a self-contained module: `State`, `Message`, `update`, `view`.

pub mod club;
pub mod customer;
pub mod enrol;
pub mod member;
pub mod membership;
pub mod offer_form;
pub mod offers;
pub mod settings;
pub mod start;
pub mod till;
pub mod void;
