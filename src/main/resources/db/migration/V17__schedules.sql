-- Scheduled commands (caretaker.schedules[]): one row per schedule and scheduled instant, claimed before the command
-- runs (like digest_runs, the primary key makes the claim idempotent: two replicas or a restart never run the same
-- instant twice) and completed with the outcome in the transaction that hands the result to the outbox. A row with
-- no outcome is a run that started and never finished (the replica died): it is not run again.
create table schedule_runs (
    schedule      text        not null,   -- the schedule's name
    scheduled_at  timestamptz not null,   -- the cron instant this run answers
    late          boolean     not null default false,
    started_at    timestamptz not null,
    replica       text        not null,
    request_id    text        not null,   -- the audit rows of the command carry it
    outcome       text,                   -- ok | warning | failed | refused; null while it runs
    detail        text,
    finished_at   timestamptz,
    primary key (schedule, scheduled_at)
);

-- `schedule pause` / `schedule resume`: one row per schedule that was ever paused. Runs due before the last resume
-- are not caught up.
create table schedule_states (
    schedule    text        primary key,
    paused      boolean     not null,
    changed_by  text        not null,
    changed_at  timestamptz not null
);

-- Buttons a runbook leaves in chat: an `ask:` step's Continue / Abort, and the Roll back button of a finished
-- runbook. The button carries only the token; what a click may do, who may do it and until when is here, and a
-- decision is one conditional update, so a button works once whatever the replica that gets the click.
create table runbook_prompts (
    token         text        primary key,
    kind          text        not null,   -- ask | rollback
    request_id    text        not null,   -- the runbook's request id
    command       text        not null,   -- the runbook command's name
    channel       text        not null,
    role          text        not null,   -- who may click
    command_line  text,                   -- rollback: the line a click runs
    text          text        not null default '',
    created_at    timestamptz not null,
    expires_at    timestamptz not null,
    decision      text,                   -- continue | abort | expired | used
    decided_by    text,
    decided_at    timestamptz
);
create index runbook_prompts_open on runbook_prompts (expires_at) where decision is null;
