/**
 * Input files for replays: the bundled workflow traces and facility lists, and the parsers that
 * turn a WfFormat trace or a facility CSV into validated values.
 */
@NullMarked
package dev.batchprogress.server.data;

import org.jspecify.annotations.NullMarked;
