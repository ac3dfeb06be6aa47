/**
 * The HTTP comparison: the real servlet and a minimal fixed-JSON servlet on one embedded Jetty, for
 * a load generator in another process.
 */
@NullMarked
package dev.batchprogress.jmh.http;

import org.jspecify.annotations.NullMarked;
