/**
 * The parts of {@code progress-server watch}: a client of {@code GET /batch_progress/stream} and
 * {@code GET /batch_progress}, its server-sent event parser, and the displays of the watched run.
 */
@NullMarked
package dev.batchprogress.server.watch;

import org.jspecify.annotations.NullMarked;
