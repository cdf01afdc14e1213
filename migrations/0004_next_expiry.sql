-- vafa till database, schema 4: each member's earliest lot expiry, so that a swipe can take
-- the balance caches as they are until then, without reading the member's lots.
-- It is a lower bound: it may be earlier than the true next expiry (then the lots are
-- read), never later.
ALTER TABLE member_stats ADD COLUMN next_expiry TEXT;
UPDATE member_stats SET next_expiry = (
    SELECT MIN(expires_at) FROM lots
    WHERE lots.member_id = member_stats.member_id AND remaining > 0 AND expires_at IS NOT NULL
);
