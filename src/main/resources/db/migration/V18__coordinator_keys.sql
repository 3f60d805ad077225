-- What the coordinator keeps in PostgreSQL beside Redis: dedup and cooldown claims, leases, counters and generations.
-- Redis answers first; every claim and lease it grants is also written here under the same key, and when Redis is
-- lost PostgreSQL answers alone, so a request claimed before the loss is never claimed again after it (and the
-- other way round when Redis returns). Times come from PostgreSQL's own clock, the same for every replica.
create table coordinator_keys (
    key         text primary key,
    holder      text,                  -- the replica holding a lease; null for claims and counters
    count       bigint      not null default 0,
    expires_at  timestamptz            -- null: kept until deleted (generations)
);
create index coordinator_keys_expires on coordinator_keys (expires_at);
