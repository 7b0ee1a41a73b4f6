package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DerivedMetricsTest {
    @Test
    void bandwidthConvolutionAndTrainingTables() {
        String table = DerivedMetrics.markdown(DerivedMetrics.list(
                // ReLU moves 8 MiB per call: 1000 calls/s = 8.39 GB/s; the copy twice as fast
                new DerivedMetrics.Measured("reluForward", Map.of("threads", "1"), ForkScores.of(1000, 900, 1100)),
                new DerivedMetrics.Measured("copy1M", Map.of("threads", "1"), ForkScores.of(2000)),
                // 64x16x14x14 -> 32: 321.1 MFLOP forward, x3 per forward+backward
                new DerivedMetrics.Measured("forwardBackward", Map.of("layer", "64x16x14x14-32", "threads", "2"), ForkScores.of(50)),
                new DerivedMetrics.Measured("equivalentGemm", Map.of("layer", "64x16x14x14-32", "threads", "2"), ForkScores.of(250)),
                new DerivedMetrics.Measured("step", Map.of("model", "cnn", "threads", "2"), ForkScores.of(30, 28, 31))));
        assertTrue(table.contains("| reluForward | 8.4 (7.5-9.2) | 16.8 | 0.50 |"), table);
        assertTrue(table.contains("| 64x16x14x14-32 | 2 | 48.2 (48.2-48.2) | 80.3 | 0.60 |"), table);
        assertTrue(table.contains("| cnn | 64 | 2 | 1920 (1792-1984) |"), table);
    }
}
