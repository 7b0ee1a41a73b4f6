package io.simdnn.bench.report;

import io.simdnn.app.report.Charts;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * A horizontal grouped bar chart with fork-spread whiskers, drawn headless into a PNG: one group
 * per measured thing (a GEMM shape, a kernel), one bar per series (simdnn, OpenBLAS, 1 thread...).
 * Horizontal because the labels are long and the number of groups varies from run to run; the
 * image grows with the groups instead of squeezing them. The bar is the median fork, the whisker
 * spans the slowest to the fastest fork. Uses {@link Charts}' canvas and colours so the project's
 * PNGs look alike.
 */
public final class BarChart {
    /** One bar: its series (legend entry), the per-fork values, and a text printed after it. */
    public record Bar(String series, ForkScores value, String annotation) {}

    /** A labelled group of bars. */
    public record Group(String label, List<Bar> bars) {
        public Group {
            bars = List.copyOf(bars);
        }
    }

    /**
     * What to draw.
     *
     * @param title          first line
     * @param notes          lines under the title: what is compared with what, the spread, the machine
     * @param axisLabel      the value axis, e.g. "GFLOP/s"
     * @param reference      an optional vertical line, e.g. 1.0 on a fraction-of-roofline chart
     * @param referenceLabel its label
     */
    public record Spec(String title, List<String> notes, String axisLabel, List<Group> groups,
                       OptionalDouble reference, String referenceLabel) {
        public Spec {
            notes = List.copyOf(notes);
            groups = List.copyOf(groups);
        }
    }

    private static final Color[] PALETTE = {Charts.BLUE, Charts.ORANGE, new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189)};
    private static final int WIDTH = 960;
    private static final int BAR = 14;
    private static final int GROUP_GAP = 10;
    private static final int RIGHT = 150; // room for the annotations after the longest bar

    private BarChart() {}

    /** Draws {@code spec} into {@code file} (PNG). */
    public static void write(Path file, Spec spec) throws IOException {
        List<String> series = seriesOf(spec);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        int top = 34 + 15 * spec.notes().size() + (series.size() > 1 ? 20 : 0) + 8;
        int plotHeight = spec.groups().stream().mapToInt(g -> g.bars().size() * (BAR + 2) + GROUP_GAP).sum() + GROUP_GAP;
        int height = top + plotHeight + 44;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Charts.canvas(image);
        try {
            g.setFont(plain);
            FontMetrics metrics = g.getFontMetrics();
            int left = 12 + spec.groups().stream().mapToInt(group -> metrics.stringWidth(group.label())).max().orElse(0);
            left = Math.min(left, WIDTH / 2);
            int plotWidth = WIDTH - left - RIGHT;
            double max = niceMax(spec);
            header(g, spec, series);
            axis(g, spec, left, top, plotWidth, plotHeight, max);
            int y = top + GROUP_GAP;
            for (Group group : spec.groups()) {
                int groupHeight = group.bars().size() * (BAR + 2);
                g.setColor(Color.BLACK);
                g.setFont(plain);
                g.drawString(group.label(), left - 6 - metrics.stringWidth(group.label()), y + groupHeight / 2 + 4);
                for (Bar bar : group.bars()) {
                    drawBar(g, bar, PALETTE[series.indexOf(bar.series()) % PALETTE.length], left, y, plotWidth, max);
                    y += BAR + 2;
                }
                y += GROUP_GAP;
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static List<String> seriesOf(Spec spec) {
        List<String> series = new ArrayList<>();
        spec.groups().forEach(group -> group.bars().forEach(bar -> {
            if (!series.contains(bar.series())) {
                series.add(bar.series());
            }
        }));
        return series;
    }

    /** The axis end: the largest whisker or reference, rounded up to 1, 2 or 5 x 10^k. */
    static double niceMax(Spec spec) {
        double max = spec.reference().orElse(0);
        for (Group group : spec.groups()) {
            for (Bar bar : group.bars()) {
                max = Math.max(max, bar.value().max());
            }
        }
        if (!(max > 0)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= max * 1.02) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static void header(Graphics2D g, Spec spec, List<String> series) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(spec.title(), 12, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(new Color(70, 70, 70));
        int y = 40;
        for (String note : spec.notes()) {
            g.drawString(note, 12, y);
            y += 15;
        }
        if (series.size() > 1) {
            int x = 12;
            for (int i = 0; i < series.size(); i++) {
                g.setColor(PALETTE[i % PALETTE.length]);
                g.fillRect(x, y - 4, 14, 10);
                g.setColor(Color.BLACK);
                g.drawString(series.get(i), x + 18, y + 5);
                x += 30 + g.getFontMetrics().stringWidth(series.get(i));
            }
        }
    }

    private static void axis(Graphics2D g, Spec spec, int left, int top, int plotWidth, int plotHeight, double max) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int t = 0; t <= 5; t++) {
            double value = max * t / 5;
            int x = left + (int) Math.round(plotWidth * t / 5.0);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, top, x, top + plotHeight);
            g.setColor(Color.BLACK);
            String text = value >= 100 || value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
            g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, top + plotHeight + 14);
        }
        g.drawLine(left, top, left, top + plotHeight);
        g.drawLine(left, top + plotHeight, left + plotWidth, top + plotHeight);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(spec.axisLabel(), left + plotWidth / 2 - g.getFontMetrics().stringWidth(spec.axisLabel()) / 2,
                top + plotHeight + 32);
        if (spec.reference().isPresent()) {
            int x = left + (int) Math.round(plotWidth * spec.reference().getAsDouble() / max);
            g.setColor(new Color(200, 0, 0));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
            g.drawLine(x, top, x, top + plotHeight);
            g.setStroke(new BasicStroke(1f));
            g.drawString(spec.referenceLabel(), x + 4, top - 4);
        }
    }

    private static void drawBar(Graphics2D g, Bar bar, Color color, int left, int y, int plotWidth, double max) {
        ForkScores v = bar.value();
        int end = left + (int) Math.round(plotWidth * v.median() / max);
        g.setColor(color);
        g.fillRect(left + 1, y, Math.max(1, end - left - 1), BAR);
        int low = left + (int) Math.round(plotWidth * v.min() / max);
        int high = left + (int) Math.round(plotWidth * v.max() / max);
        g.setColor(Color.BLACK);
        g.drawLine(low, y + BAR / 2, high, y + BAR / 2);
        g.drawLine(low, y + 3, low, y + BAR - 3);
        g.drawLine(high, y + 3, high, y + BAR - 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(bar.annotation(), Math.max(end, high) + 5, y + BAR - 3);
    }
}
