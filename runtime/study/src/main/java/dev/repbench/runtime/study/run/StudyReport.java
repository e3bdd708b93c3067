package dev.repbench.runtime.study.run;

import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.eval.Evaluator;
import dev.repbench.runtime.eval.record.ResultKey;
import dev.repbench.runtime.eval.record.ResultStore;
import dev.repbench.runtime.report.ReportRequest;
import dev.repbench.runtime.report.StudyRecords;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.cell.CellPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A study's report as its report cell builds it, and as {@code repbench report --spec} builds it with other options:
 * the records its evaluations make as the spec now stands (the records folder is shared, and may hold records of
 * encoders or protocols the spec has since changed), its encoders labelled by their names in the spec, the CKA
 * matrices its cells wrote, and a note naming the cells not done yet.
 */
public final class StudyReport {
    private StudyReport() {
    }

    /**
     * @param plan     the study's cells
     * @param report   the report to build ({@link CellPlan#report}, or the plan's report cell)
     * @param inputs   the study's tasks and protocols
     * @param allTasks whether correlations, comparisons and the ANOVA read every task
     * @return the request for {@link dev.repbench.runtime.report.ReportBuilder}
     */
    public static ReportRequest request(CellPlan plan, Cell.Report report, StudyInputs inputs, boolean allTasks) {
        CellLedger ledger = new CellLedger(plan.layout());
        List<String> missing = report.dependencies().stream().filter(d -> !ledger.isDone(d)).toList();
        List<String> notes = new ArrayList<>();
        if (!missing.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "Partial report: %d of %d evaluation and CKA cells are not done, so"
                    + " their results are missing here: %s. 'repbench status SPEC' shows the details; rerun or resubmit"
                    + " the study to complete the report.", missing.size(), report.dependencies().size(),
                    ledger.describe(missing)));
        }
        StudyRecords records = records(plan, report, inputs, ledger, notes);
        List<Path> present = report.ckaFiles().stream().filter(Files::isRegularFile).toList();
        return new ReportRequest(report.records(), present, report.out(), report.title(), List.of(), notes, allTasks,
                records);
    }

    /**
     * The records the report's done evaluations made, keyed as the spec asks for them now, and the spec's names of
     * their encoders. A done evaluation whose record is not there is named in {@code notes}.
     */
    private static StudyRecords records(CellPlan plan, Cell.Report report, StudyInputs inputs, CellLedger ledger,
                                        List<String> notes) {
        Set<ResultKey> keys = new HashSet<>();
        Map<String, String> names = new HashMap<>();
        List<String> without = new ArrayList<>();
        ResultStore store = ResultStore.open(report.records());
        Map<Path, LoadedEncoder> encoders = new HashMap<>(); // each read once: a study has many tasks per encoder
        for (String id : report.dependencies()) {
            if (plan.cell(id).orElse(null) instanceof Cell.Eval eval && ledger.isDone(id)) {
                LoadedEncoder encoder = encoders.computeIfAbsent(eval.encoderFolder(), EncoderFiles::read);
                ResultKey key = Evaluator.keyOf(encoder, inputs.task(eval), inputs.protocol(eval), eval.seed());
                keys.add(key);
                // two names for one ONNX file (the same encoder listed twice) label it by the first
                names.putIfAbsent(key.encoderSha256(), eval.encoder());
                if (!store.exists(key)) {
                    without.add(id);
                }
            }
        }
        if (!without.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%d done evaluation(s) have no record of what the spec now asks for"
                    + " (deleted, made by an older RepBench, or run with a 'run --precision' other than the spec's,"
                    + " which 'report --spec SPEC --precision' takes too): %s — 'repbench run SPEC --redo-changed' does"
                    + " not redo them; delete their cells/ID folders and rerun.", without.size(),
                    String.join(", ", without)));
        }
        return new StudyRecords(keys, names);
    }
}
