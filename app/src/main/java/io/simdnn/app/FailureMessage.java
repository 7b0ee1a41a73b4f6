package io.simdnn.app;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * The one line a failed command prints: what went wrong, naming the file or option, for any
 * {@link Throwable}. The JDK's file-system exceptions carry only the path as their message
 * ({@code NoSuchFileException: runs/x}), so they are rendered as {@code runs/x: no such file or
 * directory}; {@link Error}s get a hint of what to change; a message that spans lines is joined into
 * one, and a missing message is replaced by the exception's kind.
 */
final class FailureMessage {
    private FailureMessage() {}

    /**
     * The line for {@code failure}, without the {@code simdnn: } prefix.
     *
     * @param failure what a command threw (wrappers such as picocli's ExecutionException are looked through)
     * @return one line, never empty
     */
    static String of(Throwable failure) {
        Throwable shown = unwrap(failure);
        return oneLine(describe(shown));
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable shown = failure;
        while ((shown instanceof CommandLine.ExecutionException || shown instanceof UncheckedIOException)
                && shown.getCause() != null && sameOrNoMessage(shown)) {
            shown = shown.getCause();
        }
        return shown;
    }

    /** Whether a wrapper adds nothing to its cause's message (picocli's wrapper and the JDK's default messages). */
    private static boolean sameOrNoMessage(Throwable wrapper) {
        String message = wrapper.getMessage();
        return message == null || message.isBlank() || message.equals(wrapper.getCause().toString())
                || wrapper instanceof CommandLine.ExecutionException;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof FileSystemException fs) {
            return fileSystem(fs);
        }
        if (failure instanceof OutOfMemoryError oom) {
            return outOfMemory(oom);
        }
        if (failure instanceof StackOverflowError) {
            return "stack overflow: an input nests too deeply or a model is too deep for the thread stack "
                    + "(try a simpler input, or raise the stack with -Xss)";
        }
        if (failure instanceof Error) {
            return "internal error " + failure.getClass().getSimpleName() + messageSuffix(failure)
                    + " (run again with --debug for the stack trace and report it)";
        }
        String message = failure.getMessage();
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName() + causeSuffix(failure);
        }
        // a wrapper that names the file (e.g. "cannot write the checkpoint X") plus its cause's reason
        if (failure.getCause() != null && !message.contains(String.valueOf(failure.getCause().getMessage()))) {
            return message + ": " + describe(failure.getCause());
        }
        return message;
    }

    private static String fileSystem(FileSystemException failure) {
        String file = failure.getFile();
        String reason = failure.getReason();
        if (reason == null || reason.isBlank()) {
            reason = switch (failure) {
                case NoSuchFileException ignored -> "no such file or directory";
                case AccessDeniedException ignored -> "permission denied";
                case NotDirectoryException ignored -> "not a directory";
                case FileAlreadyExistsException ignored -> "already exists (and is not a directory where one is needed)";
                case DirectoryNotEmptyException ignored -> "directory not empty";
                default -> "file system error " + failure.getClass().getSimpleName();
            };
        }
        String other = failure.getOtherFile() == null ? "" : " (and " + failure.getOtherFile() + ")";
        return (file == null ? "" : file + other + ": ") + lowerFirst(reason);
    }

    private static String outOfMemory(OutOfMemoryError failure) {
        String message = String.valueOf(failure.getMessage());
        if (message.contains("native thread")) {
            return "cannot start another thread (" + message + "): give a smaller --threads";
        }
        return "out of memory (" + message + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB): "
                + "use a smaller --batch, --hidden or model, or give Java more memory (JAVA_TOOL_OPTIONS=-Xmx...)";
    }

    private static String messageSuffix(Throwable failure) {
        return failure.getMessage() == null ? "" : ": " + failure.getMessage();
    }

    private static String causeSuffix(Throwable failure) {
        return failure.getCause() == null ? "" : ": " + describe(failure.getCause());
    }

    private static String lowerFirst(String text) {
        // "Not a directory", "No space left on device" read better mid-sentence
        return text.length() > 1 && Character.isUpperCase(text.charAt(0)) && Character.isLowerCase(text.charAt(1))
                ? Character.toLowerCase(text.charAt(0)) + text.substring(1) : text;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
