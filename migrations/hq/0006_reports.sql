-- vafa head office, schema 6: what `vafa-hq report summary|offers|referrals|products`
-- read, as the tills keep it: each member's enrolment time, each sale's credit earned, its
-- lines (amount = qty × unit price) and the offers it applied. Filled in for data stored
-- under an earlier schema from the records it came in (`schema::upgrade_to_6`).
ALTER TABLE members ADD COLUMN created_at TEXT;
ALTER TABLE sales ADD COLUMN credit_earned BIGINT NOT NULL DEFAULT 0;
CREATE TABLE sale_items (
    sale_id  TEXT NOT NULL,
    line     BIGINT NOT NULL,
    sku      TEXT NOT NULL,
    category TEXT NOT NULL,
    amount   BIGINT NOT NULL,
    PRIMARY KEY (sale_id, line)
);
CREATE TABLE sale_offers (
    sale_id  TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    value    BIGINT NOT NULL,
    PRIMARY KEY (sale_id, offer_id)
);
CREATE INDEX sale_offers_offer ON sale_offers(offer_id);
CREATE INDEX sales_at ON sales(at);
CREATE INDEX members_referrer ON members(referrer_id);
