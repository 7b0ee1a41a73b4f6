package io.simdnn.nn.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that is not what it claims to be; the message names the file and the problem. */
public final class DataFormatException extends IOException {
    public DataFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
