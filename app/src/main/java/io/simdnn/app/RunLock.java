package io.simdnn.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import io.simdnn.nn.io.Safetensors;

/**
 * The lock a training process holds on its run directory, so that a second {@code train --resume}
 * of the same directory is refused instead of training the same epochs again beside it. It is an
 * operating-system lock ({@link FileChannel#tryLock}) on {@value #FILE_NAME}, released when the
 * process ends however it ends, so a killed run never leaves the directory locked; the file's text
 * (pid, host time of start) only names the holder in the refusal.
 *
 * <p>Holding the lock also makes it safe to remove the {@code .partial} files a killed checkpoint
 * or log write left behind: no other process can be writing them.
 */
final class RunLock implements AutoCloseable {
    /** The lock file inside a run directory. */
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory} for this process and removes the stale {@code .partial} files in it.
     *
     * @throws IOException naming the directory and the holder if another process (or another run in
     *                     this one) holds it, or if the lock file cannot be written
     */
    static RunLock acquire(RunDirectory directory) throws IOException {
        Path file = directory.path().resolve(FILE_NAME);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                throw new IOException(directory.path() + " is in use by another training run (" + holder(file)
                        + "): wait for it to finish or stop it");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", started " + Instant.now())
                    .getBytes(StandardCharsets.UTF_8)), 0);
            Safetensors.deleteStaleTemporaries(directory.path());
            return new RunLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM (a test, or an embedding running two runs)
        }
    }

    private static String holder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "holder unknown" : text.replaceAll("\\p{Cntrl}", "?");
        } catch (IOException e) {
            return "holder unknown";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
