package io.simdnn.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code ./simdnn <command>}: the simdnn command line. The launcher script runs two more commands
 * itself, {@code test} and {@code bench}; the usage's footer names them, so {@code simdnn --help}
 * lists every command {@code ./simdnn} takes.
 *
 * <p>Every failure, of any command and of any kind ({@link Error}s included), ends in one line on
 * standard error, {@code simdnn: <what went wrong>} (see {@link FailureMessage}), and the exit code
 * {@link #FAILURE}; a command line that cannot be parsed ends with {@link #USAGE}. The stack trace
 * follows only with {@code --debug}.
 */
@Command(name = "simdnn", mixinStandardHelpOptions = true, version = "simdnn 0.1.0",
        description = "SIMD neural-network training on the JVM.",
        subcommands = {TrainCommand.class, SweepCommand.class, EvalCommand.class, PredictCommand.class, GradcheckCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:failure: the command ran and failed (bad data, a file that cannot be read or written, "
                + "not enough memory, a diverged run); one line on stderr says what and where",
                "2:usage error: an unknown option, a malformed or out-of-range value, options that contradict each other; one line on stderr"},
        footer = {"", "The ./simdnn launcher also runs:",
                "  test    Build everything and run every test of every module (mvn verify).",
                "  bench   Run the JMH benchmark suite; options: ./simdnn bench --help."})
public final class Main implements Runnable {
    /** Exit code of a command that ran and failed. */
    static final int FAILURE = 1;
    /** Exit code of a command line that could not be parsed or has an invalid value (picocli's usage code). */
    static final int USAGE = CommandLine.ExitCode.USAGE;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On a failure, print the stack trace after the one-line message.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable last) { // the last resort: even a failure outside picocli's handlers is one line
            System.err.println("simdnn: " + FailureMessage.of(last));
            exit = FAILURE;
        }
        System.exit(exit);
    }

    /** The command line as {@link #main} runs it (tests use it to run commands in-process). */
    static CommandLine commandLine() {
        MachineLimits.applyDefaultOffHeapLimit();
        CommandLine commandLine = new CommandLine(new Main());
        return commandLine
                .setExecutionStrategy(Main::runCatchingErrors)
                .setParameterExceptionHandler((error, args) -> {
                    CommandLine failed = error.getCommandLine();
                    failed.getErr().println("simdnn " + failed.getCommandName() + ": " + FailureMessage.of(error)
                            + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
                    return USAGE;
                })
                .setExecutionExceptionHandler((error, failed, parseResult) -> {
                    PrintWriter err = failed.getErr();
                    err.println("simdnn: " + FailureMessage.of(error));
                    if (debugRequested(parseResult)) {
                        error.printStackTrace(err);
                    }
                    err.flush();
                    return FAILURE;
                });
    }

    /**
     * Runs the command, turning an {@link Error} (out of memory, stack overflow, a thread that cannot
     * start) into an exception the execution-exception handler reports like any other failure.
     */
    private static int runCatchingErrors(CommandLine.ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error error) {
            throw new CommandLine.ExecutionException(parseResult.commandSpec().commandLine(), "", error);
        }
    }

    private static boolean debugRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult part = parseResult; part != null; part = part.subcommand()) {
            if (part.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
