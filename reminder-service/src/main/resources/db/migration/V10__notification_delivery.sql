-- Web Push subscriptions a person registered from their browsers (RFC 8030 PushSubscription).
create table web_push_subscription (
    id          uuid        primary key,
    user_id     text        not null,
    endpoint    text        not null,
    p256dh      text        not null,
    auth        text        not null,
    created_at  timestamptz not null,
    unique (user_id, endpoint)
);

-- The delivery ledger: one row per (event, channel, target). A redelivered event finds its rows and sends
-- nothing twice. status: SENDING (claimed, being sent), SENT, FAILED (attempts used up or refused),
-- PRUNED (the push service said the subscription is gone), DROPPED (quiet hours, pause or daily cap at
-- send time), NOT_DELIVERED (no active channel; channel 'none', target '-').
create table notification_delivery (
    event_id     uuid        not null,
    channel      text        not null,
    target       text        not null,
    user_id      text        not null,
    reminder_id  uuid,
    status       text        not null,
    attempts     integer     not null default 0,
    detail       text,
    due_at       timestamptz,
    sent_at      timestamptz,
    updated_at   timestamptz not null,
    primary key (event_id, channel, target)
);
create index notification_delivery_user on notification_delivery (user_id, sent_at);
create index notification_delivery_reminder on notification_delivery (reminder_id);

-- Single-use tickets for the live stream (a browser EventSource cannot send an Authorization header).
-- Only a hash of the ticket is kept.
create table stream_ticket (
    ticket_hash  text        primary key,
    user_id      text        not null,
    expires_at   timestamptz not null,
    used_at      timestamptz
);
create index stream_ticket_user on stream_ticket (user_id);

-- Which kinds of notification go to which channel; no row = every kind to every channel.
create table notification_routing (
    user_id     text        primary key,
    routes      jsonb       not null,
    updated_at  timestamptz not null
);
