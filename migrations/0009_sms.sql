-- Messages to members (issue 16): an outbox written in the same transaction as the event
-- that causes it, and the members who said no.
--
-- Each message's id is a UUID (v7) that goes to the provider as its local id. `state`:
-- queued → sending (committed before the request) → sent → delivered | undelivered, or
-- failed (given up, `reason` kept), or unknown (the sender was killed or the answer was
-- lost on a provider that does not deduplicate: a person decides). `route` says who
-- sends it: 'self' (this till) or, later, 'hq' (a till connected to head office hands
-- its messages over; `handed_at` then records when).
CREATE TABLE sms_messages (
    id              TEXT PRIMARY KEY,
    member_id       TEXT REFERENCES members(id),
    mobile          TEXT NOT NULL,
    event           TEXT NOT NULL CHECK (event IN ('enrol', 'sale', 'offer', 'birthday', 'gift', 'campaign')),
    source          TEXT,
    text            TEXT NOT NULL,
    parts           INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    branch          TEXT NOT NULL,
    route           TEXT NOT NULL DEFAULT 'self' CHECK (route IN ('self', 'hq')),
    handed_at       TEXT,
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    provider        TEXT,
    provider_id     TEXT,
    cost_rials      INTEGER,
    cost_milli      INTEGER,
    reason          TEXT,
    sent_at         TEXT,
    sent_day        TEXT,
    final_at        TEXT
);
CREATE INDEX sms_messages_state ON sms_messages(state, created_at);
CREATE INDEX sms_messages_member ON sms_messages(member_id, created_at);
CREATE INDEX sms_messages_day ON sms_messages(sent_day) WHERE sent_day IS NOT NULL;
-- One message per event and member (a sale replayed with the same id queues nothing new).
CREATE UNIQUE INDEX sms_messages_once ON sms_messages(event, source, member_id) WHERE source IS NOT NULL;

CREATE TABLE sms_optout (
    member_id TEXT PRIMARY KEY REFERENCES members(id),
    at        TEXT NOT NULL
);
