package io.simdnn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import io.simdnn.kernels.Transpose;
import org.junit.jupiter.api.Test;

class GemmReportTest {
    @Test
    void parsesShapesWithAndWithoutTransposes() {
        GemmShape plain = GemmShape.parse("128x512x784");
        assertEquals(new GemmShape(128, 512, 784, Transpose.NO_TRANSPOSE, Transpose.NO_TRANSPOSE), plain);
        GemmShape tn = GemmShape.parse("784x512x128:TN");
        assertEquals(Transpose.TRANSPOSE, tn.transA());
        assertEquals(Transpose.NO_TRANSPOSE, tn.transB());
        assertEquals(784, tn.lda());
        assertEquals(512, tn.ldb());
        assertEquals(2.0 * 784 * 512 * 128, tn.flops());
        assertEquals("784x512x128:TN", tn.toString());
    }

    @Test
    void rejectsMalformedShapes() {
        for (String bad : new String[] {"12x3", "0x4x4", "4x4x4:XN", "axbxc", "4x4x4:NN:NN"}) {
            assertThrows(IllegalArgumentException.class, () -> GemmShape.parse(bad), bad);
        }
    }

    @Test
    void medianAndSpreadOfForks() {
        ForkScores odd = ForkScores.of(3, 1, 2);
        assertEquals(2, odd.median());
        assertEquals(1, odd.min());
        assertEquals(3, odd.max());
        assertEquals(2.5, ForkScores.of(4, 1, 2, 3).median());
        assertEquals(10, ForkScores.of(1, 2, 3).scaled(5).median());
    }

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
