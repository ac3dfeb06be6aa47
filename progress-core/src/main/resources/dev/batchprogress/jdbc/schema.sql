-- Run state of batch-progress, for PostgreSQL 10 or newer.
--
-- Queries never count facilities or tasks: every event that moves a facility or ends a task
-- updates the counters in bp_facility_count and bp_stage in the same transaction, so a progress
-- query reads a few rows per run however large the run is. Every event also locks its run's row in
-- bp_run and bumps its version, so the events of one run apply one at a time and a query, being one
-- statement, always reads one consistent state.

CREATE TABLE IF NOT EXISTS bp_run (
    -- The tracking id's comparison key: lower-cased for canonical 0x ids, otherwise as sent.
    run_key            TEXT PRIMARY KEY,
    tracking_id        TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('BATCH_PROCESS', 'BATCH_SUPPLY_SHED')),
    organization       TEXT NOT NULL,
    -- The content hash of the submitted file as registered, and lower-cased for lookups; or NULL.
    filename           TEXT,
    filename_key       TEXT,
    pipeline_name      TEXT NOT NULL,
    flow_count         INTEGER NOT NULL CHECK (flow_count >= 1),
    facility_count     INTEGER NOT NULL CHECK (facility_count >= 0),
    skip_reason        TEXT,
    version            BIGINT NOT NULL DEFAULT 0,
    registered_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    registration_order BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE INDEX IF NOT EXISTS bp_run_by_filename
    ON bp_run (filename_key, registration_order DESC) WHERE filename_key IS NOT NULL;

CREATE INDEX IF NOT EXISTS bp_run_by_organization
    ON bp_run (organization, registration_order DESC);

-- The pipeline of each run, one row per flow (a stage of a batch process).
CREATE TABLE IF NOT EXISTS bp_flow (
    run_key     TEXT NOT NULL REFERENCES bp_run (run_key) ON DELETE CASCADE,
    flow_number INTEGER NOT NULL CHECK (flow_number >= 1),
    name        TEXT NOT NULL,
    phase       TEXT NOT NULL CHECK (phase IN ('PREPROCESSING', 'PROCESSING')),
    PRIMARY KEY (run_key, flow_number)
);

-- Each stage of a batch process: its status and the task counters its events maintain.
CREATE TABLE IF NOT EXISTS bp_stage (
    run_key        TEXT NOT NULL REFERENCES bp_run (run_key) ON DELETE CASCADE,
    stage_number   INTEGER NOT NULL CHECK (stage_number >= 1),
    status         TEXT NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    task_total     BIGINT NOT NULL DEFAULT 0,
    task_succeeded BIGINT NOT NULL DEFAULT 0,
    task_failed    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (run_key, stage_number)
);

-- Every task added to a stage, so that a repeated event counts once.
-- outcome: 1 pending, 2 succeeded, 3 failed.
CREATE TABLE IF NOT EXISTS bp_task (
    run_key      TEXT NOT NULL,
    stage_number INTEGER NOT NULL,
    task_number  INTEGER NOT NULL CHECK (task_number >= 0),
    outcome      SMALLINT NOT NULL CHECK (outcome BETWEEN 1 AND 3),
    PRIMARY KEY (run_key, stage_number, task_number),
    FOREIGN KEY (run_key, stage_number) REFERENCES bp_stage (run_key, stage_number) ON DELETE CASCADE
);

-- For each supply shed run and facility state, how many facilities are in it. State codes, for a
-- pipeline of n flows: 0 queued, k in [1, n] running flow k, n + 1 completed, n + 2 failed,
-- n + 3 ungeocoded.
CREATE TABLE IF NOT EXISTS bp_facility_count (
    run_key    TEXT NOT NULL REFERENCES bp_run (run_key) ON DELETE CASCADE,
    state_code INTEGER NOT NULL CHECK (state_code >= 0),
    facilities BIGINT NOT NULL CHECK (facilities >= 0),
    PRIMARY KEY (run_key, state_code)
);

-- The state code of each facility that left the queue; a facility without a row is queued.
CREATE TABLE IF NOT EXISTS bp_facility (
    run_key         TEXT NOT NULL REFERENCES bp_run (run_key) ON DELETE CASCADE,
    facility_number INTEGER NOT NULL CHECK (facility_number >= 0),
    state_code      INTEGER NOT NULL CHECK (state_code >= 1),
    PRIMARY KEY (run_key, facility_number)
);
