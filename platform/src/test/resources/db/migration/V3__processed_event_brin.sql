-- As each service's migration (journal V8, reminder V25, insights V9): the retention job's index on the ledger.
create index processed_event_processed_at_brin on processed_event using brin (processed_at) with (pages_per_range = 32, autosummarize = on);
