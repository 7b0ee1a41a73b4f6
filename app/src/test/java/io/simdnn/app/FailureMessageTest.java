package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The line each kind of failure becomes: OS errors that carry only a path, Errors, wrappers, missing and multi-line messages. */
class FailureMessageTest {
    @Test
    void fileSystemErrorsSayWhatIsWrongWithThePath() {
        assertEquals("runs/m.safetensors: no such file or directory",
                FailureMessage.of(new NoSuchFileException("runs/m.safetensors")));
        assertEquals("/root/x: permission denied", FailureMessage.of(new AccessDeniedException("/root/x")));
        assertEquals("out/file: not a directory", FailureMessage.of(new NotDirectoryException("out/file")));
        assertEquals("a: no space left on device", FailureMessage.of(new FileSystemException("a", null, "No space left on device")));
    }

    @Test
    void wrappersAreLookedThroughAndAFileNamingWrapperKeepsItsCausesReason() {
        assertEquals("d: no such file or directory", FailureMessage.of(new UncheckedIOException(new NoSuchFileException("d"))));
        assertEquals("cannot write the checkpoint r/c.safetensors: No space left on device", FailureMessage.of(
                new IOException("cannot write the checkpoint r/c.safetensors", new IOException("No space left on device"))));
        CommandLine commandLine = new CommandLine(new Main());
        assertEquals("bad", FailureMessage.of(new CommandLine.ExecutionException(commandLine, "", new IllegalStateException("bad"))));
    }

    @Test
    void errorsBecomeALineWithAHint() {
        String memory = FailureMessage.of(new OutOfMemoryError("Java heap space"));
        assertTrue(memory.startsWith("out of memory (Java heap space") && memory.contains("--batch"), memory);
        String threads = FailureMessage.of(new OutOfMemoryError("unable to create native thread: possibly out of memory"));
        assertTrue(threads.startsWith("cannot start another thread") && threads.contains("--threads"), threads);
        assertTrue(FailureMessage.of(new StackOverflowError()).startsWith("stack overflow: an input nests too deeply"));
        String internal = FailureMessage.of(new AssertionError("x"));
        assertTrue(internal.contains("AssertionError: x") && internal.contains("--debug"), internal);
    }

    @Test
    void aMissingMessageNamesTheKindAndALongOneIsJoinedIntoOneLine() {
        assertEquals("NoSuchElementException", FailureMessage.of(new java.util.NoSuchElementException()));
        String joined = FailureMessage.of(new IllegalArgumentException("first\n  second\r\nthird\n"));
        assertEquals("first; second; third", joined);
        assertFalse(FailureMessage.of(new NullPointerException()).contains("null"));
    }
}
