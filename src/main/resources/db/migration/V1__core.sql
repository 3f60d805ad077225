-- The audit log: one row per command someone typed, written before the action starts and completed
-- after, so a crash mid-action leaves a visible "started, never finished" row.
create table audit_log (
    id            bigserial primary key,
    request_id    text        not null,
    platform      text        not null,
    user_id       text        not null,
    user_name     text        not null,
    channel       text        not null,
    command       text        not null,
    command_line  text        not null,   -- as typed, secrets redacted
    args          jsonb       not null default '{}'::jsonb,
    decision      text        not null,   -- allowed | denied | throttled | pending | cancelled | rejected
    outcome       text,                   -- started | ok | failed | timeout (null when nothing ran)
    detail        text,                   -- why it was denied or failed, one sentence
    started_at    timestamptz not null,
    finished_at   timestamptz,
    duration_ms   bigint
);
create index audit_log_started_at on audit_log (started_at desc);
create index audit_log_user on audit_log (user_id, started_at desc);
create index audit_log_command on audit_log (command, started_at desc);

-- Each run of an action: what it produced, how long it took, the error when it failed.
create table executions (
    id            bigserial primary key,
    audit_id      bigint      not null references audit_log (id),
    request_id    text        not null,
    command       text        not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    status        text        not null,   -- running | ok | failed | timeout
    output_chars  integer,
    error         text
);
create index executions_audit on executions (audit_id);

-- Confirmations and two-person approvals waiting for an answer; single use, with a deadline.
create table pending_invocations (
    token            text primary key,
    kind             text        not null check (kind in ('confirm', 'approval')),
    request_id       text        not null,
    platform         text        not null,
    user_id          text        not null,
    user_name        text        not null,
    user_groups      text[]      not null default '{}',
    channel          text        not null,
    command          text        not null,
    command_line     text        not null,
    required_role    text        not null,
    approvals_needed integer     not null default 0,
    approved_by      jsonb       not null default '[]'::jsonb,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    resolved_at      timestamptz,
    resolution       text
);
create index pending_expires on pending_invocations (expires_at) where resolved_at is null;
