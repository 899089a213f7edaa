-- Letters go through the per-kind channel routes (issue 14): the weekly letter goes by e-mail only while the person's
-- routes send WEEKLY_SUMMARY to the new channel EMAIL, and the one-click unsubscribe removes EMAIL from that same
-- route, so GET /notifications/preferences shows it. email_address.unsubscribed_kinds was a second truth beside the
-- routes: folded into them here, then dropped. (No routing row = the defaults, which send WEEKLY_SUMMARY to EMAIL.)

-- Stored routes were written before EMAIL existed: a person with a confirmed address who had not unsubscribed keeps
-- their letter.
update notification_routing r
   set routes = jsonb_set(r.routes, '{WEEKLY_SUMMARY}', coalesce(r.routes -> 'WEEKLY_SUMMARY', '[]'::jsonb) || '["EMAIL"]'::jsonb)
  from email_address e
 where e.user_id = r.user_id and e.confirmed_at is not null and not ('WEEKLY_SUMMARY' = any(e.unsubscribed_kinds))
   and not (coalesce(r.routes -> 'WEEKLY_SUMMARY', '[]'::jsonb) ? 'EMAIL');

-- A person who unsubscribed and never stored routes: the defaults, without EMAIL for WEEKLY_SUMMARY.
insert into notification_routing (user_id, routes, updated_at)
select e.user_id,
       '{"REMINDERS":["WEB_PUSH","STREAM","MOBILE_PUSH"],"PARTNER_NUDGES":["WEB_PUSH","STREAM","MOBILE_PUSH"],"WEEKLY_SUMMARY":["WEB_PUSH","STREAM","MOBILE_PUSH"]}'::jsonb,
       now()
  from email_address e
 where 'WEEKLY_SUMMARY' = any(e.unsubscribed_kinds)
on conflict (user_id) do nothing;

alter table email_address drop column unsubscribed_kinds;
