package dev.batchprogress.checks;

import static dev.batchprogress.checks.ModuleClasses.CORE;
import static dev.batchprogress.checks.ModuleClasses.SERVER;
import static dev.batchprogress.checks.ModuleClasses.SERVLET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchprogress.Details;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks that the servlet and the server hold no {@code detail} string of a query rule.
 *
 * <p>Those strings are compile-time constants of {@link Details}, which javac copies into every
 * class that reads them, so no dependency rule can see their use: this test reads the string
 * literals of the class files instead. The adapters may send the details of what HTTP itself
 * decides: an unknown path, a method, missing credentials, a malformed or oversized request, too
 * many open event streams, an unexpected failure or an unavailable application. Every other detail
 * reaches them inside an exception of the tracker. A new constant of {@link Details} counts as a
 * query rule's until it is added to {@link #HTTP_DETAILS}.
 */
class DetailStringsTest {

    /** The details of failures that HTTP decides, which adapters may send themselves. */
    private static final Set<String> HTTP_DETAILS =
            Set.of(
                    Details.BAD_REQUEST,
                    Details.NOT_AUTHENTICATED,
                    Details.NOT_FOUND,
                    Details.METHOD_NOT_ALLOWED,
                    Details.URI_TOO_LONG,
                    Details.HEADERS_TOO_LARGE,
                    Details.TOO_MANY_STREAMS,
                    Details.INTERNAL_SERVER_ERROR,
                    Details.UNAVAILABLE);

    /** A value that no detail contains, to cut the variable part out of a built detail. */
    private static final String MARKER = "\u0000";

    private static final int NUMBER_MARKER = 987_654_321;

    @Test
    void servlet_holdsNoQueryRuleDetail() throws IOException {
        assertThat(literalsHoldingQueryRuleDetails(SERVLET)).isEmpty();
    }

    @Test
    void server_holdsNoQueryRuleDetail() throws IOException {
        assertThat(literalsHoldingQueryRuleDetails(SERVER)).isEmpty();
    }

    @Test
    void servlet_holdsTheHttpDetailsItSends() throws IOException {
        // Shows that the check reads the copied constants: the servlet sends these itself.
        assertThat(literals(SERVLET).keySet())
                .contains(
                        Details.NOT_FOUND,
                        Details.METHOD_NOT_ALLOWED,
                        Details.NOT_AUTHENTICATED,
                        Details.INTERNAL_SERVER_ERROR);
    }

    @Test
    void core_holdsEveryQueryRuleDetail() throws IOException {
        // The same search finds every query-rule detail in the core, where the rules live.
        Map<String, List<String>> literals = literals(CORE);
        for (String detail : queryRuleDetails()) {
            assertThat(literals.keySet())
                    .as("string literals of progress-core")
                    .anyMatch(literal -> literal.contains(detail));
        }
    }

    /** Returns each literal of a module that contains a query-rule detail, with its classes. */
    private static Map<String, List<String>> literalsHoldingQueryRuleDetails(String module)
            throws IOException {
        List<String> details = queryRuleDetails();
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> literal : literals(module).entrySet()) {
            if (details.stream().anyMatch(detail -> literal.getKey().contains(detail))) {
                found.put(literal.getKey(), literal.getValue());
            }
        }
        return found;
    }

    /**
     * Returns the fixed details of {@link Details} that are not HTTP's, and the fixed parts of the
     * details it builds from a value.
     */
    private static List<String> queryRuleDetails() {
        List<String> details = new ArrayList<>();
        for (Field field : Details.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                String detail = (String) readStatic(field);
                if (!HTTP_DETAILS.contains(detail)) {
                    details.add(detail);
                }
            }
        }
        details.addAll(fixedParts(Details.providedOnlyOnce(MARKER), MARKER));
        details.addAll(fixedParts(Details.runNotFound(MARKER), MARKER));
        details.addAll(
                fixedParts(
                        Details.tooManyTrackingIds(NUMBER_MARKER),
                        Integer.toString(NUMBER_MARKER)));
        return details;
    }

    private static List<String> fixedParts(String built, String marker) {
        return Stream.of(built.split(marker, -1)).filter(part -> !part.isBlank()).toList();
    }

    private static Object readStatic(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read public field " + field, e);
        }
    }

    /** Returns every string literal of a module's classes, with the classes that hold it. */
    private static Map<String, List<String>> literals(String module) throws IOException {
        Path classes = ModuleClasses.classesOf(module);
        Map<String, List<String>> literals = new LinkedHashMap<>();
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes)) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        for (Path classFile : classFiles) {
            String name = classes.relativize(classFile).toString();
            for (String literal : StringConstants.of(Files.readAllBytes(classFile))) {
                literals.computeIfAbsent(literal, key -> new ArrayList<>()).add(name);
            }
        }
        assertThat(literals).as("string literals of " + module).isNotEmpty();
        return literals;
    }
}
