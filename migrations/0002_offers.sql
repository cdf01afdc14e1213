-- vafa till database, schema 2: automatic offers.

-- The offers in force (definition: the offer as imported, JSON) and every change to them.
CREATE TABLE offers (
    id         TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE offer_history (
    seq        INTEGER PRIMARY KEY,
    offer_id   TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('import', 'enable', 'disable')),
    definition TEXT,
    at         TEXT NOT NULL
);
CREATE TRIGGER offer_history_append_only_u BEFORE UPDATE ON offer_history
BEGIN SELECT RAISE(ABORT, 'offer history is append-only'); END;
CREATE TRIGGER offer_history_append_only_d BEFORE DELETE ON offer_history
BEGIN SELECT RAISE(ABORT, 'offer history is append-only'); END;

-- Running counters for limits, consumed in the same transaction as the sale.
CREATE TABLE offer_usage (
    offer_id    TEXT PRIMARY KEY,
    uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
    budget_used INTEGER NOT NULL DEFAULT 0 CHECK (budget_used >= 0)
) WITHOUT ROWID;

-- Per member and offer: uses in the offer's current limit period.
CREATE TABLE member_offer_usage (
    member_id TEXT NOT NULL REFERENCES members(id),
    offer_id  TEXT NOT NULL,
    period    TEXT NOT NULL,
    count     INTEGER NOT NULL CHECK (count >= 0),
    last_day  TEXT NOT NULL,
    PRIMARY KEY (member_id, offer_id)
) WITHOUT ROWID;

-- Which offers a sale applied, with the value each gave (voids and effectiveness reports).
CREATE TABLE sale_offers (
    sale_id  TEXT NOT NULL REFERENCES sales(id),
    offer_id TEXT NOT NULL,
    value    INTEGER NOT NULL,
    period   TEXT NOT NULL,
    PRIMARY KEY (sale_id, offer_id)
) WITHOUT ROWID;
CREATE INDEX sale_offers_offer ON sale_offers(offer_id);
