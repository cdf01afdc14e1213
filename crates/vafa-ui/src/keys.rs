//! The app's side of the key guard ([`super::keyguard`]) and of card reads: a card read is
//! always a card, never text in a field, whichever screen and field has focus and whether it
//! came from a keyboard-wedge burst or a serial/HID reader.

use iced::Task;
use iced::keyboard::{Key, key::Named};
use iced::widget::operation;

use vafa_devices::CardRead;
use vafa_text::Say;
use vafa_text::i18n::{S, tr};

use super::app::{App, Message, Phase, Screen};
use super::keyguard::{Guarded, KeyPress};
use super::screen::start::SetupMessage;
use super::screen::{enrol, member, till, void};

impl App {
    /// Every text field of every screen, in a fixed order (a snapshot is a copy of them).
    fn texts(&mut self) -> Vec<&mut String> {
        let mut all: Vec<&mut String> = Vec::new();
        match &mut self.phase {
            Phase::Setup(s) => all.extend([
                &mut s.shop,
                &mut s.branch,
                &mut s.branch_name,
                &mut s.manager,
                &mut s.pin,
                &mut s.pin2,
            ]),
            Phase::Login(l) => all.extend([&mut l.name, &mut l.pin]),
            _ => {}
        }
        let (t, e, m, o) = (
            &mut self.till,
            &mut self.enrol,
            &mut self.members,
            &mut self.offers,
        );
        all.extend([&mut t.lookup, &mut t.amount, &mut t.redeem_amount]);
        all.extend([
            &mut e.first,
            &mut e.last,
            &mut e.mobile,
            &mut e.birth,
            &mut e.anniversary,
            &mut e.referrer,
            &mut e.card,
        ]);
        all.extend([&mut m.query, &mut m.block_reason, &mut m.new_card]);
        all.extend([&mut o.path, &mut o.who, &mut o.amount]);
        // The offer form and the membership rule, while they are open.
        if let Some(f) = o.form.as_mut() {
            all.extend(f.values.iter_mut());
            all.extend([&mut f.who, &mut f.amount]);
        }
        all.extend(self.club.texts());
        all.push(&mut self.settings.spec);
        if let Some(min) = self.settings.min_purchase.as_mut() {
            all.push(min);
        }
        let vd = &mut self.void;
        all.extend([
            &mut vd.receipt,
            &mut vd.reason,
            &mut vd.supervisor,
            &mut vd.supervisor_pin,
        ]);
        all
    }

    pub(crate) fn guarded(&mut self, g: Guarded) -> Task<Message> {
        match g {
            Guarded::Mark => {
                // The membership rule's field shows the saved value until typed in: held
                // as text from here, so that the burst's first key cannot add a field.
                if self.settings.min_purchase.is_none() {
                    let lang = self.lang();
                    if let Some(v) = &self.vafa {
                        let shown = super::screen::membership::shown(v, lang);
                        self.settings.min_purchase = Some(shown);
                    }
                }
                let snapshot = self.texts().into_iter().map(|s| s.clone()).collect();
                self.snapshot = Some(snapshot);
                Task::none()
            }
            Guarded::Scan(s) => {
                self.undo_burst();
                match vafa_devices::typed_card(&s, self.wedge_profile.as_deref()) {
                    Ok(read) => self.card_read("keyboard", read),
                    Err(e) => {
                        let lang = self.lang();
                        self.refuse_card(vafa_core::error::Error::from(e).say(lang));
                        Task::none()
                    }
                }
            }
            Guarded::Key(k) => self.key(k),
        }
    }

    /// Puts every field back as it was before the burst began: the focused field keeps
    /// what a person typed and never holds the card's characters.
    fn undo_burst(&mut self) {
        let Some(snapshot) = self.snapshot.take() else {
            return;
        };
        let mut fields = self.texts();
        if fields.len() == snapshot.len() {
            for (field, was) in fields.iter_mut().zip(snapshot) {
                **field = was;
            }
        }
        let lang = self.lang();
        if let Some(v) = self.vafa.as_mut() {
            self.till.refresh_preview(v, lang);
            self.enrol.check_duplicate(v);
        }
    }

    /// A card read where no card is used: said on the screen, nothing else changes.
    fn refuse_card(&mut self, why: String) {
        match &mut self.phase {
            Phase::Setup(s) => s.error = Some(why),
            Phase::Login(l) => l.error = Some(why),
            Phase::Failed(_) => {}
            Phase::Main => match self.screen {
                Screen::Enrol => self.enrol.error = Some(why),
                Screen::Members => self.members.error = Some(why),
                Screen::Offers => self.offers.error = Some(why),
                Screen::Settings => self.settings.error = Some(why),
                Screen::Void => self.void.error = Some(why),
                Screen::Till => self.till.error = Some(why),
                Screen::Club => self.club.refuse(why),
            },
        }
    }

    /// A card from a reader or a keyboard-wedge burst.
    pub fn card_read(&mut self, reader: &str, read: CardRead) -> Task<Message> {
        self.settings.last_read = Some((reader.to_string(), read.clone()));
        let lang = self.lang();
        if !matches!(self.phase, Phase::Main) {
            self.refuse_card(tr(lang, S::CardNotNow).to_string());
            return Task::none();
        }
        if matches!(self.screen, Screen::Till | Screen::Offers) {
            self.offer_card_to_pos(&read);
        }
        let Some(v) = self.vafa.as_mut() else {
            return Task::none();
        };
        match self.screen {
            Screen::Enrol => {
                self.enrol.card_read(v, &read.card);
                Task::none()
            }
            Screen::Members => {
                self.members.card_read(v, &read.card, lang);
                Task::none()
            }
            Screen::Club => {
                self.club.card_read(v, &read.card, lang);
                Task::none()
            }
            Screen::Settings | Screen::Void => Task::none(),
            Screen::Till | Screen::Offers => {
                self.screen = Screen::Till;
                self.till.card(v, &read, lang).map(Message::Till)
            }
        }
    }

    pub(crate) fn key(&mut self, k: KeyPress) -> Task<Message> {
        match &k.key {
            Key::Named(Named::F1) => return self.go(Screen::Till),
            // F2 on the till with a mobile nobody has: enrol it (the mobile filled in).
            Key::Named(Named::F2) if self.till_has_unknown_mobile() => {
                return self.update(Message::Till(till::Message::EnrolCard));
            }
            Key::Named(Named::F2) => return self.go(Screen::Enrol),
            Key::Named(Named::F3) => return self.go(Screen::Members),
            Key::Named(Named::F4) => return self.go(Screen::Offers),
            Key::Named(Named::F5) => return self.go(Screen::Settings),
            Key::Named(Named::F6) if matches!(self.screen, Screen::Till) => {
                return self.update(Message::Till(till::Message::EndOfDay));
            }
            Key::Named(Named::F7) if matches!(self.screen, Screen::Till) => {
                return self.update(Message::Till(till::Message::Print));
            }
            Key::Named(Named::F8) if matches!(self.phase, Phase::Main) => return self.void_last(),
            Key::Named(Named::F9) if matches!(self.phase, Phase::Main) => {
                return self.update(Message::Lock);
            }
            Key::Named(Named::F10) if matches!(self.phase, Phase::Main) => {
                self.screen = Screen::Till;
                return self.update(Message::Till(till::Message::Guest));
            }
            Key::Named(Named::F11) => return self.update(Message::CustomerDisplay),
            Key::Named(Named::F12) => return self.update(Message::ToggleLang),
            Key::Named(Named::Escape) if matches!(&self.phase, Phase::Setup(s) if s.form) => {
                return self.update(Message::Setup(SetupMessage::Form(false)));
            }
            Key::Named(Named::Escape) => return self.escape(),
            // Tab walks the fields (of a form without a mouse).
            // Tab from the amount reaches the credit amount: it turns "pay with credit" on.
            Key::Named(Named::Tab) if !k.shift && self.till_offers_credit() => {
                return self.update(Message::Till(till::Message::RedeemToggled(true)));
            }
            // The key guard has moved the keys already (`captured`); a Tab from elsewhere
            // (a test's key, a key the guard did not see) moves them here.
            Key::Named(Named::Tab) if k.shift && !k.captured => return operation::focus_previous(),
            Key::Named(Named::Tab) if !k.captured => return operation::focus_next(),
            _ => {}
        }
        if k.captured {
            return Task::none();
        }
        let lang = self.lang();
        if let (Phase::Main, Screen::Club, Some(v)) = (&self.phase, self.screen, self.vafa.as_mut())
            && self.club.key(&k.key, k.text.as_deref(), v, lang)
        {
            return Task::none();
        }
        if matches!(k.key, Key::Named(Named::Enter)) {
            return match &self.phase {
                Phase::Main => self.enter(),
                // Enter submits the set-up form from any field; Esc goes back.
                Phase::Setup(s) if s.form => self.update(Message::Setup(SetupMessage::Create)),
                _ => Task::none(),
            };
        }
        Task::none()
    }

    /// A member with credit is on the till and "pay with credit" is off.
    fn till_offers_credit(&self) -> bool {
        matches!(self.phase, Phase::Main)
            && self.screen == Screen::Till
            && !self.till.redeem
            && self.till.switch.is_none()
            && matches!(&self.till.stage, till::Stage::Member(m) if m.balance.credit > 0)
    }

    /// The till is idle and says the mobile typed in its lookup is nobody's.
    fn till_has_unknown_mobile(&self) -> bool {
        matches!(self.phase, Phase::Main)
            && self.screen == Screen::Till
            && self.till.is_idle()
            && self.till.error.is_some()
            && vafa_core::phone::parse_mobile(&self.till.lookup).is_some()
    }

    /// F8: the void screen on this branch's last sale.
    pub(crate) fn void_last(&mut self) -> Task<Message> {
        let lang = self.lang();
        let Some(v) = &self.vafa else {
            return Task::none();
        };
        self.void = void::State::last(v, lang);
        self.go(Screen::Void)
    }

    fn enter(&mut self) -> Task<Message> {
        let lang = self.lang();
        let Some(v) = self.vafa.as_mut() else {
            return Task::none();
        };
        match self.screen {
            // Enter on an unknown card enrols it.
            Screen::Till if matches!(self.till.stage, till::Stage::UnknownCard(_)) => {
                self.update(Message::Till(till::Message::EnrolCard))
            }
            // Enter on a blocked card opens its owner (to replace it).
            Screen::Till if matches!(self.till.stage, till::Stage::Blocked { .. }) => {
                self.update(Message::Till(till::Message::OpenOwner))
            }
            Screen::Till => self.till.confirm(v, lang).map(Message::Till),
            Screen::Enrol => self.update(Message::Enrol(enrol::Message::Save)),
            Screen::Void => self.update(Message::Void(void::Message::Confirm)),
            Screen::Members if self.members.confirm_block.is_some() => {
                self.update(Message::Members(member::Message::ConfirmBlock))
            }
            _ => Task::none(),
        }
    }

    fn escape(&mut self) -> Task<Message> {
        match self.screen {
            Screen::Till => self.update(Message::Till(till::Message::Cancel)),
            Screen::Enrol => self.update(Message::Enrol(enrol::Message::Cancel)),
            Screen::Members if self.members.confirm_block.is_some() => {
                self.update(Message::Members(member::Message::CancelBlock))
            }
            Screen::Members => self.update(Message::Members(member::Message::Close)),
            Screen::Void => self.update(Message::Void(void::Message::Cancel)),
            Screen::Offers | Screen::Settings | Screen::Club => self.go(Screen::Till),
        }
    }
}
