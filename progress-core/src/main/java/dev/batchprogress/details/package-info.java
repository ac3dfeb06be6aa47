/**
 * Immutable values of a run's breakdown: per-stage and per-flow counts, elapsed time and an
 * estimate of the time left, as {@link dev.batchprogress.ProgressTracker#details} returns them.
 */
@NullMarked
package dev.batchprogress.details;

import org.jspecify.annotations.NullMarked;
