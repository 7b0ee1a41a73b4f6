package io.simdnn.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BarChartTest {
    private static BarChart.Spec spec(OptionalDouble reference, double... maxima) {
        List<BarChart.Group> groups = java.util.Arrays.stream(maxima)
                .mapToObj(max -> new BarChart.Group("g", List.of(new BarChart.Bar("s", ForkScores.of(max / 2, max), ""))))
                .toList();
        return new BarChart.Spec("t", List.of(), "x", groups, reference, "");
    }

    @Test
    void axisEndsAtARoundNumberAboveTheLongestWhiskerOrReference() {
        assertEquals(200, BarChart.niceMax(spec(OptionalDouble.empty(), 97, 180)));
        assertEquals(2.5, BarChart.niceMax(spec(OptionalDouble.of(1), 2.13)));
        assertEquals(2, BarChart.niceMax(spec(OptionalDouble.of(1), 0.6)), "the reference line at 1 gets headroom");
        assertEquals(1, BarChart.niceMax(spec(OptionalDouble.empty())));
    }
}
