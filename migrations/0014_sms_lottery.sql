-- vafa till database, schema 14: the `lottery` SMS event (an extension, issue 18): a
-- lottery's draw queues one message per winner, so the outbox accepts that event.
--
-- Widening a CHECK is an edit of the table's definition in place (SQLite's documented
-- procedure, https://sqlite.org/lang_altertable.html#otheralter, as schema 7 did for the
-- ledger) instead of copying the outbox; `store::open::migrate` bumps the schema version
-- and checks the result.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''gift'', ''campaign''))', '''gift'', ''campaign'', ''lottery''))')
 WHERE type = 'table' AND name = 'sms_messages';
PRAGMA writable_schema = OFF;
