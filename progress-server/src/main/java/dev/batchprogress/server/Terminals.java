package dev.batchprogress.server;

import java.io.Console;

/** Whether the command's console is a terminal, where bars can be redrawn in place. */
final class Terminals {

    private Terminals() {}

    /**
     * Returns whether standard input and output are a terminal. Up to JDK 21 that is exactly when
     * {@link System#console()} returns a console. From JDK 22 on it returns one for redirected
     * output too, and {@code Console.isTerminal()}, added in JDK 22, distinguishes the two cases.
     */
    @SuppressWarnings("SystemConsoleNull") // The null check is only trusted before JDK 22.
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        if (Runtime.version().feature() < 22) {
            return true;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
