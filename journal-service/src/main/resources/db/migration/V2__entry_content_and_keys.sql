-- Everything a person writes lives in `content`: AES-GCM ciphertext under that person's data key.
-- Numbers, the feeling (a fixed list), theme tags and text lengths stay readable for queries and events.
alter table journal_entry
    add column feeling      text,
    add column metrics      jsonb   not null default '{}'::jsonb,
    add column themes       text[]  not null default '{}',
    add column text_lengths jsonb   not null default '{}'::jsonb,
    add column content      bytea;

-- Newest first, for cursor pagination.
create index journal_entry_user_occurred on journal_entry (user_id, occurred_at desc, id desc);

-- One data key per person, wrapped (AES-GCM) by the master key. Erasure deletes the row: every
-- ciphertext of that person, in the database and in every backup, becomes unreadable.
create table person_key (
    user_id     text        primary key,
    wrapped_key bytea       not null,
    created_at  timestamptz not null
);

-- Idempotency-Key of POST /entries: a retry with the same key returns the same entry.
create table idempotency_key (
    user_id      text        not null,
    key          text        not null,
    request_hash bytea       not null,
    entry_id     uuid        not null,
    created_at   timestamptz not null,
    primary key (user_id, key)
);
create index idempotency_key_created on idempotency_key (created_at);
