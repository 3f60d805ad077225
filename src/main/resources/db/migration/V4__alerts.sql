-- Alerts from Caretaker's own probes and from Alertmanager, and the messages that tell people about them.

-- What one message reports: a probe alert alone, or an Alertmanager notification group (groupKey). The
-- message of an episode is outbox key alert-group:<id>:<episode>; a group that fires again within the
-- re-notify window keeps its message (flapping), later it gets a new one.
create table alert_groups (
    id              bigserial primary key,
    source          text        not null check (source in ('probe', 'alertmanager')),
    group_key       text        not null,
    labels          jsonb       not null default '{}'::jsonb,   -- what routes and Silence match on
    channels        text[]      not null default '{}',
    mention         text,
    episode         integer     not null default 0,
    flapping        boolean     not null default false,
    thread_seq      integer     not null default 0,
    last_posted_at  timestamptz,
    unique (source, group_key)
);

create table alerts (
    id                bigserial primary key,
    fingerprint       text        not null,
    source            text        not null check (source in ('probe', 'alertmanager')),
    group_id          bigint      not null references alert_groups (id),
    name              text        not null,
    labels            jsonb       not null default '{}'::jsonb,
    annotations       jsonb       not null default '{}'::jsonb,
    severity          text        not null,     -- critical | warning | info
    state             text        not null check (state in ('firing', 'acknowledged', 'silenced', 'resolved')),
    value             text,
    summary           text        not null default '',
    runbook_url       text,
    started_at        timestamptz not null,
    updated_at        timestamptz not null,
    acked_at          timestamptz,
    acked_by          text,
    silenced_until    timestamptz,
    silence_id        text,                     -- Alertmanager's silence id when silenced there
    resolved_at       timestamptz,
    last_notified_at  timestamptz,
    escalated_at      timestamptz,
    unique (source, fingerprint)
);
create index alerts_open on alerts (state) where state <> 'resolved';
create index alerts_updated on alerts (updated_at);
create index alerts_group on alerts (group_id);
