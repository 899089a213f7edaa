-- Who counts in an organization's anonymous view, week by week. Opting in counts from the first week that
-- has not started anywhere (counted_from); opting out stops from the first week not yet published
-- (counted_until, exclusive). Published weeks never change, so these periods are all a week's figures rest on.
create table org_sharing_period (
    user_id       text not null,
    org_id        text not null,
    counted_from  date not null,
    counted_until date,
    primary key (user_id, org_id, counted_from),
    check (counted_until is null or counted_until > counted_from)
);
create index org_sharing_period_org on org_sharing_period (org_id, counted_from);

-- People who had opted in before this table existed count from the first week that has not started anywhere
-- (UTC+14 is the first zone to start a week): their earlier weeks were never published with noise.
insert into org_sharing_period (user_id, org_id, counted_from)
select user_id, org_id, (date_trunc('week', now() at time zone 'Etc/GMT-14'))::date + 7
from insights_person where share_with_org and org_id is not null;

-- An organization's week, published once when the week has closed everywhere: noisy figures only
-- (anonymous aggregates: no person's id, never changed afterwards, kept when a member is erased).
create table org_week (
    org_id         text          not null,
    week_start     date          not null,
    published_at   timestamptz   not null,
    epsilon        numeric(12,6) not null,
    min_group_size integer       not null,
    figures        jsonb         not null,
    primary key (org_id, week_start)
);
