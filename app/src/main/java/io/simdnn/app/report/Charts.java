package io.simdnn.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** PNG charts drawn with java.awt (headless): line charts, a confusion-matrix heat map, image grids. */
public final class Charts {
    /** One line of a chart: a label, a colour and y values for x = 1, 2, ... */
    public record Series(String label, Color color, double[] values) {}

    public static final Color BLUE = new Color(31, 119, 180);
    public static final Color ORANGE = new Color(255, 127, 14);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** A line chart of per-epoch values, with axes, ticks, a title and a legend. */
    public static void lineChart(Path file, String title, String yLabel, List<Series> series) throws IOException {
        int width = 640, height = 400, left = 70, right = 20, top = 40, bottom = 50;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        int points = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        double min = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values())).filter(Double::isFinite).min().orElse(0);
        double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.values())).filter(Double::isFinite).max().orElse(1);
        if (max - min < 1e-9) {
            max = min + 1;
        }
        double pad = (max - min) * 0.05;
        min -= pad;
        max += pad;
        int plotWidth = width - left - right, plotHeight = height - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawRect(left, top, plotWidth, plotHeight);
        for (int t = 0; t <= 5; t++) {
            double value = min + (max - min) * t / 5;
            int y = top + plotHeight - (int) Math.round(plotHeight * t / 5.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, y, left + plotWidth - 1, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3f", value), 8, y + 4);
        }
        for (int x = 1; x <= points; x++) {
            int px = xPixel(x, points, left, plotWidth);
            g.drawLine(px, top + plotHeight, px, top + plotHeight + 4);
            if (points <= 20 || x % Math.max(1, points / 10) == 0) {
                g.drawString(Integer.toString(x), px - 4, top + plotHeight + 17);
            }
        }
        g.drawString("epoch", left + plotWidth / 2 - 15, height - 12);
        g.drawString(yLabel, left, top - 6);
        int legendY = top + 16;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(new BasicStroke(2f));
            double[] v = s.values();
            for (int i = 0; i < v.length; i++) {
                int px = xPixel(i + 1, points, left, plotWidth);
                int py = yPixel(v[i], min, max, top, plotHeight);
                g.fillOval(px - 3, py - 3, 7, 7);
                if (i > 0) {
                    g.drawLine(xPixel(i, points, left, plotWidth), yPixel(v[i - 1], min, max, top, plotHeight), px, py);
                }
            }
            g.fillRect(left + plotWidth - 150, legendY - 8, 14, 8);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), left + plotWidth - 130, legendY);
            legendY += 16;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    static int xPixel(int x, int points, int left, int plotWidth) {
        return points <= 1 ? left + plotWidth / 2 : left + (int) Math.round((x - 1) * (plotWidth - 20) / (double) (points - 1)) + 10;
    }

    static int yPixel(double value, double min, double max, int top, int plotHeight) {
        return top + plotHeight - (int) Math.round((value - min) / (max - min) * plotHeight);
    }

    /** The confusion matrix as a heat map with counts; rows are true classes, columns predictions. */
    public static void confusionMatrix(Path file, long[][] counts, List<String> classNames) throws IOException {
        int n = counts.length, cell = 48, left = 110, top = 110;
        BufferedImage image = new BufferedImage(left + n * cell + 20, top + n * cell + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        long max = 1;
        for (long[] row : counts) {
            for (long count : row) {
                max = Math.max(max, count);
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString("Confusion matrix (rows: true, columns: predicted)", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int r = 0; r < n; r++) {
            g.setColor(Color.BLACK);
            g.drawString(classNames.get(r), 6, top + r * cell + cell / 2 + 4);
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.rotate(-Math.PI / 2, left + r * cell + cell / 2 + 4, top - 6);
            rotated.drawString(classNames.get(r), left + r * cell + cell / 2 + 4, top - 6);
            rotated.dispose();
            for (int c = 0; c < n; c++) {
                float intensity = (float) Math.sqrt(counts[r][c] / (double) max);
                g.setColor(new Color(1f - 0.8f * intensity, 1f - 0.5f * intensity, 1f));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(intensity > 0.6f ? Color.WHITE : Color.BLACK);
                String text = Long.toString(counts[r][c]);
                g.drawString(text, left + c * cell + cell / 2 - 3 * text.length(), top + r * cell + cell / 2 + 4);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * A grid of grey images (each {@code height x width} values, scaled per image to black..white)
     * with an optional caption under each.
     */
    public static void imageGrid(Path file, List<float[]> images, int height, int width, List<String> captions,
                                 int columns, int scale) throws IOException {
        int cellWidth = Math.max(width * scale, captions.isEmpty() ? 0 : 90) + 8;
        int cellHeight = height * scale + (captions.isEmpty() ? 8 : 22);
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage image = new BufferedImage(Math.max(1, columns * cellWidth), Math.max(1, rows * cellHeight), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < images.size(); i++) {
            float[] pixels = images.get(i);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float p : pixels) {
                lo = Math.min(lo, p);
                hi = Math.max(hi, p);
            }
            float range = hi - lo < 1e-12f ? 1 : hi - lo;
            int x0 = (i % columns) * cellWidth + 4, y0 = (i / columns) * cellHeight + 4;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int grey = Math.round(255 * (pixels[y * width + x] - lo) / range);
                    g.setColor(new Color(grey, grey, grey));
                    g.fillRect(x0 + x * scale, y0 + y * scale, scale, scale);
                }
            }
            if (!captions.isEmpty()) {
                g.setColor(Color.BLACK);
                g.drawString(captions.get(i), x0, y0 + height * scale + 13);
            }
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * A white, antialiased drawing surface over {@code image}, for chart kinds drawn elsewhere
     * (the benchmark report's bar charts) so that every PNG of the project looks alike. The
     * caller disposes the returned graphics.
     */
    public static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }
}
