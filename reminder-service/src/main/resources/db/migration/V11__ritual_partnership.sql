-- The nightly ritual with a partner (issue 12), learned from journal-service's events only (ids and dates, never
-- text or names). One row per person in a partnership, from the PartnershipFormed published to that person; a
-- pair is aligned only while both people's rows name each other with the same pair_id, so the two events may
-- arrive in any order. PartnershipEnded (or the erasure of either person) removes the rows.
create table ritual_partnership (
    user_id         text        primary key,
    pair_id         uuid        not null,
    partner_user_id text        not null,
    formed_at       timestamptz not null
);
create index ritual_partnership_partner on ritual_partnership (partner_user_id);

-- Nights the person's partner shared their ritual (PartnerSharedRitual, to this person), and whether the night
-- was revealed (RitualRevealed: the person shared too). Until then that night's ritual reminder mentions it,
-- once; night is the partner's ritual night (a local date, the day starting at 04:00).
create table ritual_partner_shared (
    user_id   text        not null,
    pair_id   uuid        not null,
    night     date        not null,
    shared_at timestamptz not null,
    revealed  boolean     not null default false,
    primary key (user_id, pair_id, night)
);
