/**
 * Immutable values of the progress domain: tracking ids, pipelines, run-state snapshots, callers
 * and the progress answers computed from snapshots.
 */
@NullMarked
package dev.batchprogress.model;

import org.jspecify.annotations.NullMarked;
