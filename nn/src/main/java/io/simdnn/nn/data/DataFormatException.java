package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that is not what it claims to be; the message names the file and the problem. */
public final class DataFormatException extends IOException {
    /**
     * An exception whose message is {@code file: problem}.
     *
     * @param file    the file (or directory) at fault
     * @param problem what is wrong with it
     */
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
