package dev.batchprogress.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.ProgressQuery;
import dev.batchprogress.ProgressTracker;
import dev.batchprogress.json.ProgressJson;
import dev.batchprogress.memory.InMemoryRunStore;
import dev.batchprogress.model.Caller;
import dev.batchprogress.model.Permission;
import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.Progress;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.recording.TaskOutcome;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs the in-process example of the README, line for line, and checks what it prints. */
class ReadmeExampleTest {

    @Test
    void readmeExample_printsDocumentedAnswer() {
        // README example starts here.
        InMemoryRunStore store = InMemoryRunStore.create();
        TrackingId run =
                TrackingId.of("0xda47b7f12b109822e2604ebfc1669c514f43d4ae53b85c73e2ff6510127cd2d7");

        // The orchestrator records what its run does.
        store.register(RunRegistration.batchProcess(run, "acme", Pipeline.BATCH_PROCESS));
        store.startStage(run, 1);
        store.addTasks(run, 1, 0, 500);
        for (int task = 0; task < 250; task++) {
            store.recordTaskOutcome(run, 1, task, TaskOutcome.SUCCEEDED);
        }

        // Anyone of the organization with the read permission asks how far along it is.
        ProgressTracker tracker = ProgressTracker.create(store);
        Caller caller = new Caller("dashboard", "acme", Set.of(Permission.READ));
        Progress progress = tracker.progress(caller, ProgressQuery.ofTrackingId(run.value()));
        String json = ProgressJson.create().toJson(progress);
        // {"n_stages":4,"stage":1,"progress":50,"failed":false,"complete":false,
        //  "overall_progress":12,"skip_reason":null}
        // README example ends here.

        assertThat(json)
                .isEqualTo(
                        "{\"n_stages\":4,\"stage\":1,\"progress\":50,\"failed\":false,"
                                + "\"complete\":false,\"overall_progress\":12,\"skip_reason\":null}");
    }
}
