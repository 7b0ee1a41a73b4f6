package io.simdnn.bench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bench command line as {@link BenchMain} runs it: the usage text names every group, option
 * and form of the command; {@code jmh} passes every argument to JMH; {@code report} takes one
 * directory; a bad argument exits with status 2 and a {@code simdnn bench:} message.
 */
class BenchCommandTest {
    /** Exit status, standard output and error output of the command line run on {@code args} (nothing is benchmarked). */
    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        CommandLine commandLine = BenchMain.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theUsageTextHasEveryGroupOptionAndForm() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"})) {
            Run help = run(args);
            assertEquals(0, help.exit(), help.err());
            String usage = help.out();
            assertTrue(usage.startsWith("usage: ./simdnn bench [gemm] [kernels] [conv] [train] [options]   (no group: the whole suite)"), usage);
            assertTrue(usage.contains("./simdnn bench report DIR                 re-render the report of a saved run"), usage);
            assertTrue(usage.contains("./simdnn bench jmh [JMH arguments]        plain JMH command line (e.g. jmh -l)"), usage);
            for (BenchGroup group : BenchGroup.values()) {
                assertTrue(usage.contains(String.format("  %-10s %s", group.commandName(), group.description())), group + ": " + usage);
            }
            for (String option : List.of("--quick ", "--forks=N ", "--threads=LIST ", "--shapes=LIST ", "--out=DIR ", "-h, --help ")) {
                assertTrue(usage.contains(option), option + ": " + usage);
            }
            assertTrue(usage.contains("the suite in about 6 minutes, rough numbers"), usage);
            assertTrue(usage.contains("(default 1,2)") && usage.contains("(default: all 11)") && usage.contains("(default bench-results)"), usage);
            assertTrue(usage.contains("Every benchmark runs with JMH's GC profiler (B/op)."), usage);
            assertTrue(usage.contains("setting OPENBLAS_CORETYPE for its own processes only."), usage);
        }
    }

    @Test
    void jmhGetsEveryArgumentUnchanged() {
        CommandLine commandLine = BenchMain.commandLine();
        List<String> jmh = List.of("-l", "-f", "1", "-h", "--", "@file", "--quick", "GemmBenchmark.*");
        CommandLine.ParseResult parsed = commandLine.parseArgs(java.util.stream.Stream.concat(java.util.stream.Stream.of("jmh"),
                jmh.stream()).toArray(String[]::new));
        BenchCommand.Jmh command = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(jmh, command.arguments);
        assertTrue(BenchMain.commandLine().parseArgs("jmh").subcommand().commandSpec().commandLine()
                .<BenchCommand.Jmh>getCommand().arguments.isEmpty());
    }

    @Test
    void reportTakesOneDirectory() {
        CommandLine.ParseResult parsed = BenchMain.commandLine().parseArgs("report", "bench-results/2026-01-01-000000");
        BenchCommand.Report report = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(Path.of("bench-results/2026-01-01-000000"), report.directory);

        Run none = run("report");
        assertEquals(2, none.exit());
        assertTrue(none.err().startsWith("simdnn bench: Missing required parameter: 'DIR'"), none.err());
        Run two = run("report", "a", "b");
        assertEquals(2, two.exit());
        assertTrue(two.err().startsWith("simdnn bench: Unmatched argument at index 2: 'b'"), two.err());
        Run missing = run("report", "/nonexistent-bench-results/x");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("simdnn bench: no such file: /nonexistent-bench-results/x"), missing.err());
    }

    @Test
    void aBadArgumentExitsWithStatus2AndTheUsage() {
        Run bad = run("gemm", "gpu", "--quick");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("simdnn bench: unknown benchmark group 'gpu' (gemm, kernels, conv, train, scaling)\n\nusage: ./simdnn bench"),
                bad.err());
        assertEquals("", bad.out());
    }
}
