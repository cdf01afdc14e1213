-- vafa till database, schema 3: a member's cards are read from the index alone (a swipe
-- shows them), instead of one table search per card.
DROP INDEX cards_member;
CREATE INDEX cards_member ON cards(member_id, created_at, number, status, reason, replaced_by, changed_at);
