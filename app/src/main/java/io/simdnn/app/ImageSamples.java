package io.simdnn.app;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * An image file (anything {@code javax.imageio} decodes: PNG, JPEG, GIF, BMP, TIFF) as one sample
 * of a model that takes {@code C x H x W} images with 1 or 3 channels, scaled as the data loaders
 * scale pixels (value / maximum, so 8-bit 255 is 1.0):
 *
 * <ul>
 *   <li>Channels: a grey image gives its grey values (8 or 16 bits); any other image its sRGB
 *       red, green and blue (8 bits each). A 1-channel model gets grey, converting colour as
 *       ITU-R BT.601 luma {@code 0.299 R + 0.587 G + 0.114 B} (PIL's {@code convert("L")}, without
 *       its rounding); a 3-channel model gets R, G, B, a grey image repeated in all three.
 *       Transparency is ignored.</li>
 *   <li>Size: an image of the model's H x W is used as it is; another size is scaled to it by
 *       {@link AreaScaling area averaging} if its aspect ratio is the model's within
 *       {@value #ASPECT_TOLERANCE_PERCENT}%, and refused otherwise (crop or pad it first), since
 *       stretching would distort what the model sees.</li>
 * </ul>
 *
 * Every refusal is an {@link IOException} whose message starts with the file name.
 */
final class ImageSamples {
    /** How far (percent) an image's width/height ratio may be from the model's for it to be scaled. */
    static final int ASPECT_TOLERANCE_PERCENT = 10;

    private final int[] inputShape;

    /** Images for a model that takes samples of {@code inputShape}. */
    ImageSamples(int[] inputShape) {
        this.inputShape = inputShape.clone();
    }

    /** Whether {@code file}'s content is an image {@code javax.imageio} can decode (whatever its name). */
    static boolean isImage(Path file) throws IOException {
        try (var stream = ImageIO.createImageInputStream(file.toFile())) {
            return stream != null && ImageIO.getImageReaders(stream).hasNext();
        }
    }

    /**
     * The image in {@code file} as a sample: {@code C x H x W} values in [0, 1].
     *
     * @throws IOException naming the file, if the model does not take 1- or 3-channel images, the
     *                     file cannot be decoded, or its aspect ratio is not the model's
     */
    float[] read(Path file) throws IOException {
        if (inputShape.length != 3) {
            throw new IOException(file + ": the model takes samples of shape " + Arrays.toString(inputShape)
                    + ", not C x H x W images");
        }
        int channels = inputShape[0];
        if (channels != 1 && channels != 3) {
            throw new IOException(file + ": the model takes " + channels + "-channel images; an image converts to 1 (grey) "
                    + "or 3 (RGB) channels only");
        }
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": cannot decode the image (" + reason(e) + ")");
        }
        if (image == null) {
            throw new IOException(file + ": not an image javax.imageio can decode");
        }
        int height = inputShape[1];
        int width = inputShape[2];
        checkAspect(file, image, height, width);
        float[][] planes = planes(image, channels);
        float[] sample = new float[channels * height * width];
        for (int c = 0; c < channels; c++) {
            float[] plane = AreaScaling.scale(planes[c], image.getHeight(), image.getWidth(), height, width);
            System.arraycopy(plane, 0, sample, c * height * width, plane.length);
        }
        return sample;
    }

    private static void checkAspect(Path file, BufferedImage image, int height, int width) throws IOException {
        double ratio = (double) image.getWidth() / image.getHeight() / ((double) width / height);
        if (Math.abs(ratio - 1) * 100 > ASPECT_TOLERANCE_PERCENT) {
            throw new IOException(String.format(Locale.ROOT, "%s: a %d x %d image (width x height) is not the shape of the "
                    + "model's %d x %d input (aspect ratios differ by more than %d%%); crop or pad it first", file,
                    image.getWidth(), image.getHeight(), width, height, ASPECT_TOLERANCE_PERCENT));
        }
    }

    /** {@code channels} planes (1: grey, 3: R, G, B) at the image's size, each row-major, values in [0, 1]. */
    private static float[][] planes(BufferedImage image, int channels) {
        int pixels = image.getWidth() * image.getHeight();
        float[][] planes = new float[channels][pixels];
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            // the raster's own samples: getRGB would convert them from linear grey to sRGB and brighten them
            Raster raster = image.getRaster();
            float maximum = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0, i = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++, i++) {
                    float grey = raster.getSample(x, y, 0) / maximum;
                    for (float[] plane : planes) {
                        plane[i] = grey;
                    }
                }
            }
            return planes;
        }
        for (int y = 0, i = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++, i++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (channels == 1) {
                    planes[0][i] = (r == g && g == b ? r : 0.299f * r + 0.587f * g + 0.114f * b) / 255f;
                } else {
                    planes[0][i] = r / 255f;
                    planes[1][i] = g / 255f;
                    planes[2][i] = b / 255f;
                }
            }
        }
        return planes;
    }

    /** The innermost cause's message (the decoder's wrapper says little), or what is known when it has none. */
    private static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root.getMessage() != null) {
            return root.getMessage();
        }
        return (error.getMessage() != null && root != error ? error.getMessage() + ": " : "") + root.getClass().getSimpleName();
    }
}
