package app.openly.reminder.domain.email.logic;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The small chart in the weekly letter: one soft bar per practice, as tall as the week's entries of it, drawn
 * server-side as a PNG (mail clients show an inline PNG; many strip SVG). No text in the image: the letter says
 * the same in words (alt text and the list beside it), so it reads the same in every language and to a screen reader.
 */
public final class WeekChart {

    public static final int WIDTH = 360;
    public static final int HEIGHT = 120;
    private static final Color BACKGROUND = new Color(0xFB, 0xF7, 0xF2);
    private static final Color BAR = new Color(0x7A, 0x9E, 0x8E);
    private static final Color EMPTY = new Color(0xE4, 0xDE, 0xD6);

    private WeekChart() {
    }

    /** A PNG of {@code counts} (one bar each, in order); a practice without entries shows a low, quiet stub. */
    public static byte[] png(List<Integer> counts) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int max = Math.max(1, counts.stream().mapToInt(Integer::intValue).max().orElse(1));
            int n = Math.max(1, counts.size());
            int slot = WIDTH / n;
            int barWidth = (int) (slot * 0.6);
            int top = 10;
            int bottom = HEIGHT - 10;
            for (int i = 0; i < counts.size(); i++) {
                int c = counts.get(i);
                int h = c == 0 ? 4 : Math.max(8, (bottom - top) * c / max);
                int x = i * slot + (slot - barWidth) / 2;
                g.setColor(c == 0 ? EMPTY : BAR);
                g.fillRoundRect(x, bottom - h, barWidth, h, 10, 10);
            }
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
