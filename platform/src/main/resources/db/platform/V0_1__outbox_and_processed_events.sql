-- Shared by every service (Flyway location db/platform); each service's own migrations start at V1.

-- Transactional outbox: a row is written in the same transaction as the state change it announces,
-- and the relay publishes it to Kafka afterwards. Payload is the event envelope as JSON: numbers,
-- tags and lengths only, never text a person wrote.
create table outbox_event (
    id           bigserial primary key,
    event_id     uuid        not null unique,
    topic        text        not null,
    message_key  text        not null,
    event_type   text        not null,
    payload      bytea       not null,
    created_at   timestamptz not null default now()
);

-- Idempotent consumers: an event id is applied once per consumer, in the same transaction as its effect.
create table processed_event (
    consumer     text        not null,
    event_id     uuid        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
create index processed_event_processed_at on processed_event (processed_at);
