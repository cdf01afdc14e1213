-- vafa till database, schema 13: who sold each gift card's value (an issue or a load), so
-- that the end-of-day close counts the money taken for gift cards by cashier, like sales.
-- Local to the till. A load recorded before schema 13 has no row and is counted under no
-- cashier's name.
CREATE TABLE gift_cashier (
    entry_id TEXT PRIMARY KEY REFERENCES gift_ledger(id),
    cashier  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER gift_cashier_append_only_u BEFORE UPDATE ON gift_cashier
BEGIN SELECT RAISE(ABORT, 'the gift ledger is append-only'); END;
CREATE TRIGGER gift_cashier_append_only_d BEFORE DELETE ON gift_cashier
BEGIN SELECT RAISE(ABORT, 'the gift ledger is append-only'); END;
