/**
 * The replay engine: a discrete-event simulation that records batch process and supply shed runs
 * into a {@link dev.batchprogress.recording.RunRecorder} on a simulated clock, paced against real
 * time.
 */
@NullMarked
package dev.batchprogress.server.replay;

import org.jspecify.annotations.NullMarked;
