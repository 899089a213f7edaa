-- Phones registered for mobile push (issue 13): an FCM registration token (Android) or an APNs device token (iOS).
-- A token names one app installation: it belongs to whoever registered it last on that device, so a phone handed
-- from one person to another never shows the former person's reminders (unique per platform and token).
create table device_token (
    id          uuid        primary key,
    user_id     text        not null,
    platform    text        not null check (platform in ('ANDROID', 'IOS')),
    token       text        not null,
    created_at  timestamptz not null,
    unique (platform, token)
);
create index device_token_user on device_token (user_id);
