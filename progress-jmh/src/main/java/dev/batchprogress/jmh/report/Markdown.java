package dev.batchprogress.jmh.report;

import java.util.ArrayList;
import java.util.List;

/** Builds Markdown text: headings, paragraphs wrapped at 100 columns, and tables. */
final class Markdown {

    private static final int WIDTH = 100;

    private final StringBuilder text = new StringBuilder();

    Markdown heading(int level, String title) {
        text.append("#".repeat(level)).append(' ').append(title).append("\n\n");
        return this;
    }

    /** Appends the sentences as one paragraph, wrapped at 100 columns. */
    Markdown paragraph(String... sentences) {
        List<String> words = new ArrayList<>();
        for (String sentence : sentences) {
            if (!sentence.isEmpty()) {
                words.addAll(List.of(sentence.trim().split(" +")));
            }
        }
        int column = 0;
        for (String word : words) {
            if (column > 0 && column + 1 + word.length() > WIDTH) {
                text.append('\n');
                column = 0;
            } else if (column > 0) {
                text.append(' ');
                column++;
            }
            text.append(word);
            column += word.length();
        }
        text.append("\n\n");
        return this;
    }

    /** Appends a table; the first row is the header. Cells must not contain a '|'. */
    Markdown table(List<String> header, List<List<String>> rows) {
        row(header);
        List<String> rule = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            rule.add(i == 0 ? "---" : "---:");
        }
        row(rule);
        for (List<String> cells : rows) {
            row(cells);
        }
        text.append('\n');
        return this;
    }

    private void row(List<String> cells) {
        text.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    /** Appends Markdown text as it is. */
    Markdown raw(String markdown) {
        text.append(markdown);
        return this;
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
