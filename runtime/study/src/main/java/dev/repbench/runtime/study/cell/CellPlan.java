package dev.repbench.runtime.study.cell;

import dev.repbench.runtime.analysis.cka.CkaFile;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.StudySpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A study's cells in an order where every cell comes after its dependencies: encoder cells, then evaluations
 * (encoder by encoder, task by task, seed by seed), then CKA, then the report.
 *
 * @param spec   the study
 * @param layout where it writes
 * @param cells  the cells, dependencies first
 */
public record CellPlan(StudySpec spec, StudyLayout layout, List<Cell> cells) {
    public CellPlan {
        cells = List.copyOf(cells);
    }

    /**
     * @param spec a validated study
     * @return its cells
     */
    public static CellPlan of(StudySpec spec) {
        StudyLayout layout = new StudyLayout(spec.output());
        List<Cell> cells = new ArrayList<>();
        Map<String, Path> folders = new LinkedHashMap<>();
        Map<String, List<String>> encoderCell = new LinkedHashMap<>();
        spec.encoders().forEach((name, source) -> {
            Path folder = source instanceof EncoderSource.EncoderFolder given ? given.folder() : layout.encoder(name);
            folders.put(name, folder);
            Cell cell = switch (source) {
                case EncoderSource.Pretrain p -> new Cell.Pretrain(name, p, folder);
                case EncoderSource.RandomInit r -> new Cell.Export(name, r, folder);
                case EncoderSource.OnnxModel m -> new Cell.Import(name, m, folder);
                case EncoderSource.Checkpoint c -> new Cell.Import(name, c, folder);
                case EncoderSource.EncoderFolder ignored -> null;
            };
            if (cell != null) {
                cells.add(cell);
            }
            encoderCell.put(name, cell == null ? List.of() : List.of(cell.id()));
        });
        for (String encoder : spec.encoders().keySet()) {
            for (String task : spec.tasks()) {
                for (long seed : spec.seeds()) {
                    Cell eval = new Cell.Eval(encoder, folders.get(encoder), task, seed, spec.eval(), layout.records(),
                            encoderCell.get(encoder));
                    cells.add(eval);
                }
            }
        }
        if (spec.cka() != null) {
            List<String> names = spec.cka().encoders();
            for (int i = 0; i < names.size(); i++) {
                for (int j = i; j < names.size(); j++) {
                    String a = names.get(i);
                    String b = i == j ? null : names.get(j);
                    List<String> deps = new ArrayList<>(encoderCell.get(a));
                    if (b != null) {
                        deps.addAll(encoderCell.get(b));
                    }
                    String folderName = b == null ? a : a + "-vs-" + b;
                    cells.add(new Cell.Cka(a, folders.get(a), b, b == null ? null : folders.get(b), spec.cka(),
                            layout.cka(folderName), deps));
                }
            }
        }
        CellPlan plan = new CellPlan(spec, layout, cells);
        if (spec.report()) {
            cells.add(plan.report(layout.report()));
            return new CellPlan(spec, layout, cells);
        }
        return plan;
    }

    /**
     * The report over this study's evaluations and CKA matrices (the report cell's, whether or not the spec has one)
     * written to {@code out}: {@code repbench report --spec} builds it with other options than the cell's.
     */
    public Cell.Report report(Path out) {
        List<String> inputs = cells.stream().filter(c -> c instanceof Cell.Eval || c instanceof Cell.Cka).map(Cell::id).toList();
        List<Path> ckaFiles = cells.stream().filter(c -> c instanceof Cell.Cka)
                .map(c -> ((Cell.Cka) c).out().resolve(CkaFile.JSON_FILE)).toList();
        return new Cell.Report(spec.name(), layout.records(), ckaFiles, out, inputs);
    }

    /** @return the cell with this id, if any */
    public Optional<Cell> cell(String id) {
        return cells.stream().filter(c -> c.id().equals(id)).findFirst();
    }
}
