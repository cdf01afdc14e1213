-- vafa head office, schema 2: each lot's expiry and each entry's note, so that chain-wide balances leave out
-- expired credit and overdrafts are never recovered from it. Rows stored under schema 1
-- are filled in from the records they came in (`schema::backfill_expiry`).
ALTER TABLE ledger ADD COLUMN expires_at TEXT;
-- Why an entry was written (a manager's reason, a merge, an overdraft recovery).
ALTER TABLE ledger ADD COLUMN note TEXT;
