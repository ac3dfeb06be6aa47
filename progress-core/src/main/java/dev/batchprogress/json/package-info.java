/**
 * The JSON codec for progress answers and error bodies, in the field order of the wire contract.
 */
@NullMarked
package dev.batchprogress.json;

import org.jspecify.annotations.NullMarked;
