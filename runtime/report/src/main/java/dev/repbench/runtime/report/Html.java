package dev.repbench.runtime.report;

import dev.repbench.runtime.report.svg.SvgRenderer;
import java.util.List;

/** Small HTML pieces of the report page, every text escaped. */
final class Html {
    private Html() {
    }

    static String escape(String text) {
        return SvgRenderer.escape(text);
    }

    static String heading(String id, String text) {
        return "<h2 id=\"" + escape(id) + "\">" + escape(text) + "</h2>\n";
    }

    static String subheading(String text) {
        return "<h3>" + escape(text) + "</h3>\n";
    }

    static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>\n";
    }

    /** A visible notice that something could not be shown, and why. */
    static String unavailable(String what, String reason) {
        return "<p class=\"unavailable\"><strong>" + escape(what) + " not shown:</strong> " + escape(reason) + "</p>\n";
    }

    static String notes(List<String> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        StringBuilder s = new StringBuilder("<ul class=\"notes\">\n");
        notes.forEach(n -> s.append("<li>").append(escape(n)).append("</li>\n"));
        return s.append("</ul>\n").toString();
    }

    /** A sortable table (click a heading) with links to its CSV and JSON files. */
    static String table(ReportTable table) {
        StringBuilder s = new StringBuilder("<div class=\"table-wrap\"><table class=\"sortable\" data-table=\"")
                .append(escape(table.name())).append("\">\n<thead><tr>");
        table.columns().forEach(c -> s.append("<th>").append(escape(c)).append("</th>"));
        s.append("</tr></thead>\n<tbody>\n");
        for (List<Object> row : table.rows()) {
            s.append("<tr>");
            for (Object cell : row) {
                boolean number = cell instanceof Number;
                s.append(number ? "<td class=\"num\" data-value=\"" + escape(cell.toString()) + "\">" : "<td>")
                        .append(escape(ReportTable.display(cell))).append("</td>");
            }
            s.append("</tr>\n");
        }
        s.append("</tbody></table></div>\n<p class=\"files\">").append(link("tables/" + table.name() + ".csv"))
                .append(" · ").append(link("tables/" + table.name() + ".json")).append("</p>\n");
        return s.toString();
    }

    static String link(String path) {
        return "<a href=\"" + escape(path) + "\">" + escape(path) + "</a>";
    }
}
