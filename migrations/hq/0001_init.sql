-- vafa head office, schema 1. Written once for SQLite and PostgreSQL: {serial} becomes
-- each dialect's auto-numbered key. Money is BIGINT rials; times are RFC 3339 text.

CREATE TABLE terminals (
    id         TEXT PRIMARY KEY,
    branch     TEXT NOT NULL,
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,      -- SHA-256 of the token; the token itself is never kept
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_seq   BIGINT NOT NULL DEFAULT 0, -- highest outbox sequence number received
    last_seen  TEXT
);

-- Who owns each branch (R25); a branch with no row is its own owner.
CREATE TABLE branches (
    code  TEXT PRIMARY KEY,
    owner TEXT NOT NULL
);

-- Every record received, once. `serial` is the cursor tills pull from.
CREATE TABLE records (
    serial      {serial},
    dedup       TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    terminal_id TEXT,                     -- NULL: head office's own (chain offers, config)
    branch      TEXT,
    seq         BIGINT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- Chain-wide view of members and cards (last write wins), and the ledger (append-only).
CREATE TABLE members (
    id         TEXT PRIMARY KEY,
    mobile     TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name  TEXT NOT NULL,
    branch     TEXT NOT NULL,
    merged_into TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX members_mobile ON members(mobile);

CREATE TABLE cards (
    number     TEXT PRIMARY KEY,
    member_id  TEXT NOT NULL,
    status     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cards_member ON cards(member_id);

CREATE TABLE sales (
    id              TEXT PRIMARY KEY,
    member_id       TEXT,
    branch          TEXT NOT NULL,
    at              TEXT NOT NULL,
    gross           BIGINT NOT NULL,
    credit_redeemed BIGINT NOT NULL,
    paid            BIGINT NOT NULL,
    voided          BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sales_branch_at ON sales(branch, at);

CREATE TABLE ledger (
    id        TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    account   TEXT NOT NULL,
    amount    BIGINT NOT NULL,
    kind      TEXT NOT NULL,
    lot_id    TEXT,
    sale_id   TEXT,
    branch    TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX ledger_member ON ledger(member_id, account);
CREATE INDEX ledger_lot ON ledger(lot_id);
CREATE INDEX ledger_at ON ledger(at);

-- What needs a manager: one mobile enrolled twice, one card given to two members.
CREATE TABLE conflicts (
    id          {serial},
    kind        TEXT NOT NULL,            -- 'mobile' | 'card'
    key         TEXT NOT NULL,            -- the mobile or card number
    first_id    TEXT NOT NULL,
    second_id   TEXT NOT NULL,
    at          TEXT NOT NULL,
    resolved_at TEXT,
    resolution  TEXT
);

CREATE TABLE hq_schema (version BIGINT NOT NULL);
INSERT INTO hq_schema (version) VALUES (1);
