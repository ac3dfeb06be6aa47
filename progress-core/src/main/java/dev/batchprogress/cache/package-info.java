/**
 * A Caffeine cache in front of a slow run-state source, with a staleness bound, one load for
 * concurrent misses, bulk loads and a load timeout.
 */
@NullMarked
package dev.batchprogress.cache;

import org.jspecify.annotations.NullMarked;
