/**
 * Run state kept in a relational database through {@code java.sql}: the schema, a run-state source
 * that reads it, and a recorder that writes it.
 */
@NullMarked
package dev.batchprogress.jdbc;

import org.jspecify.annotations.NullMarked;
