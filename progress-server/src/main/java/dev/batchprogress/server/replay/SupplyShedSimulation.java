package dev.batchprogress.server.replay;

import dev.batchprogress.model.Pipeline;
import dev.batchprogress.model.TrackingId;
import dev.batchprogress.recording.RunRecorder;
import dev.batchprogress.recording.RunRegistration;
import dev.batchprogress.server.data.Facility;
import dev.batchprogress.server.data.FacilityList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Replays a facility list as a supply shed run of {@link Pipeline#SUPPLY_SHED}. Ungeocoded rows are
 * marked so right after registration. The others wait in the queue and enter the flows in row
 * order, at most {@code concurrency} at a time, so the queued count stays visible. Each facility
 * walks through the seven flows in order and completes, or fails in one of them as its {@link
 * FacilityPlan} determines.
 */
final class SupplyShedSimulation implements RunSimulation {

    private final ReplayRun run;
    private final FacilityList facilities;
    private final String organization;
    private final RunRecorder recorder;
    private final EventQueue events;
    private final RandomGenerator random;
    private final double failureShare;
    private final int concurrency;

    private final Deque<Integer> queued = new ArrayDeque<>();
    private int inFlight;
    private int failures;

    SupplyShedSimulation(
            ReplayRun run,
            FacilityList facilities,
            String organization,
            RunRecorder recorder,
            EventQueue events,
            RandomGenerator random,
            double failureShare,
            int concurrency) {
        this.run = run;
        this.facilities = facilities;
        this.organization = organization;
        this.recorder = recorder;
        this.events = events;
        this.random = random;
        this.failureShare = failureShare;
        this.concurrency = concurrency;
    }

    @Override
    public ReplayRun run() {
        return run;
    }

    @Override
    public void start() {
        TrackingId id = run.trackingId();
        List<Facility> rows = facilities.facilities();
        recorder.register(
                RunRegistration.supplyShed(id, organization, Pipeline.SUPPLY_SHED, rows.size())
                        .withFilename(run.filename()));
        for (int facility = 0; facility < rows.size(); facility++) {
            if (rows.get(facility).geocoded()) {
                queued.add(facility);
            } else {
                recorder.markUngeocoded(id, facility);
            }
        }
        admitQueued();
    }

    @Override
    public int injectedFailures() {
        return failures;
    }

    private void admitQueued() {
        while (inFlight < concurrency && !queued.isEmpty()) {
            int facility = queued.remove();
            inFlight++;
            FacilityPlan plan =
                    FacilityPlan.draw(facilities.facilities().get(facility), failureShare, random);
            enterFlow(facility, 1, plan);
        }
    }

    private void enterFlow(int facility, int flow, FacilityPlan plan) {
        recorder.moveFacility(run.trackingId(), facility, flow);
        events.schedule(plan.flowDurations().get(flow - 1), () -> leaveFlow(facility, flow, plan));
    }

    private void leaveFlow(int facility, int flow, FacilityPlan plan) {
        if (flow < plan.flowDurations().size()) {
            enterFlow(facility, flow + 1, plan);
            return;
        }

        if (plan.fails()) {
            recorder.failFacility(run.trackingId(), facility);
            failures++;
        } else {
            recorder.completeFacility(run.trackingId(), facility);
        }
        inFlight--;
        admitQueued();
    }
}
