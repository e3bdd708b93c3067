package dev.repbench.runtime.report.svg;

import java.util.Locale;

/** Draws a {@link Scene} as a standalone SVG document (no external fonts, styles or scripts). */
public final class SvgRenderer {
    private SvgRenderer() {
    }

    /** The scene as an {@code <svg>} element with the SVG namespace, usable as a file or inline in HTML. */
    public static String render(Scene scene) {
        StringBuilder s = new StringBuilder(4096);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-chart=\"").append(escape(scene.name()))
                .append("\" width=\"").append(scene.width()).append("\" height=\"").append(scene.height())
                .append("\" viewBox=\"0 0 ").append(scene.width()).append(' ').append(scene.height())
                .append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" role=\"img\">\n");
        s.append("<title>").append(escape(scene.title())).append("</title>\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (Scene.Shape shape : scene.shapes()) {
            switch (shape) {
                case Scene.Rect r -> {
                    s.append("<rect").append(mark(r.mark())).append(" x=\"").append(n(r.x())).append("\" y=\"")
                            .append(n(r.y())).append("\" width=\"").append(n(r.width())).append("\" height=\"")
                            .append(n(r.height())).append("\" fill=\"").append(r.fill().hex()).append('"');
                    if (r.stroke() != null) {
                        s.append(" stroke=\"").append(r.stroke().hex()).append('"');
                    }
                    closeWithTooltip(s, "rect", r.tooltip());
                }
                case Scene.Line l -> s.append("<line").append(mark(l.mark())).append(" x1=\"").append(n(l.x1()))
                        .append("\" y1=\"").append(n(l.y1())).append("\" x2=\"").append(n(l.x2())).append("\" y2=\"")
                        .append(n(l.y2())).append("\" stroke=\"").append(l.stroke().hex()).append("\" stroke-width=\"")
                        .append(n(l.strokeWidth())).append('"').append(l.dashed() ? " stroke-dasharray=\"5 4\"" : "")
                        .append("/>\n");
                case Scene.Circle c -> {
                    s.append("<circle").append(mark(c.mark())).append(" cx=\"").append(n(c.cx())).append("\" cy=\"")
                            .append(n(c.cy())).append("\" r=\"").append(n(c.radius())).append("\" fill=\"")
                            .append(c.fill().hex()).append("\" fill-opacity=\"0.85\"");
                    closeWithTooltip(s, "circle", c.tooltip());
                }
                case Scene.Text t -> {
                    s.append("<text x=\"").append(n(t.x())).append("\" y=\"").append(n(t.y())).append("\" font-size=\"")
                            .append(n(t.size())).append("\" text-anchor=\"").append(t.anchor().svg).append("\" fill=\"")
                            .append(t.fill().hex()).append('"');
                    if (t.bold()) {
                        s.append(" font-weight=\"bold\"");
                    }
                    if (t.rotate() != 0) {
                        s.append(" transform=\"rotate(").append(n(t.rotate())).append(' ').append(n(t.x())).append(' ')
                                .append(n(t.y())).append(")\"");
                    }
                    s.append('>').append(escape(t.text())).append("</text>\n");
                }
            }
        }
        return s.append("</svg>\n").toString();
    }

    /** Text safe inside XML elements and double-quoted attributes; characters XML 1.0 forbids are dropped. */
    public static String escape(String text) {
        StringBuilder s = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.toString();
    }

    /** Ends an open element, with its tooltip as an SVG {@code <title>} child (what browsers show on hover). */
    private static void closeWithTooltip(StringBuilder s, String element, String tooltip) {
        if (tooltip == null) {
            s.append("/>\n");
        } else {
            s.append("><title>").append(escape(tooltip)).append("</title></").append(element).append(">\n");
        }
    }

    private static String mark(String mark) {
        return mark == null ? "" : " class=\"" + escape(mark) + "\"";
    }

    /** A coordinate with at most two decimals and no trailing zeros. */
    private static String n(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
