-- vafa till database, schema 10: lotteries and surveys (CONTRACT "Lotteries and surveys").
-- Local to the till: nothing here is sent to head office.
--
-- A lottery keeps its secret seed from `create` (never shown before the draw) and the
-- commitment published then; `draw` fills the frozen entry list (its canonical text, see
-- docs/lottery.md), its hash and the winners, once: a drawn lottery is never drawn again.
CREATE TABLE lotteries (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    from_day    TEXT NOT NULL,
    to_day      TEXT NOT NULL CHECK (to_day >= from_day),
    per         INTEGER CHECK (per IS NULL OR per > 0),
    min_visits  INTEGER NOT NULL DEFAULT 0 CHECK (min_visits >= 0),
    tiers       TEXT NOT NULL DEFAULT '[]',
    winners     INTEGER NOT NULL CHECK (winners >= 1),
    seed        TEXT NOT NULL,
    commitment  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    entry_list  TEXT,
    list_hash   TEXT,
    drawn       TEXT,
    drawn_at    TEXT,
    CHECK ((entry_list IS NULL) = (drawn IS NULL) AND (list_hash IS NULL) = (drawn IS NULL))
) WITHOUT ROWID;

-- An imported survey: its checked definition as JSON (questions, texts, choices).
CREATE TABLE surveys (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    definition  TEXT NOT NULL,
    imported_at TEXT NOT NULL
) WITHOUT ROWID;

-- Every call: answered (with its answers as a JSON object), unreachable, or call later.
-- `branch` and `cashier` are those of the member's last sale before the call, for results
-- by branch and by cashier. One answered call per member and survey.
CREATE TABLE survey_calls (
    seq       INTEGER PRIMARY KEY,
    survey_id TEXT NOT NULL REFERENCES surveys(id),
    member_id TEXT NOT NULL REFERENCES members(id),
    outcome   TEXT NOT NULL CHECK (outcome IN ('answered', 'unreachable', 'later')),
    answers   TEXT NOT NULL DEFAULT '{}',
    note      TEXT,
    branch    TEXT,
    cashier   TEXT,
    staff     TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE UNIQUE INDEX survey_answered ON survey_calls(survey_id, member_id) WHERE outcome = 'answered';
CREATE INDEX survey_calls_member ON survey_calls(survey_id, member_id);
