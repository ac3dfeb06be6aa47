package dev.batchprogress.servlet;

import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;

/**
 * The example payloads of the published endpoint description, compacted, each with the events that
 * lead a run to it. Where the description contradicts its own field table, the failed count of a
 * supply shed includes its ungeocoded facilities (7, 8 and 5 below, printed as 2, 3 and 0), and
 * {@code skip_reason} is always present.
 */
enum ReferenceExample {
    BATCH_PROCESS_HALF_OF_STAGE_TWO(
            "{\"n_stages\":4,\"stage\":2,\"progress\":50,\"failed\":false,\"complete\":false,"
                    + "\"overall_progress\":37,\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerBatchProcess(store, run);
            succeedStages(store, run, 1);
            runTasks(store, run, 2, 2, 1);
        }
    },
    BATCH_PROCESS_IN_PROGRESS(
            "{\"n_stages\":4,\"stage\":2,\"progress\":45,\"failed\":false,\"complete\":false,"
                    + "\"overall_progress\":36,\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerBatchProcess(store, run);
            succeedStages(store, run, 1);
            runTasks(store, run, 2, 20, 9);
        }
    },
    BATCH_PROCESS_COMPLETE(
            "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,\"complete\":true,"
                    + "\"overall_progress\":100,\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerBatchProcess(store, run);
            succeedStages(store, run, 4);
        }
    },
    BATCH_PROCESS_SKIPPED(
            "{\"n_stages\":4,\"stage\":4,\"progress\":100,\"failed\":false,\"complete\":true,"
                    + "\"overall_progress\":100,\"skip_reason\":\"low - not processed\"}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerBatchProcess(store, run);
            store.skip(run, LOW_CONFIDENCE);
        }
    },
    BATCH_PROCESS_FAILED(
            "{\"n_stages\":4,\"stage\":3,\"progress\":0,\"failed\":true,\"complete\":false,"
                    + "\"overall_progress\":50,\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerBatchProcess(store, run);
            succeedStages(store, run, 2);
            store.startStage(run, 3);
            store.addTasks(run, 3, 0, 4);
            store.recordTaskOutcome(run, 3, 0, TaskOutcome.FAILED);
            store.failStage(run, 3);
        }
    },
    SUPPLY_SHED_IN_PROGRESS(
            "{\"complete\":false,\"total_number_of_facilities\":100,"
                    + "\"total_number_of_ungeocoded_facilities\":5,"
                    + "\"total_number_of_facilities_failed\":7,"
                    + "\"total_number_of_facilities_completed\":60,"
                    + "\"total_number_of_facilities_queued\":5,"
                    + "\"total_number_of_facilities_preprocessing\":8,"
                    + "\"total_number_of_facilities_processing\":20,"
                    + "\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerSupplyShed(store, run, 100);
            for (int facility = 0; facility < 100; facility++) {
                if (facility < 5) {
                    store.markUngeocoded(run, facility);
                } else if (facility < 7) {
                    store.failFacility(run, facility);
                } else if (facility < 67) {
                    complete(store, run, facility);
                } else if (facility < 75) {
                    store.moveFacility(run, facility, "detect_plots");
                } else if (facility < 95) {
                    store.moveFacility(run, facility, "start_zonal_stats");
                }
            }
        }
    },
    SUPPLY_SHED_COMPLETE(
            "{\"complete\":true,\"total_number_of_facilities\":100,"
                    + "\"total_number_of_ungeocoded_facilities\":5,"
                    + "\"total_number_of_facilities_failed\":8,"
                    + "\"total_number_of_facilities_completed\":92,"
                    + "\"total_number_of_facilities_queued\":0,"
                    + "\"total_number_of_facilities_preprocessing\":0,"
                    + "\"total_number_of_facilities_processing\":0,"
                    + "\"skip_reason\":null}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerSupplyShed(store, run, 100);
            for (int facility = 0; facility < 100; facility++) {
                if (facility < 5) {
                    store.markUngeocoded(run, facility);
                } else if (facility < 8) {
                    store.moveFacility(run, facility, "export_vectors_orchestration");
                    store.failFacility(run, facility);
                } else {
                    complete(store, run, facility);
                }
            }
        }
    },
    SUPPLY_SHED_SKIPPED(
            "{\"complete\":true,\"total_number_of_facilities\":100,"
                    + "\"total_number_of_ungeocoded_facilities\":5,"
                    + "\"total_number_of_facilities_failed\":5,"
                    + "\"total_number_of_facilities_completed\":0,"
                    + "\"total_number_of_facilities_queued\":0,"
                    + "\"total_number_of_facilities_preprocessing\":0,"
                    + "\"total_number_of_facilities_processing\":0,"
                    + "\"skip_reason\":\"low - not processed\"}") {
        @Override
        void record(InMemoryRunStore store, TrackingId run) {
            registerSupplyShed(store, run, 100);
            for (int facility = 0; facility < 5; facility++) {
                store.markUngeocoded(run, facility);
            }
            store.moveFacility(run, 5, "start_batch_supply_shed");
            store.skip(run, LOW_CONFIDENCE);
        }
    };

    static final String LOW_CONFIDENCE = "low - not processed";

    private final String json;

    ReferenceExample(String json) {
        this.json = json;
    }

    /** Returns the payload as the servlet must send it, byte for byte. */
    String json() {
        return json;
    }

    /**
     * Registers a run of organization {@link Fixtures#ACME} and records events up to the example.
     */
    abstract void record(InMemoryRunStore store, TrackingId run);

    static void registerBatchProcess(InMemoryRunStore store, TrackingId run) {
        store.register(RunRegistration.batchProcess(run, Fixtures.ACME, Pipeline.BATCH_PROCESS));
    }

    static void registerSupplyShed(InMemoryRunStore store, TrackingId run, int facilities) {
        store.register(
                RunRegistration.supplyShed(run, Fixtures.ACME, Pipeline.SUPPLY_SHED, facilities));
    }

    private static void succeedStages(InMemoryRunStore store, TrackingId run, int stages) {
        for (int stage = 1; stage <= stages; stage++) {
            store.startStage(run, stage);
            store.addTasks(run, stage, 0, 3);
            for (int task = 0; task < 3; task++) {
                store.recordTaskOutcome(run, stage, task, TaskOutcome.SUCCEEDED);
            }
            store.succeedStage(run, stage);
        }
    }

    /** Starts a stage with {@code tasks} tasks, of which the first {@code succeeded} succeed. */
    private static void runTasks(
            InMemoryRunStore store, TrackingId run, int stage, int tasks, int succeeded) {
        store.startStage(run, stage);
        store.addTasks(run, stage, 0, tasks);
        for (int task = 0; task < succeeded; task++) {
            store.recordTaskOutcome(run, stage, task, TaskOutcome.SUCCEEDED);
        }
    }

    static void complete(InMemoryRunStore store, TrackingId run, int facility) {
        store.moveFacility(run, facility, "orchestrate_ingestion");
        store.completeFacility(run, facility);
    }
}
