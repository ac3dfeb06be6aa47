package dev.batchprogress.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hottest stacks of a benchmark's running threads, from the text that JMH's stack profiler
 * ({@code -prof stack}) prints: its {@code Thread state: RUNNABLE} section, one entry per stack,
 * each the share of all samples, the share of running samples, and the top frames.
 */
final class StackProfile {

    private static final String RUNNABLE = "....[Thread state: RUNNABLE]";
    private static final String EMPTY_STACK = "<stack is empty";

    private StackProfile() {}

    /**
     * Returns the first {@code limit} entries of the RUNNABLE section as Markdown code, leaving out
     * the samples whose frames JMH filtered away; empty when the file or the section is missing.
     */
    static Optional<String> read(Path file, int limit) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int start = lines.indexOf(RUNNABLE);
        if (start < 0) {
            start = indexStartingWith(lines, RUNNABLE);
        }
        if (start < 0) {
            return Optional.empty();
        }

        List<List<String>> entries = new ArrayList<>();
        List<String> entry = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("....["); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                addEntry(entries, entry);
                entry = new ArrayList<>();
            } else {
                entry.add(line.stripTrailing());
            }
        }
        addEntry(entries, entry);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder text = new StringBuilder("```\n");
        for (List<String> shown : entries.subList(0, Math.min(limit, entries.size()))) {
            text.append(String.join("\n", shown)).append('\n');
        }
        return Optional.of(text.append("```\n\n").toString());
    }

    private static void addEntry(List<List<String>> entries, List<String> entry) {
        if (!entry.isEmpty() && !entry.get(0).contains(EMPTY_STACK)) {
            entries.add(entry);
        }
    }

    private static int indexStartingWith(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
