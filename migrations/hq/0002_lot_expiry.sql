-- vafa head office, schema 2: each lot's expiry and each entry's note, so that chain-wide balances leave out
-- expired credit and overdrafts are never recovered from it. Rows stored under schema 1
-- are filled in from the records they came in (`schema::backfill_expiry`).
ALTER TABLE ledger ADD COLUMN expires_at TEXT;
-- Why an entry was written (a manager's reason, a merge, an overdraft recovery).
ALTER TABLE ledger ADD COLUMN note TEXT;

-- Members who owe: a lot of theirs (or of a member merged into them) is drawn below zero.
-- Head office recovers from their live credit whenever their ledger changes; this list
-- spares each push a look through the ledger of every member in it.
CREATE TABLE owing (member_id TEXT PRIMARY KEY);
INSERT INTO owing (member_id)
SELECT DISTINCT COALESCE(m.merged_into, t.member_id)
FROM (SELECT member_id, COALESCE(lot_id, id) AS lot, SUM(amount) AS s FROM ledger
      GROUP BY member_id, COALESCE(lot_id, id)) t
LEFT JOIN members m ON m.id = t.member_id
WHERE t.s < 0;
