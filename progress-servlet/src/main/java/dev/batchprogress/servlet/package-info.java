/**
 * Serves {@code GET /batch_progress} from a {@link dev.batchprogress.ProgressTracker} in any
 * Jakarta Servlet 6.0 container: {@link dev.batchprogress.servlet.BatchProgressServlet} maps HTTP
 * to the tracker, and an {@link dev.batchprogress.servlet.Authenticator} turns each request into a
 * {@link dev.batchprogress.model.Caller}.
 *
 * <p>A web application gets the endpoint without servlet code of its own: the jar's {@code
 * META-INF/web-fragment.xml} registers the servlet at {@value
 * dev.batchprogress.servlet.BatchProgressServlet#URL_PATTERN}, and the servlet reads the tracker
 * and the authenticator from servlet context attributes when it starts. See {@link
 * dev.batchprogress.servlet.BatchProgressServlet} for the attribute names.
 */
@NullMarked
package dev.batchprogress.servlet;

import org.jspecify.annotations.NullMarked;
