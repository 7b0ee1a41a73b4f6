package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Help lists every command: {@code ./simdnn help} names each command the launcher's {@code case}
 * dispatches, {@code simdnn --help} (the Java command line) names them too, and every Java
 * subcommand can be reached through the launcher.
 */
class LauncherHelpTest {
    /** A branch of the launcher's dispatch: {@code  train|eval|sweep)}. */
    private static final Pattern BRANCH = Pattern.compile("^\\s+([a-z][a-z|-]*)\\)\\s*$");

    private static Path launcher() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("simdnn")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolve("simdnn");
            }
        }
        throw new IllegalStateException("no simdnn launcher at or above " + start);
    }

    /** The commands of the launcher's main dispatch, the last {@code case "$command" in} of the script. */
    static Set<String> launcherCommands(String script) {
        List<String> lines = script.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("case \"$command\" in")) {
                start = i;
            }
        }
        assertTrue(start >= 0, "the launcher has no 'case \"$command\" in'");
        Set<String> commands = new TreeSet<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.equals("esac")) {
                break;
            }
            Matcher m = BRANCH.matcher(line);
            if (m.matches()) {
                commands.addAll(Arrays.asList(m.group(1).split("\\|")));
            }
        }
        commands.add("help"); // dispatched before the JDK is looked for
        return commands;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }

    @Test
    void launcherHelpNamesEveryCommandItDispatches() throws Exception {
        Path launcher = launcher();
        Set<String> commands = launcherCommands(Files.readString(launcher));
        assertTrue(commands.containsAll(List.of("train", "eval", "sweep", "gradcheck", "info", "test", "bench", "help")), commands.toString());
        String help = run("bash", launcher.toString(), "help");
        List<String> missing = new ArrayList<>();
        for (String command : commands) {
            if (!Pattern.compile("(?m)^\\s*\\./simdnn " + Pattern.quote(command) + "\\b").matcher(help).find()) {
                missing.add(command);
            }
        }
        assertTrue(missing.isEmpty(), "./simdnn help does not list " + missing + ":\n" + help);
        assertFalse(help.contains("#"), "comment markers leak into the help:\n" + help);
    }

    @Test
    void javaHelpNamesEveryLauncherCommandAndEveryJavaCommandIsLaunchable() throws IOException {
        Set<String> launcherCommands = launcherCommands(Files.readString(launcher()));
        String usage = Main.commandLine().getUsageMessage();
        List<String> missing = launcherCommands.stream()
                .filter(c -> !Pattern.compile("(?m)^\\s+" + Pattern.quote(c) + "\\s").matcher(usage).find()).toList();
        assertTrue(missing.isEmpty(), "simdnn --help does not list " + missing + ":\n" + usage);
        for (String subcommand : Main.commandLine().getSubcommands().keySet()) {
            assertTrue(launcherCommands.contains(subcommand), "./simdnn cannot run the Java command " + subcommand);
        }
    }
}
