/** The embedded engine: run state kept in memory, recorded in constant time per event. */
@NullMarked
package dev.batchprogress.memory;

import org.jspecify.annotations.NullMarked;
