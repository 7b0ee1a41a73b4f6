package io.simdnn.app;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Image files for the predict tests, written with {@code javax.imageio}: grey and RGB images from
 * planes of values in [0, 1], rounded to 8 bits; each writer returns the values a reader gets back
 * (the 8-bit value / 255).
 */
final class TestImages {
    private TestImages() {}

    /** An 8-bit grey image of {@code plane} ({@code height x width}, row-major). */
    static float[] grey(Path file, float[] plane, int height, int width, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        float[] stored = new float[plane.length];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int value = byteOf(plane[i]);
                image.getRaster().setSample(x, y, 0, value);
                stored[i] = value / 255f;
            }
        }
        write(image, format, file);
        return stored;
    }

    /** An RGB image of three planes (red, green, blue, each {@code height x width}), as {@code C x H x W} values. */
    static float[] rgb(Path file, float[] red, float[] green, float[] blue, int height, int width) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        float[] stored = new float[3 * plane];
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++, i++) {
                int r = byteOf(red[i]);
                int g = byteOf(green[i]);
                int b = byteOf(blue[i]);
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
                stored[i] = r / 255f;
                stored[plane + i] = g / 255f;
                stored[2 * plane + i] = b / 255f;
            }
        }
        write(image, "png", file);
        return stored;
    }

    /** {@code plane} with every pixel repeated {@code factor} x {@code factor} times. */
    static float[] enlarge(float[] plane, int height, int width, int factor) {
        float[] big = new float[plane.length * factor * factor];
        for (int y = 0; y < height * factor; y++) {
            for (int x = 0; x < width * factor; x++) {
                big[y * width * factor + x] = plane[(y / factor) * width + x / factor];
            }
        }
        return big;
    }

    private static int byteOf(float value) {
        return Math.clamp(Math.round(value * 255), 0, 255);
    }

    private static void write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IOException("no " + format + " writer");
        }
    }
}
