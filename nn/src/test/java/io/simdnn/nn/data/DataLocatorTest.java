package io.simdnn.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing default data: installed when this process may, otherwise the exact command to run. */
class DataLocatorTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** A machine as the test describes it; {@code install} may create the data, as the package would. */
    private record FakeInstaller(boolean canInstall, boolean hasApt, Path createsData, List<String> installed)
            implements DataLocator.PackageInstaller {
        @Override
        public void install(String packageName, PrintStream out) throws IOException {
            installed.add(packageName);
            out.println("fake apt-get install " + packageName);
            if (createsData != null) {
                TinyData.idxDirectory(createsData, 6, 3);
            }
        }
    }

    private DataLocator locator(FakeInstaller installer) {
        return new DataLocator(dir.resolve("fashion-mnist"), installer, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @Test
    void withoutRootItSaysWhatToRun() {
        FakeInstaller installer = new FakeInstaller(false, true, null, new ArrayList<>());
        String message = assertThrows(DataFormatException.class, () -> locator(installer).locate(null)).getMessage();
        assertTrue(message.contains("Fashion-MNIST not found") && message.contains("'sudo apt-get install dataset-fashion-mnist'"),
                message);
        assertTrue(installer.installed().isEmpty());
    }

    @Test
    void withoutAptItSaysWhereToPutTheFiles() {
        String message = assertThrows(DataFormatException.class,
                () -> locator(new FakeInstaller(false, false, null, new ArrayList<>())).locate(null)).getMessage();
        assertTrue(message.contains("no apt-get") && message.contains("--data DIR"), message);
    }

    @Test
    void asRootItInstallsThePackageAndSaysSo() throws IOException {
        FakeInstaller installer = new FakeInstaller(true, true, dir.resolve("fashion-mnist"), new ArrayList<>());
        DataSource source = locator(installer).locate(null);
        assertEquals(List.of("dataset-fashion-mnist"), installer.installed());
        assertEquals(MnistFormat.FASHION_CLASSES, source.classNames());
        String printed = log.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("installing the Debian package dataset-fashion-mnist") && printed.contains("fake apt-get"), printed);
    }

    @Test
    void anInstallThatBringsNoDataIsAnError() {
        FakeInstaller installer = new FakeInstaller(true, true, null, new ArrayList<>());
        String message = assertThrows(DataFormatException.class, () -> locator(installer).locate(null)).getMessage();
        assertTrue(message.contains("still no Fashion-MNIST IDX files after installing"), message);
    }

    @Test
    void anExplicitDirectoryIsUsedAsGivenAndNothingIsInstalled() throws IOException {
        FakeInstaller installer = new FakeInstaller(true, true, null, new ArrayList<>());
        Path data = TinyData.idxDirectory(dir.resolve("digits"), 6, 3);
        assertEquals(data, locator(installer).locate(data).directory());
        assertTrue(installer.installed().isEmpty());
    }
}
