/** The service-provider interface through which progress is read from wherever run state lives. */
@NullMarked
package dev.batchprogress.source;

import org.jspecify.annotations.NullMarked;
