-- Every probe result, for rules, trends and the daily digest. Old rows are removed by the probe scheduler
-- (caretaker.probes.keep, default 30 days).
create table probe_results (
    id          bigserial primary key,
    target      text             not null,
    probe       text             not null,
    status      text             not null check (status in ('OK', 'WARN', 'CRITICAL')),
    value       double precision,
    unit        text             not null default '',
    detail      text             not null default '',
    latency_ms  bigint           not null default 0,
    at          timestamptz      not null
);
create index probe_results_at on probe_results (at);
create index probe_results_target_at on probe_results (target, probe, at desc);
