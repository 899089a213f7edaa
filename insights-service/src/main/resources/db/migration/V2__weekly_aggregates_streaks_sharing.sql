-- What an entry contributed (numbers and theme tags only), so a revision or deletion can take it back exactly.
alter table entry_projection
    add column metrics jsonb  not null default '{}'::jsonb,
    add column themes  text[] not null default '{}';

-- One row per person: zone (from their latest entry), organization, opt-in to the org's anonymous view,
-- and the last week whose summary was announced.
create table insights_person (
    user_id           text        primary key,
    org_id            text,
    time_zone         text        not null,
    share_with_org    boolean     not null default false,
    last_summary_week date,
    updated_at        timestamptz not null
);
create index insights_person_org_sharing on insights_person (org_id) where share_with_org;

-- Precomputed per person, ISO week (its Monday, in the person's zone) and practice.
create table weekly_practice (
    user_id              text    not null,
    week_start           date    not null,
    practice             text    not null,
    entries              integer not null default 0,
    courage_sum          integer not null default 0,
    courage_n            integer not null default 0,
    intensity_before_sum integer not null default 0,
    intensity_after_sum  integer not null default 0,
    intensity_n          integer not null default 0,
    calm_before_sum      integer not null default 0,
    calm_after_sum       integer not null default 0,
    calm_n               integer not null default 0,
    minutes_sum          integer not null default 0,
    primary key (user_id, week_start, practice)
);

create table weekly_theme (
    user_id    text    not null,
    week_start date    not null,
    theme      text    not null,
    entries    integer not null default 0,
    primary key (user_id, week_start, theme)
);

-- Streak state per person and practice ('ALL' = any practice), carried forward on read.
create table streak_state (
    user_id        text             not null,
    practice       text             not null,
    current_run    integer          not null,
    longest_run    integer          not null,
    score          double precision not null,
    recent_misses  date[]           not null,
    next_day       date,
    last_practiced date,
    primary key (user_id, practice)
);

-- Days a person paused (vacation, not applicable): they neither count nor break a streak.
create table pause_day (
    user_id    text not null,
    local_date date not null,
    primary key (user_id, local_date)
);
