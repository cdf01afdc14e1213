//! The membership rule on the till (`[membership] min_purchase`, SPEC R2): a guest sale
//! that reaches the minimum offers enrolment on its result; the form opens, and once the
//! member is enrolled the service counts that sale for them (`attach_guest_sale`: a visit,
//! the spend, the cashback; once).

use iced::Element;
use iced::widget::{column, container};

use super::{Message, Stage, State};
use crate::bidi::{start, t};
use crate::theme;
use crate::widget::primary_button;
use vafa_core::lang::Lang;
use vafa_service::{MemberView, Vafa};
use vafa_text::Say;
use vafa_text::membership::{Word, word};

/// The offer under a guest sale's result, when it reached the minimum.
pub fn offer<'a>(lang: Lang, state: &State) -> Option<Element<'a, Message>> {
    state.join.as_ref()?;
    Some(
        container(
            column![
                start(lang, t(word(lang, Word::OfferEnrol)).size(theme::TEXT)),
                start(
                    lang,
                    primary_button(word(lang, Word::EnrolForSale), Some(Message::EnrolForSale))
                ),
            ]
            .spacing(8),
        )
        .padding(12)
        .into(),
    )
}

impl State {
    /// After a sale: the guest sale's id when its result offers enrolment.
    pub(super) fn join_offer(&mut self, v: &Vafa) {
        self.join = match &self.stage {
            Stage::Done { result, .. } if v.offers_enrolment(result) => result.sale_id.clone(),
            _ => None,
        };
    }

    /// A member was enrolled from this sale's offer: the sale is counted for them, and
    /// their result is shown (or why not).
    pub fn counted_for(&mut self, v: &mut Vafa, sale_id: &str, member: MemberView, lang: Lang) {
        self.reset();
        match v.attach_guest_sale(sale_id, &member.id) {
            Ok(result) => {
                let view = v.member_view(&member.id).unwrap_or(member);
                self.last_sale = result.sale_id.clone();
                self.stage = Stage::Done {
                    result: Box::new(result),
                    member: Some(Box::new(view)),
                    at: std::time::Instant::now(),
                };
                self.notice = Some(word(lang, Word::Counted).to_string());
            }
            Err(e) => {
                self.error = Some(e.say(lang));
                self.stage = Stage::Member(Box::new(member));
            }
        }
    }
}
