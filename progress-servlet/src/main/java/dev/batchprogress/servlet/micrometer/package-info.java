/**
 * Binds the metrics hooks of the engine and the servlet to Micrometer. This is the only package of
 * the module that uses Micrometer, an optional dependency: an application that does not load {@link
 * dev.batchprogress.servlet.micrometer.MicrometerMetrics} runs without Micrometer on its class
 * path.
 */
@NullMarked
package dev.batchprogress.servlet.micrometer;

import org.jspecify.annotations.NullMarked;
