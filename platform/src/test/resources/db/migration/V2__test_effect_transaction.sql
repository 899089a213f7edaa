-- Which transaction applied an event, and in which order: the batch tests prove one transaction per batch, per-person order.
alter table test_effect add column tx_id bigint not null default txid_current();
alter table test_effect add column seq bigserial;
