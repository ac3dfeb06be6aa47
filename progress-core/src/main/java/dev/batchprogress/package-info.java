/**
 * Computes how far along a batch run is: {@link dev.batchprogress.ProgressTracker} resolves a
 * {@link dev.batchprogress.ProgressQuery} for a {@link dev.batchprogress.model.Caller} against a
 * run-state source and returns the run's progress, or throws a {@link
 * dev.batchprogress.ProgressException} that carries the wire {@code detail}.
 */
@NullMarked
package dev.batchprogress;

import org.jspecify.annotations.NullMarked;
