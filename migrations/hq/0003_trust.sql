-- vafa head office, schema 3: what head office needs to check a till's records against its
-- own state (`validate`). Who referred each member (a sale's referral credit goes only to
-- them), filled in for members stored under schema 2 from their last member record
-- (`schema::upgrade_to_3`); and the ledger by sale (what a void may reverse).
ALTER TABLE members ADD COLUMN referrer_id TEXT;
CREATE INDEX ledger_sale ON ledger(sale_id);
