-- The backups catalogue: one row per backup of a target (a pg_dump or a tar.gz of files), written when it starts
-- and completed when its object is stored. A row is 'running' while the dump streams (heartbeat_at moves on),
-- then 'done' or 'failed'; a failed backup keeps its row (what went wrong) but never an object. 'pruning' marks a
-- row whose object is being deleted: the row goes once the object is gone, so the two leave together.
create table backups (
    id              bigserial   primary key,
    target          text        not null,
    kind            text        not null,            -- postgres | files
    format          text        not null,            -- custom | plain-gzip | tar-gzip
    status          text        not null,            -- running | done | failed | pruning
    storage         text        not null,            -- the storage's name in config
    storage_key     text        not null,
    started_at      timestamptz not null,
    heartbeat_at    timestamptz not null,
    finished_at     timestamptz,
    size_bytes      bigint,
    sha256          text,
    server_version  text,
    client_version  text,
    table_counts    jsonb,                           -- {"public.orders": 1200, ...} in the dump's snapshot
    file_count      bigint,                          -- files in an archive
    error           text,                            -- one sentence, for a failed backup
    requested_by    text        not null,            -- a person's name, or 'schedule'
    scheduled_at    timestamptz,                     -- the cron instant of a scheduled backup
    replica         text        not null,
    verified_at     timestamptz,                     -- the last verification that passed
    verify_status   text                             -- passed | failed, of the last verification
);
create index backups_target on backups (target, started_at desc);

-- Every verification by restore (or full read of an archive): what was checked and what came of it.
create table backup_verifications (
    id              bigserial   primary key,
    backup_id       bigint      not null references backups (id) on delete cascade,
    started_at      timestamptz not null,
    finished_at     timestamptz not null,
    status          text        not null,            -- passed | failed
    failure         text,                            -- checksum | download | restore | counts | archive
    detail          text        not null default '', -- one sentence
    tables          jsonb,                           -- [{"table": ..., "expected": n, "restored": m}, ...]
    requested_by    text        not null
);
create index backup_verifications_backup on backup_verifications (backup_id, finished_at desc);

-- Scheduled backups claimed, one row per target and cron instant: the primary key makes the run happen once
-- whatever the number of replicas or restarts (as digest_runs does for digests).
create table backup_schedule_runs (
    target          text        not null,
    scheduled_at    timestamptz not null,
    late            boolean     not null default false,
    claimed_at      timestamptz not null,
    replica         text        not null,
    primary key (target, scheduled_at)
);
