package dev.repbench.runtime.report.svg;

import java.util.List;
import java.util.Locale;

/**
 * A matrix of coloured cells with row and column labels, each cell labelled with its value, a colour bar, and
 * optional blocks (e.g. task categories) outlined along the diagonal of a square matrix.
 *
 * @param name      file-name-safe id
 * @param title     chart title
 * @param rows      row labels
 * @param columns   column labels
 * @param values    {@code values[row][column]}; {@code NaN} is drawn grey
 * @param scale     the colour scale
 * @param tooltips  per cell hover text, or null for the value alone
 * @param blocks    consecutive block sizes along both axes summing to the row count, or empty for none
 */
public record Heatmap(String name, String title, List<String> rows, List<String> columns, double[][] values,
                      ColorScale scale, String[][] tooltips, List<Integer> blocks) {
    private static final double CELL = 34;
    private static final double FONT = 10;

    public Heatmap {
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        blocks = List.copyOf(blocks);
        if (values.length != rows.size()) {
            throw new IllegalArgumentException("heatmap " + name + ": " + values.length + " rows of values for "
                    + rows.size() + " row labels");
        }
        for (double[] row : values) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("heatmap " + name + ": a row has " + row.length + " values for "
                        + columns.size() + " columns");
            }
        }
        if (!blocks.isEmpty() && (rows.size() != columns.size()
                || blocks.stream().mapToInt(Integer::intValue).sum() != rows.size())) {
            throw new IllegalArgumentException("heatmap " + name + ": blocks " + blocks + " must sum to the size of a "
                    + "square matrix, here " + rows.size() + " × " + columns.size());
        }
    }

    /** Lays the chart out. */
    public Scene scene() {
        double rowLabels = rows.stream().mapToDouble(r -> Scene.textWidth(r, ValueAxis.TICK_FONT)).max().orElse(0);
        double columnLabels = columns.stream().mapToDouble(c -> Scene.textWidth(c, ValueAxis.TICK_FONT)).max().orElse(0);
        double left = rowLabels + 14;
        double top = 30 + columnLabels * 0.72 + 10;
        double gridWidth = CELL * columns.size();
        double gridHeight = CELL * rows.size();
        Scene.Builder b = new Scene.Builder();
        b.text(8, 18, title, 14, Scene.Anchor.START, 0, Rgb.BLACK, true);
        for (int j = 0; j < columns.size(); j++) {
            double x = left + CELL * j + CELL / 2 + 4;
            b.text(x, top - 6, columns.get(j), ValueAxis.TICK_FONT, Scene.Anchor.START, -45, Rgb.BLACK, false);
        }
        for (int i = 0; i < rows.size(); i++) {
            double y = top + CELL * i;
            b.text(left - 6, y + CELL / 2 + 4, rows.get(i), ValueAxis.TICK_FONT, Scene.Anchor.END);
            for (int j = 0; j < columns.size(); j++) {
                double v = values[i][j];
                Rgb fill = scale.color(v);
                String text = Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
                String tip = tooltips != null && tooltips[i][j] != null ? tooltips[i][j]
                        : rows.get(i) + " × " + columns.get(j) + ": " + text;
                double x = left + CELL * j;
                b.rect(x, y, CELL, CELL, fill, Rgb.WHITE, "cell", tip);
                b.text(x + CELL / 2, y + CELL / 2 + 3.5, text, FONT, Scene.Anchor.MIDDLE, 0, fill.readableText(), false);
            }
        }
        int start = 0;
        for (int size : blocks) {
            double a = left + CELL * start;
            double c = top + CELL * start;
            double s = CELL * size;
            b.line(a, c, a + s, c, Rgb.BLACK, 2, false, "block");
            b.line(a, c + s, a + s, c + s, Rgb.BLACK, 2, false, "block");
            b.line(a, c, a, c + s, Rgb.BLACK, 2, false, "block");
            b.line(a + s, c, a + s, c + s, Rgb.BLACK, 2, false, "block");
            start += size;
        }
        double barX = left + gridWidth + 16;
        colourBar(b, barX, top, Math.max(gridHeight, 80));
        return b.build(name, title, Scene.widthFor(barX + 60, 8, title), (int) Math.ceil(top + Math.max(gridHeight, 80) + 16));
    }

    private void colourBar(Scene.Builder b, double x, double top, double height) {
        int steps = 40;
        for (int k = 0; k < steps; k++) {
            double v = scale.max() - (scale.max() - scale.min()) * (k + 0.5) / steps;
            b.rect(x, top + height * k / steps, 12, height / steps + 0.5, scale.color(v), null, "scale", null);
        }
        NiceTicks ticks = NiceTicks.of(scale.min(), scale.max(), 5);
        for (double t : ticks.values()) {
            if (t < scale.min() - 1e-12 || t > scale.max() + 1e-12) {
                continue;
            }
            double y = top + height * (scale.max() - t) / (scale.max() - scale.min());
            b.line(x + 12, y, x + 16, y, Rgb.BLACK, 1, false, "tick");
            b.text(x + 18, y + 4, ticks.label(t), FONT, Scene.Anchor.START);
        }
    }
}
