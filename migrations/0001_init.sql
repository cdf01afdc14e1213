-- vafa till database, schema 1.
-- Money is INTEGER rials. Ids are UUIDv7 text made by the client.
-- The ledger, sales and voids are append-only (enforced by triggers below); balances,
-- lots' remaining amounts and member aggregates are caches kept in the same transaction
-- as the entries they summarise (`vafa check` proves they equal the sums).

CREATE TABLE shop (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL,
    branch_code TEXT NOT NULL,
    branch_name TEXT NOT NULL,
    lang        TEXT NOT NULL CHECK (lang IN ('fa', 'en')),
    unit        TEXT NOT NULL CHECK (unit IN ('toman', 'rial')),
    utc_offset  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Key/value settings; `config` holds the shop configuration as JSON.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE members (
    id                   TEXT PRIMARY KEY,
    first_name           TEXT NOT NULL,
    last_name            TEXT NOT NULL,
    mobile               TEXT NOT NULL UNIQUE,
    birth_date           TEXT,
    birth_calendar       TEXT CHECK (birth_calendar IN ('gregorian', 'jalali')),
    anniversary          TEXT,
    anniversary_calendar TEXT CHECK (anniversary_calendar IN ('gregorian', 'jalali')),
    gender               TEXT CHECK (gender IN ('f', 'm')),
    referrer_id          TEXT REFERENCES members(id),
    fields               TEXT NOT NULL DEFAULT '{}',
    branch               TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX members_referrer ON members(referrer_id) WHERE referrer_id IS NOT NULL;

-- Running aggregates, updated in the same transaction as each sale and void, so the till
-- never scans a member's history. credit/points are the balance caches.
CREATE TABLE member_stats (
    member_id   TEXT PRIMARY KEY REFERENCES members(id),
    visits      INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
    first_visit TEXT,
    last_visit  TEXT,
    total_spend INTEGER NOT NULL DEFAULT 0,
    credit      INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
    points      INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0)
) WITHOUT ROWID;

-- Spend per category, for offers and reports.
CREATE TABLE member_category_spend (
    member_id TEXT NOT NULL REFERENCES members(id),
    category  TEXT NOT NULL,
    amount    INTEGER NOT NULL,
    PRIMARY KEY (member_id, category)
) WITHOUT ROWID;

-- Per member and local day: visits, spend and points earned, for rolling windows (tiers).
CREATE TABLE member_days (
    member_id     TEXT NOT NULL REFERENCES members(id),
    day           TEXT NOT NULL,
    visits        INTEGER NOT NULL DEFAULT 0,
    spend         INTEGER NOT NULL DEFAULT 0,
    points_earned INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (member_id, day)
) WITHOUT ROWID;

CREATE TABLE cards (
    number     TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id),
    status     TEXT NOT NULL CHECK (status IN ('active', 'blocked')),
    reason     TEXT,
    replaced_by TEXT,
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX cards_member ON cards(member_id);

-- Every spelling under which a card is found (see devices::CardRead::index_keys).
CREATE TABLE card_keys (
    key         TEXT PRIMARY KEY,
    card_number TEXT NOT NULL REFERENCES cards(number)
) WITHOUT ROWID;

CREATE TABLE sales (
    id              TEXT PRIMARY KEY,
    member_id       TEXT REFERENCES members(id),
    card_number     TEXT,
    branch          TEXT NOT NULL,
    at              TEXT NOT NULL,
    at_utc          TEXT NOT NULL,
    gross           INTEGER NOT NULL CHECK (gross > 0),
    discount        INTEGER NOT NULL CHECK (discount >= 0),
    credit_redeemed INTEGER NOT NULL CHECK (credit_redeemed >= 0),
    paid            INTEGER NOT NULL CHECK (paid >= 0),
    credit_earned   INTEGER NOT NULL CHECK (credit_earned >= 0),
    points_earned   INTEGER NOT NULL CHECK (points_earned >= 0),
    tier            TEXT,
    offers          TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL,
    CHECK (gross = discount + credit_redeemed + paid)
) WITHOUT ROWID;
CREATE INDEX sales_member ON sales(member_id, at_utc) WHERE member_id IS NOT NULL;
CREATE INDEX sales_at ON sales(at_utc);

CREATE TABLE sale_items (
    sale_id    TEXT NOT NULL REFERENCES sales(id),
    line       INTEGER NOT NULL,
    sku        TEXT NOT NULL,
    qty        TEXT NOT NULL,
    unit_price INTEGER NOT NULL,
    category   TEXT,
    PRIMARY KEY (sale_id, line)
) WITHOUT ROWID;

CREATE TABLE sale_voids (
    sale_id TEXT PRIMARY KEY REFERENCES sales(id),
    id      TEXT NOT NULL UNIQUE,
    reason  TEXT,
    at      TEXT NOT NULL
) WITHOUT ROWID;

-- The money ledger. A positive entry opens a lot; a negative entry draws on one lot
-- (lot_id). Reversals by a void point at the lot they restore or take back.
CREATE TABLE ledger (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    member_id  TEXT NOT NULL REFERENCES members(id),
    account    TEXT NOT NULL CHECK (account IN ('credit', 'points')),
    amount     INTEGER NOT NULL CHECK (amount <> 0),
    kind       TEXT NOT NULL CHECK (kind IN ('earn', 'redeem', 'void', 'expire', 'adjust')),
    lot_id     TEXT,
    expires_at TEXT,
    sale_id    TEXT REFERENCES sales(id),
    at         TEXT NOT NULL,
    branch     TEXT NOT NULL,
    note       TEXT,
    CHECK ((amount > 0 AND lot_id IS NULL) OR (amount < 0 AND lot_id IS NOT NULL) OR kind = 'void')
);
CREATE INDEX ledger_member ON ledger(member_id, account);
CREATE INDEX ledger_lot ON ledger(lot_id) WHERE lot_id IS NOT NULL;
CREATE INDEX ledger_sale ON ledger(sale_id) WHERE sale_id IS NOT NULL;

-- Cache: what is left in each lot that still holds something.
CREATE TABLE lots (
    lot_id     TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL REFERENCES members(id),
    account    TEXT NOT NULL,
    remaining  INTEGER NOT NULL CHECK (remaining >= 0),
    expires_at TEXT,
    seq        INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX lots_member ON lots(member_id, account) WHERE remaining > 0;

-- Records waiting to be sent to head office, in the order they were written.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    record_id  TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TRIGGER ledger_append_only_u BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_d BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER sales_append_only_u BEFORE UPDATE ON sales
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sales_append_only_d BEFORE DELETE ON sales
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sale_items_append_only_u BEFORE UPDATE ON sale_items
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sale_items_append_only_d BEFORE DELETE ON sale_items
BEGIN SELECT RAISE(ABORT, 'sales are append-only'); END;
CREATE TRIGGER sale_voids_append_only_u BEFORE UPDATE ON sale_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
CREATE TRIGGER sale_voids_append_only_d BEFORE DELETE ON sale_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
