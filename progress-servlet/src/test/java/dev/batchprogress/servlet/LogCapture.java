package dev.batchprogress.servlet;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures every record logged through java.util.logging, the backend of {@link System.Logger} when
 * no other is installed, at every level, as the text an operator would read: the formatted message
 * and the stack trace of its exception.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Level rootLevel;
    private final List<String> texts = new CopyOnWriteArrayList<>();
    private final Handler handler =
            new Handler() {
                @Override
                public void publish(LogRecord record) {
                    texts.add(text(record));
                }

                @Override
                public void flush() {}

                @Override
                public void close() {}
            };

    private LogCapture() {
        rootLevel = root.getLevel();
        handler.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    /** Starts capturing; {@link #close()} stops. */
    static LogCapture start() {
        return new LogCapture();
    }

    /** Returns the text of every record captured so far. */
    List<String> texts() {
        return List.copyOf(texts);
    }

    private static String text(LogRecord record) {
        StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName());
        String message = record.getMessage();
        Object[] parameters = record.getParameters();
        if (message != null) {
            text.append(' ')
                    .append(
                            parameters == null || parameters.length == 0
                                    ? message
                                    : MessageFormat.format(message, parameters));
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            text.append('\n').append(trace);
        }
        return text.toString();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }
}
