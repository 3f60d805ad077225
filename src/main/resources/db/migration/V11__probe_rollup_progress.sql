-- How far the hourly rollups have read the raw results the probe scheduler stores in probe_results (V3):
-- each result is folded in once, whichever replica does it and however often it runs.
create table probe_rollup_progress (
    id       integer primary key check (id = 1),
    last_id  bigint  not null
);
insert into probe_rollup_progress (id, last_id) values (1, 0);
