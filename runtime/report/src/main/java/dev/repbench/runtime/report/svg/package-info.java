/**
 * The report's charts: one chart model ({@link dev.repbench.runtime.report.svg.BarChart},
 * {@link dev.repbench.runtime.report.svg.ScatterChart}, {@link dev.repbench.runtime.report.svg.Heatmap},
 * {@link dev.repbench.runtime.report.svg.StripPlot}) lays itself out once as a {@link
 * dev.repbench.runtime.report.svg.Scene} of plain shapes in pixel coordinates, which two renderers draw: {@link
 * dev.repbench.runtime.report.svg.SvgRenderer} (a standalone SVG string, text escaped) and {@link
 * dev.repbench.runtime.report.svg.PngRenderer} (Java2D). Axes use round tick values ({@link
 * dev.repbench.runtime.report.svg.NiceTicks}). Drawn marks carry a CSS class ({@code bar}, {@code point},
 * {@code cell}, {@code box}) so tests and the page can count them.
 */
package dev.repbench.runtime.report.svg;
