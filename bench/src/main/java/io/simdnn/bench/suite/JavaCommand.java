package io.simdnn.bench.suite;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Command lines for child JVMs of the bench JVM: the same {@code java}, the same class path (or
 * jar). Needed where a setting only takes effect when a process starts, as OpenBLAS's
 * {@code OPENBLAS_CORETYPE} does, which must differ from the environment's without the
 * environment of anything else (tests, CI) changing.
 */
final class JavaCommand {
    /** The JVM flags every simdnn process needs; the same list as simdnn.jvm.flags in pom.xml. */
    static final List<String> SIMDNN_FLAGS = List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED");

    private JavaCommand() {}

    /** {@code java} of this JVM. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A JVM running {@code main} on this JVM's class path with simdnn's flags and {@code flags}. */
    static List<String> main(Class<?> main, List<String> flags, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(SIMDNN_FLAGS);
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * This JVM started again with other arguments: its JVM flags (as JMH does for its forks), then
     * {@code -jar} when it runs from a single jar ({@code java -jar benchmarks.jar}: the
     * manifest's settings apply again), else the class path and {@link BenchMain}.
     */
    static List<String> again(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String classPath = System.getProperty("java.class.path");
        if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, BenchMain.class.getName()));
        }
        command.addAll(args);
        return command;
    }

    /**
     * Runs {@code command} on this process's console with {@code environment} changes applied to
     * a copy of this environment, and waits for it; returns its exit status. The child dies with
     * this JVM (a shutdown hook ends it if it is still running).
     */
    static int run(List<String> command, Consumer<Map<String, String>> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        environment.accept(builder.environment());
        Process child = builder.start();
        Thread stop = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        int status = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return status;
    }
}
