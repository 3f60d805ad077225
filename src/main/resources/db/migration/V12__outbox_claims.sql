-- Delivery outside transactions: a notifier claims a lane for a short lease (claimed_until) in one short
-- transaction, calls the platform with no transaction open, and records the outcome in a second one. A claim
-- whose holder died runs out and another replica takes the lane over; claim_token tells a late recorder that
-- the lane is no longer its own.
alter table outbox_lanes add column claimed_until timestamptz;
alter table outbox_lanes add column claim_token text;

-- Per channel, when the platform may be called there again: paused_until after it answered HTTP 429 with
-- Retry-After (nothing goes to the channel before), next_post_at for pacing (Slack takes about one new message
-- per second and channel). Rows appear on first use.
create table outbox_channels (
    channel       text primary key,
    paused_until  timestamptz,
    next_post_at  timestamptz
);
