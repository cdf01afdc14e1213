-- vafa till database, schema 6: sync with head office.
-- The outbox is never deleted from, so its sequence numbers never repeat; what head office
-- has acknowledged is everything up to `acked_through`.

CREATE TABLE sync_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    url           TEXT NOT NULL,
    token         TEXT NOT NULL,
    ca_pem        TEXT,                       -- a private CA head office's certificate is from
    terminal_id   TEXT NOT NULL,
    branch        TEXT NOT NULL,
    connected_at  TEXT NOT NULL,
    acked_through INTEGER NOT NULL DEFAULT 0,  -- outbox seq head office has (or refused)
    cursor        INTEGER NOT NULL DEFAULT 0,  -- head office's position pulled up to
    last_success  TEXT,
    last_attempt  TEXT,
    last_error    TEXT
);

-- Outbox records head office refused: kept, reported, never blocking the rest.
CREATE TABLE outbox_parked (
    seq     INTEGER PRIMARY KEY REFERENCES outbox(seq),
    code    TEXT NOT NULL,
    message TEXT NOT NULL,
    at      TEXT NOT NULL
);

-- Records pulled from head office that this till could not apply (e.g. a mobile that is
-- enrolled here as another member): reported by `vafa sync status`.
CREATE TABLE sync_skipped (
    cursor    INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    record_id TEXT NOT NULL,
    reason    TEXT NOT NULL,
    at        TEXT NOT NULL
);

-- Credit another branch spent from a lot that this till had already drawn on (two
-- branches spending one balance while apart): what could not be taken from the lot.
CREATE TABLE sync_overdraft (
    entry_id  TEXT PRIMARY KEY,
    member_id TEXT NOT NULL REFERENCES members(id),
    amount    INTEGER NOT NULL CHECK (amount > 0),
    at        TEXT NOT NULL
);

-- Members head office merged (one person enrolled twice): applied once each.
CREATE TABLE sync_merges (
    from_id TEXT PRIMARY KEY,
    keep_id TEXT NOT NULL,
    at      TEXT NOT NULL
);
