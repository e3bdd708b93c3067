package dev.repbench.runtime.report.svg;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A chart laid out in pixels: a canvas size, a title, and shapes drawn in order. Both renderers draw exactly
 * these shapes, so the SVG and the PNG of a chart agree.
 *
 * @param name   a file-name-safe id of the chart, e.g. {@code scores-semantic}
 * @param title  the chart's title (also the SVG's accessible title)
 * @param width  canvas width in pixels
 * @param height canvas height in pixels
 * @param shapes what is drawn, back to front
 */
public record Scene(String name, String title, int width, int height, List<Shape> shapes) {
    public Scene {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(title, "title");
        shapes = List.copyOf(shapes);
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a chart is at least 1 × 1 pixels, got " + width + " × " + height);
        }
    }

    /** A drawn element; {@code mark} is its CSS class (e.g. {@code bar}), {@code tooltip} may be null. */
    public sealed interface Shape permits Rect, Line, Circle, Text {
    }

    /** A filled rectangle, optionally outlined. */
    public record Rect(double x, double y, double width, double height, Rgb fill, Rgb stroke, String mark,
                       String tooltip) implements Shape {
    }

    /** A straight line, solid or dashed. */
    public record Line(double x1, double y1, double x2, double y2, Rgb stroke, double strokeWidth, boolean dashed,
                       String mark) implements Shape {
    }

    /** A filled circle. */
    public record Circle(double cx, double cy, double radius, Rgb fill, String mark, String tooltip) implements Shape {
    }

    /** Text anchored at (x, y) on its baseline, rotated by {@code rotate} degrees about that point. */
    public record Text(double x, double y, String text, double size, Anchor anchor, double rotate, Rgb fill,
                       boolean bold) implements Shape {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Where text sits relative to its anchor point. */
    public enum Anchor {
        START("start"), MIDDLE("middle"), END("end");

        final String svg;

        Anchor(String svg) {
            this.svg = svg;
        }
    }

    /** Collects shapes for a scene. */
    static final class Builder {
        final List<Shape> shapes = new ArrayList<>();

        Builder rect(double x, double y, double w, double h, Rgb fill, Rgb stroke, String mark, String tooltip) {
            shapes.add(new Rect(x, y, w, h, fill, stroke, mark, tooltip));
            return this;
        }

        Builder line(double x1, double y1, double x2, double y2, Rgb stroke, double width, boolean dashed, String mark) {
            shapes.add(new Line(x1, y1, x2, y2, stroke, width, dashed, mark));
            return this;
        }

        Builder circle(double cx, double cy, double r, Rgb fill, String mark, String tooltip) {
            shapes.add(new Circle(cx, cy, r, fill, mark, tooltip));
            return this;
        }

        Builder text(double x, double y, String text, double size, Anchor anchor) {
            return text(x, y, text, size, anchor, 0, Rgb.BLACK, false);
        }

        Builder text(double x, double y, String text, double size, Anchor anchor, double rotate, Rgb fill, boolean bold) {
            shapes.add(new Text(x, y, text, size, anchor, rotate, fill, bold));
            return this;
        }

        Scene build(String name, String title, int width, int height) {
            return new Scene(name, title, width, height, shapes);
        }
    }

    /** A canvas width that holds content up to {@code contentRight} and a bold 14 px title starting at {@code titleX}. */
    static int widthFor(double contentRight, double titleX, String title) {
        return (int) Math.ceil(Math.max(contentRight, titleX + textWidth(title, 14) * 1.12 + 10));
    }

    /** The approximate width of {@code text} at {@code size} px in a sans-serif font, for layout. */
    static double textWidth(String text, double size) {
        return text.length() * size * 0.58;
    }
}
