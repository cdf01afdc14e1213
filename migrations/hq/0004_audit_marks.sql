-- vafa head office, schema 4: every audit head a till reported with a push, and every hash
-- it gave of an earlier record head office asked about (`anchor`), in the order they came.
-- `vafa-hq audit` names a terminal whose trail no longer continues what it reported.
CREATE TABLE audit_marks (
    id {serial},
    terminal_id TEXT NOT NULL,
    branch TEXT NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    head BIGINT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX audit_marks_terminal ON audit_marks(terminal_id, seq);
