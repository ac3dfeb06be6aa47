/**
 * The parts of {@code progress-server serve}: the settings, the bearer tokens, the run storage (in
 * memory or PostgreSQL), and {@link dev.batchprogress.server.serve.ProgressService}, which starts
 * the storage, the replay and the HTTP server together and stops them in order.
 */
@NullMarked
package dev.batchprogress.server.serve;

import org.jspecify.annotations.NullMarked;
