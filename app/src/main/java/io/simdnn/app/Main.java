package io.simdnn.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./simdnn <command>}: the simdnn command line. The launcher script runs two more commands
 * itself, {@code test} and {@code bench}; the usage's footer names them, so {@code simdnn --help}
 * lists every command {@code ./simdnn} takes.
 */
@Command(name = "simdnn", mixinStandardHelpOptions = true, version = "simdnn 0.1.0",
        description = "SIMD neural-network training on the JVM.",
        subcommands = {TrainCommand.class, SweepCommand.class, EvalCommand.class, PredictCommand.class, GradcheckCommand.class,
                InfoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The ./simdnn launcher also runs:",
                "  test    Build everything and run every test of every module (mvn verify).",
                "  bench   Run the JMH benchmark suite; options: ./simdnn bench --help."})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The command line as {@link #main} runs it (tests use it to run commands in-process). */
    static CommandLine commandLine() {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // users see the message, not a stack trace; the message names the problem
                    commandLine.getErr().println("simdnn: " + error.getMessage());
                    return 1;
                });
    }
}
