package dev.repbench.runtime.report.svg;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Draws a {@link Scene} with Java2D (headless) into a PNG, at a scale factor for sharper text. */
public final class PngRenderer {
    private PngRenderer() {
    }

    /** The scene as PNG bytes, {@code scale} × its size in pixels. */
    public static byte[] render(Scene scene, double scale) {
        int w = (int) Math.ceil(scene.width() * scale);
        int h = (int) Math.ceil(scene.height() * scale);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.scale(scale, scale);
            for (Scene.Shape shape : scene.shapes()) {
                draw(g, shape);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart " + scene.name() + " as PNG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, Scene.Shape shape) {
        switch (shape) {
            case Scene.Rect r -> {
                Rectangle2D box = new Rectangle2D.Double(r.x(), r.y(), r.width(), r.height());
                g.setColor(awt(r.fill()));
                g.fill(box);
                if (r.stroke() != null) {
                    g.setColor(awt(r.stroke()));
                    g.setStroke(new BasicStroke(1f));
                    g.draw(box);
                }
            }
            case Scene.Line l -> {
                g.setColor(awt(l.stroke()));
                g.setStroke(l.dashed()
                        ? new BasicStroke((float) l.strokeWidth(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {5f, 4f}, 0f)
                        : new BasicStroke((float) l.strokeWidth()));
                g.draw(new Line2D.Double(l.x1(), l.y1(), l.x2(), l.y2()));
            }
            case Scene.Circle c -> {
                g.setColor(awt(c.fill()));
                g.fill(new Ellipse2D.Double(c.cx() - c.radius(), c.cy() - c.radius(), 2 * c.radius(), 2 * c.radius()));
            }
            case Scene.Text t -> {
                g.setColor(awt(t.fill()));
                g.setFont(new Font(Font.SANS_SERIF, t.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont((float) t.size()));
                FontMetrics metrics = g.getFontMetrics();
                double width = metrics.stringWidth(t.text());
                double dx = switch (t.anchor()) {
                    case START -> 0;
                    case MIDDLE -> -width / 2;
                    case END -> -width;
                };
                AffineTransform saved = g.getTransform();
                g.translate(t.x(), t.y());
                g.rotate(Math.toRadians(t.rotate()));
                g.drawString(t.text(), (float) dx, 0f);
                g.setTransform(saved);
            }
        }
    }

    private static Color awt(Rgb c) {
        return new Color(c.red(), c.green(), c.blue());
    }
}
