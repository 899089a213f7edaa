-- The partner nudge (issue 12): my partner shared tonight's ritual, I have not, and no ritual reminder of mine is
-- still to come that night to say so. One row per person and night, so there is at most one nudge a night.
-- status: PENDING (to be sent), SENDING (claimed by a replica), SENT, DROPPED (quiet hours, pause, not a reminder
-- day, or the person shared meanwhile), NOT_DELIVERED (no channel), FAILED. event_id is the nudge's id in the
-- delivery ledger (notification_delivery), so a nudge is never sent twice to one target.
create table partner_nudge (
    user_id    text        not null,
    night      date        not null,
    pair_id    uuid        not null,
    event_id   uuid        not null unique,
    status     text        not null,
    attempts   integer     not null default 0,
    detail     text,
    queued_at  timestamptz not null,
    updated_at timestamptz not null,
    primary key (user_id, night)
);
create index partner_nudge_waiting on partner_nudge (updated_at) where status in ('PENDING', 'SENDING');
