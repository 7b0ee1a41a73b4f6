package io.simdnn.bench.suite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import io.simdnn.bench.benchmarks.CoreCandidate;
import io.simdnn.bench.benchmarks.CoreProbe;
import io.simdnn.bench.benchmarks.OpenBlasProbe;
import io.simdnn.bench.benchmarks.OpenBlasSelection;

/**
 * Probes OpenBLAS core types, one child JVM ({@link OpenBlasProbe}) each, with the candidate's
 * {@code OPENBLAS_CORETYPE} set or removed in that child's environment only. A child that crashes
 * (a kernel set the CPU cannot run), hangs or prints no result makes its candidate unusable; the
 * others are judged by {@link CoreProbe#problem}. About 2 s per candidate.
 */
final class OpenBlasCoreSelector {
    /** Longer than a probe takes on any machine (about 2 s here), short enough not to stall a run. */
    private static final long TIMEOUT_SECONDS = 60;

    /** Where a crashing probe JVM writes its error report (%p: its process id). */
    private static final String CRASH_LOG = Path.of(System.getProperty("java.io.tmpdir"), "simdnn-openblas-probe-%p.log").toString();

    private OpenBlasCoreSelector() {}

    /**
     * Probes each candidate in turn, printing each verdict to {@code console}; skips a core type
     * an earlier candidate already ran (e.g. SkylakeX, when OpenBLAS's own choice was SkylakeX).
     */
    static OpenBlasSelection probe(List<CoreCandidate> candidates, PrintStream console) {
        List<CoreProbe> probes = new ArrayList<>();
        for (CoreCandidate candidate : candidates) {
            Optional<CoreProbe> same = probes.stream().filter(p -> !p.config().isEmpty()
                    && candidate.coreType().map(core -> core.equalsIgnoreCase(p.ranCore())).orElse(false)).findFirst();
            if (same.isPresent()) {
                console.println("simdnn bench: OpenBLAS core type " + candidate.label() + ": already probed (as "
                        + same.get().candidate().label() + ")");
                continue;
            }
            CoreProbe probe = probe(candidate);
            console.println("simdnn bench: OpenBLAS core type " + candidate.label() + " (" + candidate.reason() + "): "
                    + probe.verdict());
            probes.add(probe);
        }
        return new OpenBlasSelection(probes);
    }

    private static CoreProbe probe(CoreCandidate candidate) {
        // a kernel set the CPU cannot run kills the JVM: no hs_err file or core dump left in the working directory
        ProcessBuilder builder = new ProcessBuilder(JavaCommand.main(OpenBlasProbe.class,
                List.of("-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + CRASH_LOG), List.of()));
        candidate.applyTo(builder.environment());
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            return CoreProbe.failed(candidate, "could not start a JVM: " + e.getMessage());
        }
        CompletableFuture<String> out = readAll(child.getInputStream());
        CompletableFuture<String> err = readAll(child.getErrorStream());
        try {
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                return CoreProbe.failed(candidate, "no result within " + TIMEOUT_SECONDS + " s");
            }
            if (child.exitValue() != 0) {
                Path crashLog = Path.of(CRASH_LOG.replace("%p", Long.toString(child.pid())));
                return CoreProbe.failed(candidate, "probe JVM exited with status " + child.exitValue() + lastLine(err.join())
                        + (Files.exists(crashLog) ? " (crash report " + crashLog + ")" : ""));
            }
            return judge(candidate, out.join());
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
            return CoreProbe.failed(candidate, "interrupted");
        }
    }

    /** The verdict on a child's stdout ({@link OpenBlasProbe}'s properties). */
    static CoreProbe judge(CoreCandidate candidate, String stdout) {
        Properties found = new Properties();
        try {
            found.load(new ByteArrayInputStream(stdout.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException | IllegalArgumentException e) {
            return CoreProbe.failed(candidate, "unreadable probe output");
        }
        String config = found.getProperty("config");
        String error = found.getProperty("error");
        if (config == null || error == null) {
            return CoreProbe.failed(candidate, "probe printed no result");
        }
        try {
            double gflops = Double.parseDouble(found.getProperty("gflops", "NaN"));
            Optional<String> problem = CoreProbe.problem(candidate.coreType(), config, Double.parseDouble(error));
            return new CoreProbe(candidate, config, problem.or(() -> Double.isFinite(gflops) ? Optional.empty()
                    : Optional.of("not timed")), gflops);
        } catch (NumberFormatException e) {
            return CoreProbe.failed(candidate, "unreadable probe output");
        }
    }

    /** Drains {@code in} on a thread of its own (a child blocks when a pipe it writes to is full); "" if it breaks. */
    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "";
            }
        }, Thread.ofVirtual()::start);
    }

    private static String lastLine(String stderr) {
        String[] lines = stderr.strip().split("\n");
        return lines[lines.length - 1].isBlank() ? "" : ": " + lines[lines.length - 1].strip();
    }
}
