-- Held alerts, paging and on-call.

-- An alert is held (stored, not posted) while a maintenance window covers it (hold = 'maintenance:<window id>') or
-- while its route's quiet hours hold its severity (hold = 'quiet'); held alerts are left out of their group's
-- message. An alert is held while hold is set and hold_outcome is not: at a window's end each held alert is
-- released, posted if it still fires or recorded as resolved during the window, and hold_outcome says which (hold
-- stays, so the digest can tell what each window held). Quiet-hour alerts are shown in the next digest instead.
alter table alerts add column hold text;
alter table alerts add column held_at timestamptz;
alter table alerts add column hold_outcome text;
-- Escalation along the route's rotation: how many steps were taken, and who was paged last.
alter table alerts add column escalation_step integer not null default 0;
alter table alerts add column escalated_to text;
create index alerts_held on alerts (hold) where hold is not null;

-- The rotation of the route an episode was posted for, and how the person on call then is mentioned on each
-- platform ({"slack": "<@U0ALICE>", "discord": "<@1122>"}), so every edit of the message pages the same person.
alter table alert_groups add column rotation text;
alter table alert_groups add column mentions jsonb not null default '{}'::jsonb;

-- Someone else on call for a while (`oncall override`): ends by itself at ends_at.
create table oncall_overrides (
    id          bigserial   primary key,
    rotation    text        not null,
    person      text        not null,             -- the person's name in caretaker.oncall.rotations[].people
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    check (ends_at > starts_at)
);
create index oncall_overrides_time on oncall_overrides (rotation, ends_at);

-- Two people trade their turns for a time (`oncall swap`): wherever the schedule says one, it is the other.
create table oncall_swaps (
    id          bigserial   primary key,
    rotation    text        not null,
    person_a    text        not null,
    person_b    text        not null,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,
    created_by  text        not null,
    created_at  timestamptz not null,
    check (ends_at > starts_at)
);
create index oncall_swaps_time on oncall_swaps (rotation, ends_at);

-- Hand-off messages posted, one per rotation and hand-off instant, inserted in the transaction that enqueues the
-- message: replicas and restarts post each hand-off once.
create table oncall_handoffs (
    rotation    text        not null,
    handoff_at  timestamptz not null,
    posted_at   timestamptz not null,
    primary key (rotation, handoff_at)
);
