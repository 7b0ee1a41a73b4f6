package io.simdnn.bench.report;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import io.simdnn.bench.benchmarks.CoreRoundTrip;
import io.simdnn.bench.benchmarks.OpenBlas;
import io.simdnn.bench.benchmarks.OpenBlasCore;
import io.simdnn.bench.benchmarks.OpenBlasSelection;
import io.simdnn.bench.benchmarks.PeakBenchmark;
import io.simdnn.kernels.VectorSupport;

/**
 * The machine and build a run was measured on, for the header of every report and chart. Saved
 * as {@code machine.properties} beside the JMH JSON at measurement time, so a report regenerated
 * later (or on another machine) still names the machine the numbers came from.
 *
 * @param cpu      model name from /proc/cpuinfo with family and model numbers (VMs often hide the name)
 * @param cores    logical CPUs the JVM sees, with cores x threads per core when known, and the round trip
 *                 of a cache line between two of them when the run started ({@link CoreRoundTrip})
 * @param jdk      runtime version and VM name
 * @param vectors  the Vector API species in use ({@link VectorSupport#describe()})
 * @param peakLanes float lanes of the vector {@link PeakBenchmark} times, to turn its score into flops
 * @param openBlas {@code openblas_get_config()}, or a sentence saying it is not installed
 * @param source   {@code git describe} of the checkout, or "unknown"
 * @param openBlasCores the OpenBLAS core types probed before the run and the one it used
 *                      ({@link OpenBlasSelection#NONE} when none were)
 */
public record MachineInfo(String cpu, String cores, String jdk, String vectors, int peakLanes, String openBlas,
                          String source, OpenBlasSelection openBlasCores) {
    private static final String FILE_NAME = "machine.properties";

    /** A machine without an OpenBLAS core selection. */
    public MachineInfo(String cpu, String cores, String jdk, String vectors, int peakLanes, String openBlas, String source) {
        this(cpu, cores, jdk, vectors, peakLanes, openBlas, source, OpenBlasSelection.NONE);
    }

    /** Facts about this JVM's machine; "unknown" where a source is unavailable. */
    public static MachineInfo detect() {
        return detect(OpenBlasSelection.NONE);
    }

    /** Facts about this JVM's machine, with the OpenBLAS core types probed for this run. */
    public static MachineInfo detect(OpenBlasSelection openBlasCores) {
        List<String> cpuinfo = cpuinfo();
        return new MachineInfo(cpuModel(cpuinfo), cores(cpuinfo) + roundTrip(),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")",
                VectorSupport.describe(), PeakBenchmark.LANES,
                OpenBlas.load().map(OpenBlas::config).orElse("not installed (rows against OpenBLAS skipped)"),
                gitDescribe(), openBlasCores);
    }

    /** The CPU's feature flags ("avx2", "avx512f", ...) from /proc/cpuinfo; empty where there is none. */
    public static Set<String> cpuFlags() {
        String flags = field(cpuinfo(), "flags");
        return flags == null ? Set.of() : Set.copyOf(List.of(flags.trim().split("\\s+")));
    }

    /**
     * A warning when OpenBLAS did not run the core type chosen for the run, or runs kernels that
     * do not use this machine's vectors (see {@link OpenBlasCore}).
     */
    public Optional<String> openBlasWarning() {
        return openBlasCores.mismatch(openBlas).or(() -> OpenBlasCore.warning(openBlas, peakLanes));
    }

    /** One line for chart footers: "AMD EPYC (...), 2 logical CPUs, JDK 25.0.3+9-LTS, ...". */
    public String oneLine() {
        return cpu + ", " + cores + ", JDK " + jdk.replaceFirst(" \\(.*", "") + ", " + vectors;
    }

    /** Writes {@code machine.properties} into {@code directory}. */
    public void write(Path directory) throws IOException {
        Properties p = new Properties();
        p.setProperty("cpu", cpu);
        p.setProperty("cores", cores);
        p.setProperty("jdk", jdk);
        p.setProperty("vectors", vectors);
        p.setProperty("peak.lanes", Integer.toString(peakLanes));
        p.setProperty("openblas", openBlas);
        p.setProperty("source", source);
        if (!openBlasCores.isEmpty()) {
            p.setProperty("openblas.cores", openBlasCores.encode());
        }
        try (Writer out = Files.newBufferedWriter(directory.resolve(FILE_NAME))) {
            p.store(out, "machine of this simdnn benchmark run");
        }
    }

    /**
     * Reads {@code machine.properties} from {@code directory}; a missing file or key reads as
     * "unknown" (and the peak's lanes as this JVM's), so a bare JMH JSON file still gets a report.
     */
    public static MachineInfo read(Path directory) throws IOException {
        Properties p = new Properties();
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
            }
        }
        return new MachineInfo(p.getProperty("cpu", "unknown"), p.getProperty("cores", "unknown"),
                p.getProperty("jdk", "unknown"), p.getProperty("vectors", "unknown"),
                Integer.parseInt(p.getProperty("peak.lanes", Integer.toString(PeakBenchmark.LANES))),
                p.getProperty("openblas", "unknown"), p.getProperty("source", "unknown"),
                OpenBlasSelection.decode(p.getProperty("openblas.cores", "")));
    }

    private static String cpuModel(List<String> cpuinfo) {
        String name = field(cpuinfo, "model name");
        String family = field(cpuinfo, "cpu family");
        String model = field(cpuinfo, "model");
        String text = name == null ? System.getProperty("os.arch") : name;
        return family != null && model != null ? text + " (family " + family + ", model " + model + ")" : text;
    }

    private static String cores(List<String> cpuinfo) {
        String text = Runtime.getRuntime().availableProcessors() + " logical CPUs";
        String cores = field(cpuinfo, "cpu cores");
        String siblings = field(cpuinfo, "siblings");
        try {
            if (cores != null && siblings != null && Integer.parseInt(cores) > 0) {
                text += " (" + cores + " cores x " + Integer.parseInt(siblings) / Integer.parseInt(cores) + " threads per core)";
            }
        } catch (NumberFormatException ignored) {
            // keep the plain count
        }
        return text;
    }

    private static String roundTrip() {
        OptionalLong nanos = CoreRoundTrip.measureNanos();
        return nanos.isPresent() ? ", core-to-core round trip " + nanos.getAsLong() + " ns at the start" : "";
    }

    private static String gitDescribe() {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            if (git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 && !out.isEmpty()) {
                return "git " + out;
            }
        } catch (IOException | RuntimeException e) {
            // no git on this machine: unknown
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "unknown";
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static String field(List<String> lines, String key) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
