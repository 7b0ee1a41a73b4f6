package io.simdnn.nn.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a loader on a damaged file and judges the outcome: a correct load, or the format's own
 * exception with a one-line message that starts with the damaged file's directory (so it names the
 * file). Any other exception, any {@link Error} (OutOfMemoryError, StackOverflowError) and a load
 * that outlasts the time limit fail the case.
 */
final class HostileLoad implements AutoCloseable {
    /** Far above what a damaged file of a few kilobytes needs; reaching it means a loop that does not end. */
    private static final long TIME_LIMIT_SECONDS = 20;

    /** A load to judge; returns normally when the file was accepted (after checking what it loaded). */
    @FunctionalInterface
    interface Load {
        void run() throws Exception;
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hostile-load");
        thread.setDaemon(true);
        return thread;
    });
    private final Class<? extends Exception> expected;

    /**
     * @param expected the one exception type the format documents for bad files
     */
    HostileLoad(Class<? extends Exception> expected) {
        this.expected = expected;
    }

    /**
     * Runs {@code load} and fails unless it succeeds (for a case that may succeed) or throws the
     * expected exception naming a file under {@code caseDirectory}.
     *
     * @param caseDirectory where the damaged files are
     * @param mutation      what was done to them, for the failure message
     * @param load          the loader call
     */
    void judge(Path caseDirectory, FuzzTarget.Case mutation, Load load) {
        Future<Throwable> outcome = worker.submit(() -> {
            try {
                load.run();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable thrown;
        try {
            thrown = outcome.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            outcome.cancel(true);
            throw new AssertionError(mutation + ": no answer after " + TIME_LIMIT_SECONDS + " s (a hang)");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(mutation + ": the load could not be run", e);
        }
        if (thrown == null) {
            if (mutation.mustFail()) {
                fail(mutation + ": accepted, yet the file is shorter or longer than any valid one");
            }
            return;
        }
        if (thrown instanceof AssertionError loadedWrong) {
            throw loadedWrong; // the load succeeded but what it loaded failed the case's own checks
        }
        if (!expected.isInstance(thrown)) {
            throw new AssertionError(mutation + ": " + thrown.getClass().getName() + " instead of " + expected.getSimpleName()
                    + ": " + thrown.getMessage(), thrown);
        }
        String message = thrown.getMessage();
        if (message == null || !message.startsWith(caseDirectory.toString()) || message.contains("\n")
                || message.contains("(null)") || message.endsWith(": null")) {
            fail(mutation + ": the message does not name the file on one line: " + message);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
