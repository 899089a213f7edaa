create table journal_entry (
    id          uuid        primary key,
    user_id     text        not null,
    practice    text        not null,
    occurred_at timestamptz not null,
    time_zone   text        not null,
    local_date  date        not null,
    local_time  time        not null,
    version     bigint      not null,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
-- The person's own entries, newest first.
create index journal_entry_user_recent on journal_entry (user_id, local_date desc, local_time desc, id);
