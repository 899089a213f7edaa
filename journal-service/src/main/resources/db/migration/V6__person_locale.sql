-- The language each person reads their daily prompts in, learned from reminder-service's LanguageChosen events
-- (never by calling it; issue 14). chosen_at orders the facts: an older event arriving late never overrides a
-- newer choice. Keyed by user_id, so the personal-data catalogue exports and erases it with everything else.
create table journal_person_locale (
    user_id    text        primary key,
    locale     text        not null,
    chosen_at  timestamptz not null
);
