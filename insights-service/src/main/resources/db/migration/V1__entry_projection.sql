-- What insights knows of each entry (never text): the latest version wins, so revisions and deletes
-- correct every aggregate exactly and an out-of-order older event never overrides a newer one.
create table entry_projection (
    entry_id    uuid        primary key,
    user_id     text        not null,
    org_id      text,
    version     bigint      not null,
    deleted     boolean     not null default false,
    practice    text        not null,
    local_date  date        not null,
    time_zone   text        not null,
    updated_at  timestamptz not null
);
create index entry_projection_user_day on entry_projection (user_id, local_date) where not deleted;

-- Precomputed per person, day and practice: reads never scan history.
create table daily_practice (
    user_id    text    not null,
    local_date date    not null,
    practice   text    not null,
    entries    integer not null check (entries >= 0),
    primary key (user_id, local_date, practice)
);
