/**
 * The output of a running replay: progress JSON lines on standard output and progress bars on a
 * terminal.
 */
@NullMarked
package dev.batchprogress.server.report;

import org.jspecify.annotations.NullMarked;
