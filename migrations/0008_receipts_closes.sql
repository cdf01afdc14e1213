-- vafa till database, schema 8: who recorded and who voided each sale (for receipts and
-- the end-of-day close, by cashier), and the closes themselves. The shop's categories and
-- SKUs live in its configuration (`[basket]`), not here.
--
-- Local to the till: head office's records are unchanged. A sale recorded before schema 8,
-- by the demo or at another till has no row and is counted under no cashier's name.
CREATE TABLE sale_cashier (
    sale_id TEXT PRIMARY KEY REFERENCES sales(id),
    cashier TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE void_cashier (
    sale_id TEXT PRIMARY KEY REFERENCES sales(id),
    cashier TEXT NOT NULL
) WITHOUT ROWID;

-- Each close, append-only: a shift runs from the last close to the next.
CREATE TABLE closes (
    seq     INTEGER PRIMARY KEY,
    id      TEXT NOT NULL UNIQUE,
    kind    TEXT NOT NULL CHECK (kind IN ('day', 'shift')),
    from_at TEXT NOT NULL,
    to_at   TEXT NOT NULL,
    actor   TEXT NOT NULL,
    report  TEXT NOT NULL
);

CREATE TRIGGER closes_no_update BEFORE UPDATE ON closes
BEGIN
    SELECT RAISE(ABORT, 'closes are append-only');
END;
CREATE TRIGGER closes_no_delete BEFORE DELETE ON closes
BEGIN
    SELECT RAISE(ABORT, 'closes are append-only');
END;
