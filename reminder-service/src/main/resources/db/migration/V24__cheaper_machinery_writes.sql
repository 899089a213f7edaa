-- Issue 17: what PostgreSQL does per consumed entry event beyond the effect itself (measured in bench/postgres/RESULTS.md).

-- outbox_event(event_id) unique: no statement reads the outbox by event id (the relay goes by id, erasure by
-- message_key); event ids are fresh random UUIDs, one per event, and "applied once" is the consumers' ledger
-- (processed_event's primary key), not this index. It cost every event a btree insert at a random place.
-- (if exists: migration tests run db/migration without db/platform, so without the platform tables)
alter table if exists outbox_event drop constraint if exists outbox_event_event_id_key;

-- processed_event(processed_at): nothing reads the ledger by time (no retention job exists); its primary key
-- (consumer, event_id) is the ledger and stays. One index insert fewer per consumed event.
drop index if exists processed_event_processed_at;

-- Rows updated by every batch of entry events (upserts of the batch's people): room on each page lets an update stay
-- on its page (HOT: no new index entries, less WAL, less to vacuum) when no indexed column changes. Applies to pages
-- written from now on.
alter table practice_activity set (fillfactor = 90);
alter table reminder_preferences set (fillfactor = 90);
