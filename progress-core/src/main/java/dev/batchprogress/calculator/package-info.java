/** The arithmetic that turns run-state snapshots into progress answers. */
@NullMarked
package dev.batchprogress.calculator;

import org.jspecify.annotations.NullMarked;
