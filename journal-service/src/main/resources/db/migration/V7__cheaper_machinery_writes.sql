-- Issue 17: what PostgreSQL does per POST /entries beyond the write itself (measured in bench/postgres/RESULTS.md).

-- outbox_event(event_id) unique: no statement reads the outbox by event id (the relay goes by id, erasure by
-- message_key); event ids are fresh random UUIDs, one per event, and "applied once" is the consumers' ledger
-- (processed_event's primary key), not this index. It cost every event a btree insert at a random place (3 WAL
-- records per outbox insert instead of 2) and vacuum work on a table whose rows live for milliseconds.
-- (if exists: migration tests run db/migration without db/platform, so without the platform tables)
alter table if exists outbox_event drop constraint if exists outbox_event_event_id_key;

-- processed_event(processed_at): nothing reads the ledger by time (no retention job exists); its primary key
-- (consumer, event_id) is the ledger. A retention job that needs the index creates it with itself.
drop index if exists processed_event_processed_at;

-- write_allowance is updated by every write (its two columns are not indexed): room on each page lets the update
-- stay on the page (HOT: no new primary-key entry, less WAL, less to vacuum). Applies to pages written from now on.
alter table write_allowance set (fillfactor = 90);
