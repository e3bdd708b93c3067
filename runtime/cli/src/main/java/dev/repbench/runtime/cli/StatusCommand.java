package dev.repbench.runtime.cli;

import dev.repbench.runtime.study.OpenedStudy;
import dev.repbench.runtime.study.cell.Cell;
import dev.repbench.runtime.study.cell.CellLedger;
import dev.repbench.runtime.study.slurm.SlurmClient;
import dev.repbench.runtime.study.slurm.SlurmStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code repbench status SPEC}: one line per cell of a study — done, running (by a live process, named), failed
 * (with the error) or pending (with why, e.g. a stale lease of a killed process) — and the totals; for a study
 * submitted to Slurm also each cell's job, Slurm state and log ({@link SlurmStatus}).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the state of each cell of a study: done, running, failed or pending, with time and detail.")
public final class StatusCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The run spec (YAML).")
    private Path specFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OpenedStudy study = OpenedStudy.open(specFile, w -> err.println("warning: " + w))) {
            CellLedger ledger = new CellLedger(study.plan().layout());
            Optional<SlurmStatus> slurm = SlurmStatus.of(study.plan().layout(), SlurmClient.fromEnvironment());
            List<List<String>> rows = new ArrayList<>();
            rows.add(withSlurm(List.of("cell", "state", "time"), slurm.map(s -> SlurmStatus.HEADERS), "detail"));
            Map<CellLedger.State, Integer> counts = new EnumMap<>(CellLedger.State.class);
            for (Cell cell : study.plan().cells()) {
                CellLedger.Status status = ledger.status(cell);
                counts.merge(status.state(), 1, Integer::sum);
                rows.add(withSlurm(List.of(cell.id(), status.state().label(), duration(status.seconds())),
                        slurm.map(s -> s.columns(cell.id())), status.detail()));
            }
            TextTable.print(out, rows);
            slurm.ifPresent(s -> out.println(s.summary()));
            List<String> totals = new ArrayList<>();
            for (CellLedger.State state : CellLedger.State.values()) {
                totals.add(counts.getOrDefault(state, 0) + " " + state.label());
            }
            int changed = ledger.changed(study.plan().cells()).size();
            if (changed > 0) {
                totals.add(changed + " of them done from an earlier version of the spec ('run --redo-changed' redoes them)");
            }
            out.println(study.spec().name() + ": " + String.join(", ", totals) + " (" + study.plan().layout().root() + ")");
            out.flush();
            return 0;
        }
    }

    /** A row with the Slurm columns (job, Slurm state, log) before the detail, for a submitted study. */
    private static List<String> withSlurm(List<String> start, Optional<List<String>> slurm, String detail) {
        List<String> row = new ArrayList<>(start);
        slurm.ifPresent(row::addAll);
        row.add(detail);
        return row;
    }

    private static String duration(Double seconds) {
        if (seconds == null) {
            return "";
        }
        long s = Math.round(seconds);
        return s < 60 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
                : String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
