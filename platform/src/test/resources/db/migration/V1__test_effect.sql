-- What the test handler does with an event: one row per application (no unique key, so a double application shows).
create table test_effect (
    event_id   uuid        not null,
    user_id    text        not null,
    applied_at timestamptz not null default now()
);
