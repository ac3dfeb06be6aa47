package dev.batchprogress.server.report;

import java.io.PrintWriter;
import java.util.List;

/**
 * Lines at the bottom of a terminal, such as progress bars, that are redrawn in place with ANSI
 * escape sequences. Text printed to the same terminal between {@link #erase()} and the next {@link
 * #draw} scrolls above the lines.
 */
public final class TerminalLines {

    private static final String ESCAPE = "\u001B[";

    private final PrintWriter terminal;
    private int drawnLines;

    /**
     * Creates lines that are drawn on a terminal.
     *
     * @param terminal where to draw, a writer to a terminal that understands ANSI escape sequences
     */
    public TerminalLines(PrintWriter terminal) {
        this.terminal = terminal;
    }

    /** Erases the lines drawn last, if any, and leaves the cursor where the first one was. */
    public void erase() {
        if (drawnLines == 0) {
            return;
        }
        // Move the cursor up to the first line, to column 1, and clear the screen below it.
        terminal.print(ESCAPE + drawnLines + "A\r" + ESCAPE + "J");
        terminal.flush();
        drawnLines = 0;
    }

    /**
     * Draws lines at the cursor, which {@link #erase()} has put where the lines drawn before were.
     *
     * @param lines the lines, without line breaks
     */
    public void draw(List<String> lines) {
        // With auto-wrap off, a line wider than the terminal is cut instead of taking two rows, so
        // erase() can move up exactly one row per line.
        terminal.print(ESCAPE + "?7l");
        for (String line : lines) {
            terminal.print(line + "\n");
        }
        terminal.print(ESCAPE + "?7h");
        terminal.flush();
        drawnLines = lines.size();
    }

    /**
     * Returns text with every control character replaced by {@code ?}, so that text from a server,
     * such as a skip reason, cannot move the cursor or change the terminal's settings.
     *
     * @param text any text
     * @return the text without C0 and C1 control characters
     */
    public static String printable(String text) {
        StringBuilder printable = null;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                if (printable == null) {
                    printable = new StringBuilder(text);
                }
                printable.setCharAt(i, '?');
            }
        }
        return printable == null ? text : printable.toString();
    }
}
