-- The language a person reads Openly in (a tag Openly speaks: en, de, es, fr). Written on first use from the
-- browser's Accept-Language (chosen = false: only a guess) and when the person chooses one in their reminder
-- preferences (chosen = true; a later Accept-Language never overrides it). Other services learn it from the
-- LanguageChosen event, never by calling.
create table person_locale (
    user_id     text        primary key,
    locale      text        not null,
    chosen      boolean     not null,
    updated_at  timestamptz not null
);
