-- Stable codes next to a reminder's worded reason (issue 14: API answers keep machine fields next to localized text),
-- e.g. 'LEARNED_INSIDE,QUIET_HOURS': a client can word the reason itself. Comma-separated, in the order the reason
-- says them; '' for reminders planned before (their reason stays as it was worded).
alter table scheduled_reminder add column reason_codes text not null default '';
