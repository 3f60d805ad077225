-- The outbox: messages waiting for a chat platform. A state change and its message are written in one
-- transaction; the notifier delivers them later, so a platform outage delays messages and loses none.

-- One lane per logical message in one channel (e.g. alert-group:12:1 in slack:C0123). The lane records the
-- platform's message id once posted, so later messages with the same key edit it instead of posting again.
-- Notifiers lock the lane row (FOR UPDATE SKIP LOCKED) while delivering: one delivery per lane at a time.
create table outbox_lanes (
    id            bigserial primary key,
    channel       text        not null,
    message_key   text        not null,
    message_id    text,                   -- the platform's id (Slack ts, Discord snowflake) once posted
    attempts      integer     not null default 0,   -- failed attempts since the last success
    retry_at      timestamptz,            -- not before this time (backoff, Retry-After)
    last_error    text,
    posted_at     timestamptz,
    updated_at    timestamptz,
    unique (channel, message_key)
);

-- Each version of a message; when several are pending for one lane only the newest is delivered.
create table outbox (
    id                bigserial primary key,
    lane_id           bigint      not null references outbox_lanes (id),
    thread_parent_key text,                 -- post in the thread of the message recorded under this key
    reply             jsonb       not null,
    status            text        not null default 'pending'
                      check (status in ('pending', 'delivered', 'superseded', 'failed')),
    created_at        timestamptz not null default now(),
    delivered_at      timestamptz,
    error             text
);
create index outbox_pending on outbox (lane_id, id) where status = 'pending';
create index outbox_created on outbox (created_at);
