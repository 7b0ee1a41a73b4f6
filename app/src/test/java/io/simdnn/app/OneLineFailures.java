package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assertion every failure test makes: the exit code, and stderr exactly one line naming what failed. */
final class OneLineFailures {
    private OneLineFailures() {}

    /**
     * Asserts that {@code run} exited with {@code exit} and printed one line on stderr, starting
     * with {@code simdnn}, holding each of {@code fragments} and no stack trace.
     *
     * @return the line
     */
    static String assertOneLine(CommandLineRunner.Run run, int exit, String... fragments) {
        String err = run.err().strip();
        assertEquals(exit, run.exit(), err);
        assertFalse(err.isEmpty(), "no message");
        assertFalse(err.contains("\n"), "more than one line: " + err);
        assertTrue(err.startsWith("simdnn"), err);
        assertFalse(err.contains("\tat ") || err.contains("Exception:") || err.contains("Error:") || err.endsWith(": null"),
                err);
        for (String fragment : fragments) {
            assertTrue(err.contains(fragment), "'" + fragment + "' missing in: " + err);
        }
        return err;
    }
}
