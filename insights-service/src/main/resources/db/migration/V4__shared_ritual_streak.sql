-- The shared streak of ritual partners (issue 12), learned from journal-service's events (ids and dates only).
-- The person's current partnership (PartnershipFormed to them): whose nights their shared streak counts, and
-- whose pause days rest it besides their own. Removed when the partnership ends or either person is erased.
create table ritual_partnership (
    user_id         text primary key,
    pair_id         uuid not null,
    partner_user_id text not null
);
create index ritual_partnership_partner on ritual_partnership (partner_user_id);

-- Nights both partners shared (RitualRevealed, published to each of the two): a local date, the day starting at
-- 04:00. One row per person and night, so each person's rows are theirs to export and erase.
create table shared_ritual_night (
    user_id text not null,
    pair_id uuid not null,
    night   date not null,
    primary key (user_id, pair_id, night)
);
