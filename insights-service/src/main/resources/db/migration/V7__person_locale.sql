-- The language each person reads Openly in, learned from reminder-service's LanguageChosen events (never by
-- calling it). chosen_at orders the facts: a redelivered or older event never overrides a newer choice.
create table insights_person_locale (
    user_id    text        primary key,
    locale     text        not null,
    chosen_at  timestamptz not null
);
