-- Each person's write budget (a token bucket), shared by every replica: with the limit kept in one
-- replica's memory, N replicas would allow N times the rate. Rows are read and written under the
-- person's advisory lock that every write already takes.
create table write_allowance (
    user_id     text             primary key,
    tokens      double precision not null,
    refilled_at timestamptz      not null
);
