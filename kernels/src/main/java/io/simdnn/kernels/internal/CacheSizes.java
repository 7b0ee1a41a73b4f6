package io.simdnn.kernels.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The per-core data cache sizes GEMM's blocking is derived from, read once: from Linux's
 * {@code /sys/devices/system/cpu/cpu0/cache} when the kernel exposes it, otherwise from a table of
 * the CPU families this project runs on, keyed by {@code /proc/cpuinfo}'s vendor, family and model
 * (virtual machines often hide the sysfs cache directory), otherwise conservative defaults.
 *
 * @param l1Data bytes of L1 data cache per core
 * @param l2     bytes of L2 per core
 * @param l3     bytes of L3 shared by the cores of one complex (an upper bound on what one core gets)
 * @param source where the sizes came from, for logs and reports
 */
public record CacheSizes(long l1Data, long l2, long l3, String source) {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** Known per-core caches by CPU: vendor, family, and the models (or all of a family when none are listed). */
    private record Known(String vendor, int family, List<Integer> models, String name, long l1Data, long l2, long l3) {
        boolean matches(String vendorId, int cpuFamily, int cpuModel) {
            return vendor.equals(vendorId) && family == cpuFamily && (models.isEmpty() || models.contains(cpuModel));
        }
    }

    private static final List<Known> KNOWN = List.of(
            new Known("AuthenticAMD", 26, List.of(), "AMD Zen 5", 48 * KIB, 1 * MIB, 32 * MIB),
            new Known("AuthenticAMD", 25, List.of(0x10, 0x11, 0x18, 0x60, 0x61, 0x70, 0x74, 0x75, 0x78, 0x7c, 0xa0),
                    "AMD Zen 4", 32 * KIB, 1 * MIB, 32 * MIB),
            new Known("AuthenticAMD", 25, List.of(), "AMD Zen 3", 32 * KIB, 512 * KIB, 32 * MIB),
            new Known("GenuineIntel", 6, List.of(143, 207), "Intel Sapphire/Emerald Rapids", 48 * KIB, 2 * MIB, 32 * MIB),
            new Known("GenuineIntel", 6, List.of(106, 108), "Intel Ice Lake server", 48 * KIB, 1280 * KIB, 32 * MIB),
            new Known("GenuineIntel", 6, List.of(85), "Intel Skylake/Cascade Lake server", 32 * KIB, 1 * MIB, 16 * MIB));

    /** When nothing is known: a small L1 and L2 keep the blocks inside any recent core's caches. */
    static final CacheSizes DEFAULT = new CacheSizes(32 * KIB, 512 * KIB, 8 * MIB, "defaults");

    /** The running machine's sizes. */
    public static CacheSizes detect() {
        return fromSysfs(Path.of("/sys/devices/system/cpu/cpu0/cache"))
                .or(() -> fromCpuinfo(Path.of("/proc/cpuinfo")))
                .orElse(DEFAULT);
    }

    /** Reads each {@code index} entry's level, type and size; empty when the directory is absent or lacks a level. */
    static Optional<CacheSizes> fromSysfs(Path cacheDirectory) {
        if (!Files.isDirectory(cacheDirectory)) {
            return Optional.empty();
        }
        long l1 = 0;
        long l2 = 0;
        long l3 = 0;
        try (Stream<Path> entries = Files.list(cacheDirectory)) {
            for (Path index : entries.filter(p -> p.getFileName().toString().startsWith("index")).toList()) {
                String type = read(index.resolve("type"));
                if (type.equals("Instruction")) {
                    continue;
                }
                int level = Integer.parseInt(read(index.resolve("level")));
                long size = parseSize(read(index.resolve("size")));
                switch (level) {
                    case 1 -> l1 = size;
                    case 2 -> l2 = size;
                    case 3 -> l3 = size;
                    default -> { } // an L4, if any, does not change the blocking
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
        if (l1 == 0 || l2 == 0) {
            return Optional.empty();
        }
        return Optional.of(new CacheSizes(l1, l2, l3 == 0 ? l2 : l3, "sysfs"));
    }

    /** Looks the CPU up in {@link #KNOWN} by the first processor's vendor, family and model. */
    static Optional<CacheSizes> fromCpuinfo(Path cpuinfo) {
        try {
            return identify(Files.readAllLines(cpuinfo));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    static Optional<CacheSizes> identify(List<String> cpuinfoLines) {
        Map<String, String> first = new HashMap<>();
        for (String line : cpuinfoLines) {
            if (line.isBlank() && !first.isEmpty()) {
                break; // the first processor's block is enough
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        String vendor = first.getOrDefault("vendor_id", "");
        int family = Integer.parseInt(first.getOrDefault("cpu family", "-1"));
        int model = Integer.parseInt(first.getOrDefault("model", "-1"));
        return KNOWN.stream().filter(known -> known.matches(vendor, family, model)).findFirst()
                .map(known -> new CacheSizes(known.l1Data(), known.l2(), known.l3(),
                        known.name() + " (cpuinfo: " + vendor + " family " + family + " model " + model + ")"));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    /** "48K", "1024K", "32M" or plain bytes. */
    static long parseSize(String text) {
        String value = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (value.endsWith("K")) {
            unit = KIB;
        } else if (value.endsWith("M")) {
            unit = MIB;
        }
        String digits = unit == 1 ? value : value.substring(0, value.length() - 1);
        return Long.parseLong(digits) * unit;
    }

    @Override
    public String toString() {
        return "L1d " + l1Data / KIB + " KiB, L2 " + l2 / KIB + " KiB, L3 " + l3 / MIB + " MiB (" + source + ")";
    }
}
