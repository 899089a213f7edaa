-- The idempotency ledger's retention job (platform's LedgerRetention) deletes processed_event rows older than
-- openly.processed-events.retention (42 days by default: longer than any record can still be delivered again, see
-- LedgerRetentionConfig). Its range scan, processed_at < cutoff, gets this index.
--
-- Correcting the note of V24__cheaper_machinery_writes: "nothing reads the ledger by time (no retention job
-- exists)" is no longer true. The btree dropped there stays dropped: it cost every consumed event an index insert.
-- A BRIN index keeps one summary (min and max processed_at) per 32 heap pages: rows arrive in time order
-- (processed_at defaults to now()), so the summaries are tight and the index is tiny. Measured on PostgreSQL 17 with
-- 1,000,000 ledger rows over 50 days (details in the commit message): BRIN 32 kB, the btree 21 MB (freshly built), the
-- primary key 73 MB; WAL per consumed event (batches of 50) +51 bytes with BRIN, +171 with the btree; the job's hourly
-- run (~830 rows) reads 32 heap pages with BRIN, the whole table without an index (40-50 ms CPU).
-- BRIN summaries only widen: where vacuum lets new rows reuse the pages the job emptied, a range would keep the deleted
-- rows' minimum and match every later cutoff, so the job summarizes those ranges again after each run (measured: an
-- hourly run then read 32 pages instead of 1,504). 32 pages per range (not the default 128): a tighter scan for the
-- job, still a tiny index; LedgerRetention's PAGES_PER_RANGE says the same. autosummarize: a range gets its summary
-- (from an autovacuum worker) as soon as inserts move on to the next one; an unsummarized range is read by every scan.
-- (a do block: migration tests run db/migration without db/platform, so without the ledger table)
do $$
begin
    if to_regclass('processed_event') is not null then
        create index if not exists processed_event_processed_at_brin on processed_event
            using brin (processed_at) with (pages_per_range = 32, autosummarize = on);
    end if;
end
$$;
