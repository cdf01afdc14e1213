-- Gift cards and card kinds (issue 18). A card's kind is set when it is issued: `member`
-- (every card before this schema), `discount` or a design name. A gift card is stored value
-- on a card, not on a member: its own row, and its own account in an append-only ledger
-- keyed by the card (loads add, redemptions and expiries take away, a void writes the exact
-- reverse, a replacement moves the balance in a pair of `transfer` entries). Nothing is
-- deleted: what an expiry takes stays as breakage.
ALTER TABLE cards ADD COLUMN kind TEXT NOT NULL DEFAULT 'member';

CREATE TABLE gift_cards (
    number      TEXT PRIMARY KEY,
    status      TEXT NOT NULL CHECK (status IN ('active', 'blocked')),
    reason      TEXT,
    replaced_by TEXT,
    -- The last local day it may be spent (YYYY-MM-DD); NULL: it never expires.
    expires     TEXT,
    -- Bought for (given to) a member; NULL: whoever holds it.
    member_id   TEXT REFERENCES members(id),
    -- Where it was sold (the owner its value is owed by).
    branch      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE gift_ledger (
    seq      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    card     TEXT NOT NULL REFERENCES gift_cards(number),
    amount   INTEGER NOT NULL CHECK (amount <> 0),
    kind     TEXT NOT NULL CHECK (kind IN ('load', 'redeem', 'void', 'expire', 'transfer')),
    sale_id  TEXT REFERENCES sales(id),
    branch   TEXT NOT NULL,
    at       TEXT NOT NULL,
    CHECK ((kind = 'load' AND amount > 0)
        OR (kind IN ('redeem', 'expire') AND amount < 0)
        OR kind IN ('void', 'transfer'))
);
CREATE INDEX gift_ledger_card ON gift_ledger (card, seq);
CREATE INDEX gift_ledger_sale ON gift_ledger (sale_id) WHERE sale_id IS NOT NULL;

-- What each sale paid from a gift card (part of its `paid`: the rest was money).
CREATE TABLE sale_gifts (
    sale_id  TEXT PRIMARY KEY REFERENCES sales(id),
    card     TEXT NOT NULL REFERENCES gift_cards(number),
    amount   INTEGER NOT NULL CHECK (amount > 0)
) WITHOUT ROWID;

CREATE TRIGGER gift_ledger_append_only_u BEFORE UPDATE ON gift_ledger
BEGIN SELECT RAISE(ABORT, 'the gift ledger is append-only'); END;
CREATE TRIGGER gift_ledger_append_only_d BEFORE DELETE ON gift_ledger
BEGIN SELECT RAISE(ABORT, 'the gift ledger is append-only'); END;
CREATE TRIGGER sale_gifts_append_only_u BEFORE UPDATE ON sale_gifts
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sale_gifts_append_only_d BEFORE DELETE ON sale_gifts
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
