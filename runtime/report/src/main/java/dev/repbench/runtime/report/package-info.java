/**
 * The report of a records folder ({@code repbench report}): {@link dev.repbench.runtime.report.ReportBuilder}
 * reads the records and the encoders' provenance ({@link dev.repbench.runtime.report.ResultsFolder}), renders one
 * section per analysis (the statistics of {@code analysis.stats}, the comparisons of {@code analysis.compare}, CKA
 * files) with charts from {@code report.svg}, and publishes {@code index.html}, {@code charts/} and {@code tables/}
 * in one rename. A section whose analysis the data cannot support says why on the page.
 */
package dev.repbench.runtime.report;
