-- vafa head office, schema 2: each lot's expiry and each entry's note, so that chain-wide balances leave out
-- expired credit and overdrafts are never recovered from it. Rows stored under schema 1
-- are filled in from the records they came in (`schema::upgrade_to_2`).
ALTER TABLE ledger ADD COLUMN expires_at TEXT;
-- Why an entry was written (a manager's reason, a merge, an overdraft recovery).
ALTER TABLE ledger ADD COLUMN note TEXT;

-- Members who owe: a lot of theirs (or of a member merged into them) is drawn below zero
-- by its entries other than expiries (an expiry takes only what is left after the rest).
-- Head office recovers from their live credit whenever their ledger changes; this list
-- spares each push a look through the ledger of every member in it.
CREATE TABLE owing (member_id TEXT PRIMARY KEY);
-- (Filled from the ledger of a schema-1 head office by `schema::upgrade_to_2`.)
