//! Which input a person gave was wrong, as data. Each front names it its own way: the
//! command line by its flag (`--amount`), the till window by the field's label
//! (`vafa_text::field::label`).

/// One input of a use case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A sale's gross total.
    Amount,
    /// Credit to spend on a sale.
    Redeem,
    /// When a sale happened.
    At,
    /// A client-made sale id.
    SaleId,
    /// Who is buying: a card, a mobile, a member or a guest.
    Customer,
    Card,
    Mobile,
    FirstName,
    LastName,
    BirthDate,
    Anniversary,
    Gender,
    /// The mobile of the member who introduced this one.
    Referrer,
    /// A shop-defined member field (`KEY=VALUE`).
    CustomField,
    /// Text to find members by.
    Search,
    ShopName,
    BranchCode,
    BranchName,
    /// How money is shown: toman or rial.
    Unit,
    Lang,
    /// Head office's address.
    HqUrl,
    /// A private certificate authority for head office.
    HqCa,
    /// A staff member's name.
    StaffName,
    Role,
    Reason,
    /// A manual adjustment of credit.
    Credit,
    /// A manual adjustment of points.
    Points,
    /// A manual adjustment: credit or points.
    Adjustment,
    /// From which day (a report, the audit trail).
    Since,
    /// What to export: members, sales or the ledger.
    Export,
    /// A saved card reader.
    Reader,
    /// An offer, by id.
    Offer,
    /// A report's first day.
    WindowFrom,
    /// A report's last day.
    WindowTo,
    /// The days a member has to come back in (return rate).
    Within,
    /// The file a report is written to.
    OutFile,
    /// The day an end-of-day close is for.
    Day,
    /// A receipt printer's paper width.
    Paper,
    /// A lottery's or a survey's id.
    ClubId,
    /// A lottery's name.
    LotteryName,
    /// Rials per lottery ticket.
    Per,
    /// The visits a member needs to take part.
    MinVisits,
    /// The tiers that take part.
    Tiers,
    /// How many prizes are drawn.
    Winners,
    /// How many members to list.
    Limit,
    /// A note on a survey call.
    Note,
    /// A member's consent to SMS (`on` / `off`).
    Sms,
    /// A gift card paying for a sale (`NUMBER[:RIALS]`).
    Gift,
    /// A gift card's last day.
    Expires,
    /// A card's kind (`member`, `discount`, a design).
    CardKind,
    /// A campaign's members: an RFM segment, `lapsing` or `birthdays`.
    Segment,
    /// An SMS template, by name.
    Template,
    /// A campaign's budget in rials.
    Budget,
}
