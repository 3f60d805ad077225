-- Maintenance windows: planned work during which alerts of the covered targets are held, not posted. A window
-- covers the Caretaker targets named in `targets` and the Alertmanager alerts whose `target` or `service` label is
-- one of them, plus alerts whose labels match every entry of `matchers`; no targets and no matchers cover
-- everything. Whether a window covers a time is decided by starts_at / ends_at alone, so every replica (and the
-- backups' restore guard) gives the same answer; started_at / closed_at record that the start (banner, silence,
-- hook) and the end (re-check, summary, banner) were carried out, each once across replicas.
create table maintenance_windows (
    id          bigserial   primary key,
    reason      text        not null default '',
    targets     text[]      not null default '{}',
    matchers    jsonb       not null default '{}'::jsonb,
    starts_at   timestamptz not null,
    ends_at     timestamptz not null,             -- planned end; `maint off` moves it to the time it was turned off
    created_by  text        not null,
    created_at  timestamptz not null,
    channel     text,                             -- where it was asked for
    started_at  timestamptz,
    closed_at   timestamptz,
    ended_by    text,                             -- who turned it off early, if anyone
    silence_id  text,                             -- Alertmanager's silence for the window, while it has one
    check (ends_at >= starts_at)
);
create index maintenance_windows_open on maintenance_windows (ends_at) where closed_at is null;
create index maintenance_windows_time on maintenance_windows (starts_at, ends_at);
