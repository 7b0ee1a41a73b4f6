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
        this(file.toString(), problem);
    }

    /**
     * An exception whose message is {@code source: problem}, for data known by name (a data set
     * made of several files, or held in memory).
     *
     * @param source  the data at fault, as a file name or a data set's name
     * @param problem what is wrong with it
     */
    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }
}
