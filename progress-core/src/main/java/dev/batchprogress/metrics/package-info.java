/**
 * Hooks through which the engine reports what it does to a metrics library, and decorators that
 * call them. Nothing here depends on a metrics library: an adapter, such as the Micrometer one of
 * the servlet module, implements the hooks.
 */
@NullMarked
package dev.batchprogress.metrics;

import org.jspecify.annotations.NullMarked;
