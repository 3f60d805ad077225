-- Digests posted, one row per digest and scheduled instant. The primary key makes a post idempotent:
-- the row is inserted in the same transaction that hands the message over, so two replicas (or a restart)
-- cannot both post the digest of the same morning.
create table digest_runs (
    digest        text        not null,   -- the digest's name (its channel address unless named)
    scheduled_at  timestamptz not null,   -- the cron instant this run answers
    channel       text        not null,
    late          boolean     not null default false,
    posted_at     timestamptz not null,
    replica       text        not null,
    primary key (digest, scheduled_at)
);

-- Probe history downsampled to one row per target, probe and hour: cheap trends over 30 days without
-- keeping every raw result that long. Rollups are written as results arrive and pruned after 30 days.
create table probe_rollups (
    target          text             not null,
    probe           text             not null,
    hour            timestamptz      not null,
    unit            text             not null default '',
    samples         integer          not null,
    value_count     integer          not null default 0,
    value_sum       double precision not null default 0,
    value_min       double precision,
    value_max       double precision,
    latency_sum_ms  bigint           not null default 0,
    latency_max_ms  bigint           not null default 0,
    warn_count      integer          not null default 0,
    critical_count  integer          not null default 0,
    primary key (target, probe, hour)
);
create index probe_rollups_hour on probe_rollups (hour);

-- Recurring checklists: one run per checklist and scheduled instant (idempotent like digest_runs),
-- one row per item with who ticked it, or the evidence Caretaker found itself.
create table checklist_runs (
    id            bigserial   primary key,
    checklist     text        not null,
    scheduled_at  timestamptz not null,
    channel       text        not null,
    late          boolean     not null default false,
    posted_at     timestamptz not null,
    unique (checklist, scheduled_at)
);

create table checklist_items (
    id            text        primary key,  -- short id carried by the Done button
    run_id        bigint      not null references checklist_runs (id) on delete cascade,
    position      integer     not null,
    text          text        not null,
    check_kind    text,                     -- automatic check, null for a manual item
    done_at       timestamptz,
    done_by       text,                     -- who clicked Done, or 'caretaker' for automatic evidence
    evidence      text,
    unique (run_id, position)
);
create index checklist_items_open on checklist_items (run_id) where done_at is null;
