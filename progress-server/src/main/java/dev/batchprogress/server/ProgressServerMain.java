package dev.batchprogress.server;

import dev.batchprogress.server.data.InvalidInputException;
import dev.batchprogress.server.serve.ServiceStartException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code progress-server} command, the main class of the runnable jar.
 *
 * <p>Exit codes: 0 on success, and for {@code serve} after a stop on SIGINT or SIGTERM; 2 for an
 * invalid option, a missing subcommand, or an input file that cannot be read or parsed; 1 when
 * {@code serve} cannot start, such as on a port in use or an unreachable database, and for an
 * unexpected failure, which prints its stack trace. User errors and start failures print one
 * message without a stack trace. {@code watch} exits with 0 when the watched runs completed, 1 when
 * the batch process failed, and 2 when the outcome is unknown, such as after a rejected request or
 * a failed connection.
 */
@Command(
        name = "progress-server",
        subcommands = {ReplayCommand.class, ServeCommand.class, WatchCommand.class},
        usageHelpAutoWidth = true,
        description = "Reports how far along batch runs are.")
public final class ProgressServerMain {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    @SuppressWarnings("UnusedVariable") // picocli reads the option through reflection.
    private boolean helpRequested;

    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private ProgressServerMain() {}

    /**
     * Runs the command line and exits with its exit code.
     *
     * @param args the command-line arguments, such as {@code replay --speed max}
     */
    public static void main(String[] args) {
        useOneLineLogRecords();
        System.exit(commandLine().execute(args));
    }

    /**
     * Makes {@code java.util.logging}, which receives the {@link System.Logger} records of this
     * project, print one line per record, like the SLF4J backend of Jetty, instead of two. A format
     * or configuration file given on the command line wins.
     */
    private static void useOneLineLogRecords() {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty(LOG_FORMAT_PROPERTY, "%1$tF %1$tT.%1$tL:%4$s:%3$s:%5$s%6$s%n");
        }
    }

    /**
     * Returns the command line, ready to {@linkplain CommandLine#execute execute}. Its output goes
     * to standard output and error unless {@link CommandLine#setOut} and {@link CommandLine#setErr}
     * redirect it.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ProgressServerMain());
        commandLine.setParameterExceptionHandler(ProgressServerMain::handleParameterException);
        commandLine.setExecutionExceptionHandler(ProgressServerMain::handleExecutionException);
        return commandLine;
    }

    private static int handleParameterException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        String command = commandLine.getCommandSpec().qualifiedName();
        err.println(command + ": " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Run '" + command + " --help' for the options.");
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int handleExecutionException(
            Exception e, CommandLine commandLine, ParseResult parseResult) throws Exception {
        int exitCode;
        if (e instanceof InvalidInputException) {
            exitCode = commandLine.getCommandSpec().exitCodeOnInvalidInput();
        } else if (e instanceof ServiceStartException) {
            exitCode = CommandLine.ExitCode.SOFTWARE;
        } else {
            throw e;
        }
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        err.flush();
        return exitCode;
    }
}
