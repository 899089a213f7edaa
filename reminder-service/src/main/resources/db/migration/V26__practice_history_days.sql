-- Issue 17: the days on which a person did a practice (PracticeHistoryStore.daysDoneOf, read by every re-plan of a
-- batch's people) came from every entry of those days: "select distinct local_date" over practice_history_recent, whose
-- order is occurred_at, read each entry of the window. Its cost grew with the entries of a day: 510 ms of one batch when
-- each bench person had written ~556 entries that day. Ordered by local_date, the days are found by a skip, one probe per
-- day found, whatever the number of entries on it. Only entries not deleted count, as in practice_history_recent.
--
-- A plain (not concurrent) build: Flyway runs a migration in one transaction, and CREATE INDEX CONCURRENTLY cannot run in
-- one. Writes to practice_history wait while it builds (during a rolling deploy, the consumers of replicas still on the
-- previous version): 2.5 s for 1,184,872 rows on PostgreSQL 17, 2 cores (bench/postgres/RESULTS.md section 8).
create index if not exists practice_history_days on practice_history (user_id, practice, local_date) where not deleted;
