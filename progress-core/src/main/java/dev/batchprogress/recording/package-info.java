/**
 * The event API through which orchestrators record what their runs do, and the exceptions it raises
 * for events that the transition rules reject.
 */
@NullMarked
package dev.batchprogress.recording;

import org.jspecify.annotations.NullMarked;
