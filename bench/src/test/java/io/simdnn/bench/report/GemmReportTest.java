package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import io.simdnn.bench.benchmarks.GemmShape;
import org.junit.jupiter.api.Test;

class GemmReportTest {

    @Test
    void tableHasGflopsRatiosAndPeakShare() {
        GemmShape shape = GemmShape.parse("1000x1000x500"); // 1 GFLOP per call
        Map<GemmReport.Key, ForkScores> calls = new LinkedHashMap<>();
        calls.put(new GemmReport.Key(shape, 1, "simdnn"), ForkScores.of(80, 90, 85));
        calls.put(new GemmReport.Key(shape, 1, "openblas"), ForkScores.of(100, 100, 100));
        calls.put(new GemmReport.Key(shape, 2, "simdnn"), ForkScores.of(170));
        GemmReport report = GemmReport.fromCallsPerSecond(calls, 100);

        assertEquals(2, report.rows().size());
        GemmReport.Row single = report.rows().get(0);
        assertEquals(85, single.simdnn().median(), 1e-9);
        assertEquals(0.85, single.ratioToOpenBlas().orElseThrow(), 1e-9);
        assertEquals(0.85, single.fractionOfPeak(), 1e-9);
        GemmReport.Row dual = report.rows().get(1);
        assertTrue(dual.openBlas().isEmpty());
        assertEquals(0.85, dual.fractionOfPeak(), 1e-9); // 170 of 2 x 100

        String table = report.markdownTable();
        assertTrue(table.contains("| 1000x1000x500 | NN | 1 | 85.0 (80.0-90.0) | 100.0 (100.0-100.0) | 0.85x | 85% |"), table);
        assertTrue(table.contains("| 1000x1000x500 | NN | 2 | 170.0 (170.0-170.0) | n/a | n/a | 85% |"), table);
    }
}
