-- A person's choices. Windows: {"RITUAL_OF_OPENNESS": {"start": "21:00", "end": "22:30"}, ...}.
create table reminder_preferences (
    user_id            text        primary key,
    time_zone          text        not null,
    zone_from_entries  boolean     not null default true,
    windows            jsonb       not null,
    days               text[]      not null,
    quiet_start        time,
    quiet_end          time,
    daily_cap          integer     not null,
    paused_until       date,
    -- When the schedule must next be rolled forward (the person's next local midnight): the daily replan
    -- finds who is due through an index, so quiet people keep getting tomorrow's reminders.
    replan_at          timestamptz not null,
    updated_at         timestamptz not null
);
create index reminder_preferences_replan on reminder_preferences (replan_at);

-- When each entry happened, locally: what timing is learned from. Versions keep it out-of-order safe.
create table practice_history (
    entry_id    uuid        primary key,
    user_id     text        not null,
    practice    text        not null,
    version     bigint      not null,
    deleted     boolean     not null default false,
    occurred_at timestamptz not null,
    time_zone   text        not null,
    local_date  date        not null,
    local_time  time        not null
);
create index practice_history_recent on practice_history (user_id, practice, occurred_at desc) where not deleted;

-- Reminders dismissed or ignored in a row, per practice; reset when the person returns.
create table practice_response (
    user_id            text    not null,
    practice           text    not null,
    unanswered_in_a_row integer not null default 0,
    primary key (user_id, practice)
);

-- The schedule. PENDING rows are what the due scan looks at, through a partial index on due_at.
create table scheduled_reminder (
    id           uuid        primary key,
    user_id      text        not null,
    practice     text        not null,
    local_date   date        not null,
    local_time   time        not null,
    time_zone    text        not null,
    due_at       timestamptz not null,
    reason       text        not null,
    message      text        not null,
    -- PENDING (waiting), SENT (ReminderDue published). A snoozed reminder is PENDING again and keeps its
    -- place when the schedule is re-planned.
    status       text        not null,
    snoozed      boolean     not null default false,
    sent_at      timestamptz,
    -- OPENED, DISMISSED or IGNORED (no answer within two hours); helpful = practice recorded within two hours.
    response     text,
    responded_at timestamptz,
    helpful      boolean     not null default false,
    unique (user_id, practice, local_date)
);
create index scheduled_reminder_due on scheduled_reminder (due_at) where status = 'PENDING';
create index scheduled_reminder_user on scheduled_reminder (user_id, due_at);
-- Sent reminders still waiting for an answer: where "ignored" is found without scanning history.
create index scheduled_reminder_unanswered on scheduled_reminder (due_at) where status = 'SENT' and response is null;
