-- vafa till database, schema 7: overdrafts (two branches spending one balance while apart)
-- are tracked per lot and recovered.
--
-- A lot's cached `remaining` never goes below zero; what another branch drew from a lot
-- beyond what it held here is this lot's shortfall. Entries that give to a lot (a void,
-- head office's recovery) fill its shortfall before adding to it. Each row is one entry's
-- effect: + it drew beyond the lot, - it repaid. Keyed by entry, so each counts once.
CREATE TABLE shortfall (
    entry_id  TEXT PRIMARY KEY,
    lot_id    TEXT,                       -- NULL: owed, lot unknown (kept from schema 6)
    member_id TEXT NOT NULL REFERENCES members(id),
    account   TEXT NOT NULL CHECK (account IN ('credit', 'points')),
    amount    INTEGER NOT NULL CHECK (amount <> 0),
    at        TEXT NOT NULL
);
CREATE INDEX shortfall_lot ON shortfall(lot_id) WHERE lot_id IS NOT NULL;
CREATE INDEX shortfall_member ON shortfall(member_id, account);

-- For each entry, the part of it this till's ledger row does not hold (what it drew beyond
-- the lot, or gave to the lot's debt): with the rows, it gives what the lot's entries come
-- to as written, which decides how much a later draw adds to the debt, and what a void of
-- its sale gives back.
CREATE TABLE lot_unapplied (
    entry_id  TEXT PRIMARY KEY,
    lot_id    TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id),
    account   TEXT NOT NULL CHECK (account IN ('credit', 'points')),
    kind      TEXT NOT NULL,
    sale_id   TEXT,
    amount    INTEGER NOT NULL CHECK (amount <> 0)
);
CREATE INDEX lot_unapplied_lot ON lot_unapplied(lot_id);
CREATE INDEX lot_unapplied_sale ON lot_unapplied(sale_id) WHERE sale_id IS NOT NULL;

-- Entries applied here that changed nothing (an expiry that found its lot empty, a draw
-- on a lot another expiry had emptied): remembered, so that each is applied once even
-- when head office sends it again.
CREATE TABLE ledger_noop (
    entry_id TEXT PRIMARY KEY
) WITHOUT ROWID;

-- Schema 6 kept only the amount. An entry that drew part of what it asked is in the ledger
-- with its lot; one that found its lot empty left no trace of which lot it drew on, and
-- is kept as owed with no lot: head office's repayment of it is taken as repaying that.
INSERT INTO shortfall (entry_id, lot_id, member_id, account, amount, at)
SELECT o.entry_id, l.lot_id, o.member_id, COALESCE(l.account, 'credit'), o.amount, o.at
FROM sync_overdraft o LEFT JOIN ledger l ON l.id = o.entry_id;
INSERT INTO lot_unapplied (entry_id, lot_id, member_id, account, kind, sale_id, amount)
SELECT o.entry_id, l.lot_id, o.member_id, l.account, l.kind, l.sale_id, -o.amount
FROM sync_overdraft o JOIN ledger l ON l.id = o.entry_id;
-- Schema 6 counted as owed all a draw found missing, even what this till's own expiry had
-- taken first; what is owed on a lot is only how far its other entries fall below zero.
INSERT INTO shortfall (entry_id, lot_id, member_id, account, amount, at)
SELECT 'schema-7:' || s.lot_id, s.lot_id, MIN(s.member_id), MIN(s.account),
       MAX(0, -(
           (SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE id = s.lot_id AND kind <> 'expire')
         + (SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE lot_id = s.lot_id AND kind <> 'expire')
         + (SELECT COALESCE(SUM(amount), 0) FROM lot_unapplied WHERE lot_id = s.lot_id)))
         - SUM(s.amount),
       MAX(s.at)
FROM shortfall s
WHERE s.lot_id IS NOT NULL
GROUP BY s.lot_id
HAVING SUM(s.amount) > MAX(0, -(
           (SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE id = s.lot_id AND kind <> 'expire')
         + (SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE lot_id = s.lot_id AND kind <> 'expire')
         + (SELECT COALESCE(SUM(amount), 0) FROM lot_unapplied WHERE lot_id = s.lot_id)));
DROP TABLE sync_overdraft;

-- What a member owes includes the members head office merged into them (`ledger::owed`).
CREATE INDEX sync_merges_keep ON sync_merges(keep_id);

-- Head office's recovery gives back to an overdrawn lot with an `adjust` entry that names
-- the lot: loosen the ledger's shape check to allow it. Loosening a CHECK changes no
-- stored row, so this edits the table's definition in place (SQLite's documented
-- procedure, https://sqlite.org/lang_altertable.html#otheralter) instead of copying the
-- ledger; `store::open::migrate` bumps the schema version and checks the result.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'OR kind = ''void'')', 'OR kind IN (''void'', ''adjust''))')
 WHERE type = 'table' AND name = 'ledger';
PRAGMA writable_schema = OFF;
