package io.simdnn.bench.suite;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import io.simdnn.bench.report.MachineInfo;
import io.simdnn.bench.report.ReportWriter;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs a {@link SuitePlan} and publishes it: creates {@code <out>/<date-time>/}, records the
 * machine, runs each group as one JMH invocation with a shared progress display, rewrites the raw
 * JSON after every group (an interrupted run keeps what finished), then writes the report. A
 * failing group does not discard the others: the run goes on, and the exit status says so.
 */
public final class SuiteRunner {
    private static final String LOG_FILE = "jmh.log";

    private SuiteRunner() {}

    /**
     * Runs the plan; returns whether every group completed.
     *
     * @param openBlasCores the OpenBLAS core types probed for this run ({@link OpenBlasSelection#NONE} if none)
     */
    public static boolean run(SuitePlan plan, BenchOptions options, OpenBlasSelection openBlasCores, PrintStream console)
            throws IOException {
        Path directory = options.outputRoot().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
        Files.createDirectories(directory);
        MachineInfo machine = MachineInfo.detect(openBlasCores);
        machine.write(directory);
        console.println("simdnn bench: " + machine.oneLine());
        console.println("simdnn bench: OpenBLAS: " + machine.openBlas());
        if (!openBlasCores.isEmpty()) {
            console.println("simdnn bench: OpenBLAS core type: " + openBlasCores.summary());
        }
        machine.openBlasWarning().ifPresent(warning -> console.println("simdnn bench: WARNING: " + warning));
        console.printf("simdnn bench: %d configurations (%s), %s; estimated %s (m:ss); JMH output in %s%n",
                plan.configurations(), String.join(", ", plan.parts().stream().map(p -> p.group().commandName()).distinct().toList()),
                plan.settings().describe() + (plan.parts().stream().anyMatch(p -> !p.settings().equals(plan.settings()))
                        ? " (training steps: longer warm-up)" : "") + ", GC profiler", ProgressOutput.minutes(plan.estimate()), directory.resolve(LOG_FILE));
        long start = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        try (PrintStream log = new PrintStream(new FileOutputStream(directory.resolve(LOG_FILE).toFile()), true, StandardCharsets.UTF_8)) {
            ProgressOutput progress = new ProgressOutput(console, OutputFormatFactory.createFormatInstance(log, VerboseMode.NORMAL),
                    plan.configurations(), plan.estimate(), System::nanoTime);
            for (SuitePlan.Part part : plan.parts()) {
                try {
                    results.addAll(new Runner(plan.jmhOptions(part), progress).run());
                } catch (RunnerException e) {
                    failed.add(part.group().commandName());
                    console.println("simdnn bench: group " + part.group().commandName() + " failed (" + e.getMessage()
                            + "); details in " + directory.resolve(LOG_FILE) + "; going on");
                }
                writeJson(results, directory.resolve(ReportWriter.RESULTS_FILE));
            }
        }
        console.println("simdnn bench: measured in " + ProgressOutput.minutes(Duration.ofNanos(System.nanoTime() - start)));
        if (results.isEmpty()) {
            console.println("simdnn bench: no results, no report");
            return false;
        }
        List<Path> written = ReportWriter.write(directory);
        console.println();
        console.print(Files.readString(directory.resolve(ReportWriter.README_TABLE_FILE)));
        console.println();
        console.println("simdnn bench: wrote " + directory.resolve(ReportWriter.RESULTS_FILE));
        written.forEach(file -> console.println("simdnn bench: wrote " + file));
        if (!failed.isEmpty()) {
            console.println("simdnn bench: FAILED groups: " + String.join(", ", failed) + " (their rows are missing)");
        }
        return failed.isEmpty();
    }

    private static void writeJson(List<RunResult> results, Path file) throws IOException {
        try (PrintStream out = new PrintStream(new FileOutputStream(file.toFile()), false, StandardCharsets.UTF_8)) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
    }
}
