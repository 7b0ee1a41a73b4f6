package io.simdnn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run directory names are portable: no commas, colons, blanks or control characters, bounded length, still distinct. */
class RunDirectoryTest {
    private static final Pattern PORTABLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]");
    private static final String DEFAULT_SPEC =
            "conv5x5x16p2,relu,maxpool2,conv5x5x32p2,relu,maxpool2,flatten,dropout0.25,dense128,bn,relu,dense10";

    @TempDir
    Path dir;

    @Test
    void specsBecomePortableNames() {
        assertEquals("conv5x5x16p2_relu_maxpool2_flatten_dense10", RunDirectory.fileName("conv5x5x16p2,relu,maxpool2,flatten,dense10"));
        assertEquals("mlp_16_8", RunDirectory.fileName("mlp:16,8"));
        assertEquals("cnn-fc128", RunDirectory.fileName("cnn-fc128"));
        assertEquals("mlp-512x256", RunDirectory.fileName("mlp-512x256"));
        assertEquals("dense10", RunDirectory.fileName(" dense10 "));
        assertEquals("a_b_c", RunDirectory.fileName("a/b\\c"));
        assertEquals("tab_newline_bell", RunDirectory.fileName("tab\tnewline\nbell\u0007"));
        assertEquals("model", RunDirectory.fileName(".."));
        assertEquals("model", RunDirectory.fileName(",,,"));
    }

    @Test
    void longNamesAreCutAndKeptApartByAHash() {
        String name = RunDirectory.fileName(DEFAULT_SPEC);
        assertEquals("conv5x5x16p2_relu_maxpool2_conv5x5x32p2-59b73873", name, "the example in docs/cli.md");
        assertTrue(name.length() <= RunDirectory.MAX_NAME_CHARS, name);
        assertTrue(name.startsWith("conv5x5x16p2_relu_maxpool2_conv5x5x32p2"), name);
        assertTrue(PORTABLE.matcher(name).matches(), name);
        assertTrue(name.matches(".*-[0-9a-f]{8}"), name);
        assertEquals(name, RunDirectory.fileName(DEFAULT_SPEC), "the same spec, the same name");
        assertNotEquals(name, RunDirectory.fileName(DEFAULT_SPEC.replace("dense128", "dense256")));
    }

    @Test
    void createdDirectoriesUseTheNameAndASuffixOnCollision() throws IOException {
        RunDirectory first = RunDirectory.create(dir, "conv3x3x8p1,relu,flatten,dense10");
        String created = first.path().getFileName().toString();
        assertTrue(created.matches("\\d{8}-\\d{6}-conv3x3x8p1_relu_flatten_dense10"), created);
        RunDirectory sweepRun = RunDirectory.create(dir, DEFAULT_SPEC, "lr0.05-e10");
        String sweepName = sweepRun.path().getFileName().toString();
        assertTrue(sweepName.endsWith("-lr0.05-e10") && !sweepName.contains(","), sweepName);
        assertTrue(sweepName.length() <= 15 + 1 + RunDirectory.MAX_NAME_CHARS + "-lr0.05-e10".length(), sweepName);
        assertTrue(Files.isDirectory(sweepRun.path()));
    }
}
