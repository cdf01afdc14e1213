-- vafa till database, schema 7: overdrafts (two branches spending one balance while apart)
-- are tracked per lot and recovered.
--
-- A lot's cached `remaining` never goes below zero; what another branch drew from a lot
-- beyond what it held here is this lot's shortfall. Entries that give to a lot (a void,
-- head office's recovery) fill its shortfall before adding to it. Each row is one entry's
-- effect: + it drew beyond the lot, - it repaid. Keyed by entry, so each counts once.
CREATE TABLE shortfall (
    entry_id  TEXT PRIMARY KEY,
    lot_id    TEXT NOT NULL,
    member_id TEXT NOT NULL REFERENCES members(id),
    account   TEXT NOT NULL CHECK (account IN ('credit', 'points')),
    amount    INTEGER NOT NULL CHECK (amount <> 0),
    at        TEXT NOT NULL
);
CREATE INDEX shortfall_lot ON shortfall(lot_id);
CREATE INDEX shortfall_member ON shortfall(member_id, account);

-- Schema 6 kept only the amount. An entry that drew part of what it asked is in the ledger
-- with its lot; one that found its lot empty left no trace of which lot it drew on, and
-- is kept under the member's oldest credit lot (the member still owes it).
INSERT INTO shortfall (entry_id, lot_id, member_id, account, amount, at)
SELECT o.entry_id,
       COALESCE((SELECT l.lot_id FROM ledger l WHERE l.id = o.entry_id),
                (SELECT t.lot_id FROM lots t WHERE t.member_id = o.member_id AND t.account = 'credit'
                 ORDER BY t.seq LIMIT 1)),
       o.member_id, 'credit', o.amount, o.at
FROM sync_overdraft o
WHERE COALESCE((SELECT l.lot_id FROM ledger l WHERE l.id = o.entry_id),
               (SELECT t.lot_id FROM lots t WHERE t.member_id = o.member_id AND t.account = 'credit'
                ORDER BY t.seq LIMIT 1)) IS NOT NULL;
DROP TABLE sync_overdraft;

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
