-- vafa till database, schema 5: staff accounts and the hash-chained audit trail.

-- PINs are stored only as argon2id hashes (PHC strings).
CREATE TABLE staff (
    name         TEXT PRIMARY KEY COLLATE NOCASE,
    role         TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor', 'manager', 'admin')),
    pin_hash     TEXT NOT NULL,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed       INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    last_login   TEXT,
    created_at   TEXT NOT NULL
) WITHOUT ROWID;

-- Every sensitive act, in order. Each record's hash covers the previous record's hash and
-- all of its own fields, so an edited, removed or inserted record breaks the chain; the
-- last (seq, hash) written is also kept in `settings` ('audit_head') so that removing the
-- newest records shows too. The triggers stop vafa itself (or a slip) from changing it.
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    terminal  TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
