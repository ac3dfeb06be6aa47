/**
 * The embedded HTTP server of {@code progress-server serve}: Jetty 12 serving the batch progress
 * servlet. The connector's own rejections and the responses to every other path have the JSON error
 * shape of the wire contract.
 */
@NullMarked
package dev.batchprogress.server.http;

import org.jspecify.annotations.NullMarked;
