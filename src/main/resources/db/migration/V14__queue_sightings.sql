-- When Caretaker first saw each job waiting in a queue whose messages carry no enqueue time (Celery, plain
-- lists): the job's waiting age is then "at least" now - first_seen. Only the oldest jobs of each queue are
-- tracked; a job's row goes when it is no longer waiting.
create table queue_sightings (
    target      text        not null,
    queue       text        not null,
    job         text        not null,
    first_seen  timestamptz not null,
    primary key (target, queue, job)
);
