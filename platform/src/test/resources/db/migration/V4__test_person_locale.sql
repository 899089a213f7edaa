-- The test application's language table (platform LanguageStore, fed by LanguageChosenConsumer through FactRecords),
-- so the platform's own tests can take the database away from a fact consumer.
create table test_person_locale (
    user_id    text        primary key,
    locale     text        not null,
    chosen_at  timestamptz not null
);
