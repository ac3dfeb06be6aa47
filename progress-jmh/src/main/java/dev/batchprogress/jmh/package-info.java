/**
 * JMH benchmarks of the engine, the cache, the JDBC source and the combined query, each beside the
 * alternative it replaces, and the footprint comparison of facility state.
 */
@NullMarked
package dev.batchprogress.jmh;

import org.jspecify.annotations.NullMarked;
