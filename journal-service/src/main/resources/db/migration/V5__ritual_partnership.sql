-- The nightly ritual with a partner (issue 12).

-- An invitation to become someone's ritual partner. Only the SHA-256 of the code is stored (hex): a database
-- read does not hand out working codes. user_id is the person who invited; display_name is the name
-- they chose to be shown to their partner (never their id or e-mail).
create table ritual_invitation (
    code_hash    text        primary key,
    user_id      text        not null,
    display_name text        not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    state        text        not null check (state in ('OPEN', 'USED', 'CANCELLED')),
    closed_at    timestamptz
);
create index ritual_invitation_user on ritual_invitation (user_id) where state = 'OPEN';

-- One row per person and partnership: two rows make a pair. ended_at is set on both at once when either
-- unpairs (or is erased). Each person has at most one partnership that has not ended.
create table ritual_partner (
    id           uuid        primary key,
    pair_id      uuid        not null,
    user_id      text        not null,
    display_name text        not null,
    formed_at    timestamptz not null,
    ended_at     timestamptz
);
create unique index ritual_partner_one_active on ritual_partner (user_id) where ended_at is null;
create index ritual_partner_pair on ritual_partner (pair_id);

-- A ritual entry is shared with the partnership it was written in (not with whoever is the partner
-- later); ritual_night is the local date of its ritual night (the day starts at 04:00 in its own zone).
alter table journal_entry
    add column shared_pair_id uuid,
    add column ritual_night   date;
create index journal_entry_shared on journal_entry (shared_pair_id, ritual_night) where shared_pair_id is not null;

-- The first time each person shared for a night of a partnership (so "your partner has written" is
-- published once), and the nights both shared: a reveal stays while the partnership lasts.
create table ritual_share (
    pair_id         uuid        not null,
    user_id         text        not null,
    night           date        not null,
    first_shared_at timestamptz not null,
    primary key (pair_id, user_id, night)
);
create table ritual_reveal (
    pair_id     uuid        not null,
    night       date        not null,
    revealed_at timestamptz not null,
    primary key (pair_id, night)
);

-- Attempts at accepting an invitation code, as token buckets: one per person and one for everyone
-- (scope 'everyone'), so guessing codes is slow from one account and from many.
create table invitation_attempt_allowance (
    user_id     text             primary key,
    tokens      double precision not null,
    refilled_at timestamptz      not null
);
create table invitation_attempt_global_allowance (
    scope       text             primary key,
    tokens      double precision not null,
    refilled_at timestamptz      not null
);

-- Ritual entries written before: their night, computed as the service does (local time minus 4 hours).
update journal_entry set ritual_night = ((occurred_at at time zone time_zone) - interval '4 hours')::date
where practice = 'RITUAL_OF_OPENNESS';
