-- The last time each person recorded each practice, in their local time: what reminder timing learns from.
create table practice_activity (
    user_id          text        not null,
    practice         text        not null,
    time_zone        text        not null,
    last_local_date  date        not null,
    last_local_time  time        not null,
    last_occurred_at timestamptz not null,
    entries_seen     integer     not null,
    updated_at       timestamptz not null,
    primary key (user_id, practice)
);
