/**
 * The {@code progress-server} command line: {@link dev.batchprogress.server.ProgressServerMain} and
 * its subcommands.
 */
@NullMarked
package dev.batchprogress.server;

import org.jspecify.annotations.NullMarked;
