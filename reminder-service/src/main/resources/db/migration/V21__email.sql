-- A person's e-mail address for letters (issue 14), personal data: exported and erased with the person (user_id),
-- never in logs or events. Double opt-in: nothing but the confirmation is sent while confirmed_at is null. The
-- confirmation token is single-use and stored only as its SHA-256 (hex); it expires after 24 h.
create table email_address (
    user_id              text        primary key,
    address              text        not null,
    confirmed_at         timestamptz,
    token_hash           text        unique,
    token_expires_at     timestamptz,
    -- Kinds of letter the person unsubscribed from (e.g. WEEKLY_SUMMARY), by one-click link or in settings.
    unsubscribed_kinds   text[]      not null default '{}',
    confirmations_sent   integer     not null default 0,
    confirmations_window timestamptz not null,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);

-- The letter ledger: one weekly letter per person per ISO week, whatever happens to the WeeklySummaryReady event
-- (redelivered, replayed). status: SCHEDULED (waiting for send_at, the person's local morning), SENDING (claimed),
-- SENT, FAILED (attempts used up), DROPPED (no confirmed address, unsubscribed, or paused all week).
-- figures: the week's numbers from the event (counts only; never entry text or themes).
create table weekly_letter (
    user_id     text        not null,
    week        text        not null,
    event_id    uuid        not null,
    status      text        not null,
    send_at     timestamptz not null,
    time_zone   text        not null,
    figures     jsonb       not null,
    attempts    integer     not null default 0,
    detail      text,
    sent_at     timestamptz,
    updated_at  timestamptz not null,
    primary key (user_id, week)
);
create index weekly_letter_due on weekly_letter (send_at) where status in ('SCHEDULED', 'SENDING');
