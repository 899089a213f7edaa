-- Which master key wrapped each data key, so the master key can be rotated: rows still wrapped by a
-- previous key are re-wrapped with the current one in the background. Null: stored before this column
-- existed (opened by trying each configured master key).
alter table person_key add column master_key_id text;
