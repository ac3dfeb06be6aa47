/** The writer of {@code BENCHMARKS.md}: reads JMH's JSON results, wrk's runs and the footprint. */
@NullMarked
package dev.batchprogress.jmh.report;

import org.jspecify.annotations.NullMarked;
