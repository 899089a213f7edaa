-- Issue 17: what PostgreSQL does per consumed entry event beyond the effect itself (measured in bench/postgres/RESULTS.md).

-- outbox_event(event_id) unique: no statement reads the outbox by event id (the relay goes by id, erasure by
-- message_key); event ids are fresh random UUIDs, one per event, and "applied once" is the consumers' ledger
-- (processed_event's primary key), not this index. It cost every event a btree insert at a random place.
-- (if exists: migration tests run db/migration without db/platform, so without the platform tables)
alter table if exists outbox_event drop constraint if exists outbox_event_event_id_key;

-- processed_event(processed_at): nothing reads the ledger by time (no retention job exists); its primary key
-- (consumer, event_id) is the ledger and stays. One index insert fewer per consumed event.
drop index if exists processed_event_processed_at;

-- The per-person aggregates every batch of entry events upserts (only non-indexed counters and states change):
-- room on each page lets an update stay on its page (HOT: no new primary-key entry, less WAL, less to vacuum).
-- Measured before: 2-5 % of these updates were HOT. Applies to pages written from now on.
alter table daily_practice set (fillfactor = 90);
alter table weekly_practice set (fillfactor = 90);
alter table weekly_theme set (fillfactor = 90);
alter table streak_state set (fillfactor = 90);
alter table insights_person set (fillfactor = 90);
