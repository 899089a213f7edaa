-- A practice reminds only once the person chose it (preferences) or recorded it. Until now a new
-- person's preferences switched on all five practices at their suggested windows.

-- Practices whose reminders the person turned off: recording one of them later does not turn it on again.
alter table reminder_preferences add column declined_practices text[] not null default '{}';

-- The old defaults held all five practices, so a practice missing from someone's windows was turned off
-- by that person: it stays off.
update reminder_preferences p set declined_practices = array(
    select practice from unnest(array['BODY_ANCHOR', 'HONEST_SENTENCE', 'PRESENT_LISTENING', 'INNER_CRITIC_REFRAME',
                                      'RITUAL_OF_OPENNESS']) as practice
    where p.windows -> practice is null order by practice);

-- A practice counts as chosen when the person changed its window or recorded it at least once. One still
-- at its suggested window and never recorded was never chosen: it stops reminding. (A person who set
-- exactly the suggested window for a practice they never recorded cannot be told apart from one who never
-- looked; they lose that practice's reminders, erring towards none, and can choose it again.)
with suggested (practice, suggested_window) as (values
        ('BODY_ANCHOR', '{"start": "07:30", "end": "09:30"}'::jsonb),
        ('HONEST_SENTENCE', '{"start": "12:00", "end": "18:00"}'::jsonb),
        ('PRESENT_LISTENING', '{"start": "17:00", "end": "20:00"}'::jsonb),
        ('INNER_CRITIC_REFRAME', '{"start": "15:00", "end": "19:00"}'::jsonb),
        ('RITUAL_OF_OPENNESS', '{"start": "21:00", "end": "22:30"}'::jsonb))
update reminder_preferences p set windows = coalesce((
    select jsonb_object_agg(w.key, w.value) from jsonb_each(p.windows) w
    where not exists (select 1 from suggested s where s.practice = w.key and s.suggested_window = w.value)
       or exists (select 1 from practice_activity a where a.user_id = p.user_id and a.practice = w.key)
       or exists (select 1 from practice_history h where h.user_id = p.user_id and h.practice = w.key and not h.deleted)
), '{}'::jsonb);

-- Waiting reminders of practices no longer chosen go; what was sent stays in the person's history.
delete from scheduled_reminder r using reminder_preferences p
where r.user_id = p.user_id and r.status = 'PENDING' and p.windows -> r.practice is null;
