-- The local POS API (issue 20, `vafa pos`): the tokens the shop's cash-register programs
-- hold (only each token's SHA-256 is kept), the body each sale id was first sent with (so
-- that the same id with another body is refused), and the cards swiped at the till for the
-- POS's current invoice.
CREATE TABLE pos_tokens (
    name          TEXT PRIMARY KEY,
    token_sha256  TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT
);

CREATE TABLE pos_sales (
    sale_id      TEXT PRIMARY KEY,
    body_sha256  TEXT NOT NULL,
    token        TEXT NOT NULL
);

CREATE TABLE pos_pending_cards (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    card       TEXT NOT NULL,
    profile    TEXT,
    swiped_at  TEXT NOT NULL,
    taken_at   TEXT,
    taken_by   TEXT
);
CREATE INDEX pos_pending_untaken ON pos_pending_cards (swiped_at) WHERE taken_at IS NULL;
