package dev.repbench.runtime.study.cell;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.StudySpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One unit of a study's work, run at most once to completion. Its id is stable (derived from the spec's names
 * only), so a rerun of the same spec finds the cells already done.
 */
public sealed interface Cell {

    /** @return the stable id, e.g. {@code eval/moco-v2/fmnist-cls/seed-0} */
    String id();

    /** @return ids of the cells that must be done first */
    List<String> dependencies();

    /**
     * What the cell does, as a hash of every field (names, settings, paths, dependencies): recorded when the cell
     * is done, so a later run can tell that the spec changed under a done cell (its id alone would not).
     *
     * @return lower-case hex sha256
     */
    default String definitionSha256() {
        return Sha256.of(toString());
    }

    /**
     * The folder only this cell writes (no other process writes there while it holds its lease), if it has one: an
     * evaluation writes into the records folder every evaluation cell shares.
     *
     * @return the encoder folder of a pretraining, export or import, a CKA cell's folder, the report folder
     */
    default Optional<Path> ownFolder() {
        return Optional.ofNullable(switch (this) {
            case Pretrain p -> p.folder();
            case Export e -> e.folder();
            case Import i -> i.folder();
            case Cka c -> c.out();
            case Report r -> r.out();
            case Eval e -> null;
        });
    }

    /**
     * {@code pretrain/NAME}: a pretraining run whose folder becomes the encoder folder.
     *
     * @param encoder the encoder's name
     * @param source  the run
     * @param folder  the run's (and encoder's) folder
     */
    record Pretrain(String encoder, EncoderSource.Pretrain source, Path folder) implements Cell {
        @Override
        public String id() {
            return "pretrain/" + encoder;
        }

        @Override
        public List<String> dependencies() {
            return List.of();
        }
    }

    /**
     * {@code export/NAME}: a seeded random initialisation exported to an encoder folder.
     *
     * @param encoder the encoder's name
     * @param source  architecture and seed
     * @param folder  the encoder folder to write
     */
    record Export(String encoder, EncoderSource.RandomInit source, Path folder) implements Cell {
        @Override
        public String id() {
            return "export/" + encoder;
        }

        @Override
        public List<String> dependencies() {
            return List.of();
        }
    }

    /**
     * {@code import/NAME}: an ONNX model ({@link EncoderSource.OnnxModel}) or a checkpoint ({@link
     * EncoderSource.Checkpoint}) completed into an encoder folder.
     *
     * @param encoder the encoder's name
     * @param source  the model or checkpoint
     * @param folder  the encoder folder to write
     */
    record Import(String encoder, EncoderSource source, Path folder) implements Cell {
        @Override
        public String id() {
            return "import/" + encoder;
        }

        @Override
        public List<String> dependencies() {
            return List.of();
        }
    }

    /**
     * {@code eval/ENCODER/TASK/seed-N}: one task evaluated on one encoder with one seed.
     *
     * @param encoder       the encoder's name
     * @param encoderFolder its folder
     * @param task          the task's name
     * @param seed          the seed
     * @param settings      protocol overrides
     * @param records       the result-records folder
     * @param dependencies  the encoder's cell, if it has one
     */
    record Eval(String encoder, Path encoderFolder, String task, long seed, StudySpec.EvalSettings settings,
                Path records, List<String> dependencies) implements Cell {
        public Eval {
            dependencies = List.copyOf(dependencies);
        }

        @Override
        public String id() {
            return "eval/" + encoder + "/" + task + "/seed-" + seed;
        }
    }

    /**
     * {@code cka/A} (one encoder's outputs against each other) or {@code cka/A-vs-B} (A's rows, B's columns).
     *
     * @param rows          the first encoder's name
     * @param rowsFolder    its folder
     * @param columns       the second encoder's name, or {@code null} for {@code cka/A}
     * @param columnsFolder its folder, or {@code null}
     * @param settings      images, size, batch and outputs
     * @param out           the folder for {@code cka.json} and {@code cka.csv}
     * @param dependencies  the encoders' cells
     */
    record Cka(String rows, Path rowsFolder, String columns, Path columnsFolder, StudySpec.CkaSettings settings,
               Path out, List<String> dependencies) implements Cell {
        public Cka {
            dependencies = List.copyOf(dependencies);
        }

        @Override
        public String id() {
            return "cka/" + (columns == null ? rows : rows + "-vs-" + columns);
        }
    }

    /**
     * {@code report}: the report over every record and CKA matrix of the study.
     *
     * @param title        the page title
     * @param records      the result-records folder
     * @param ckaFiles     the CKA cells' {@code cka.json} files
     * @param out          the report folder
     * @param dependencies every eval and CKA cell
     */
    record Report(String title, Path records, List<Path> ckaFiles, Path out, List<String> dependencies) implements Cell {
        public Report {
            ckaFiles = List.copyOf(ckaFiles);
            dependencies = List.copyOf(dependencies);
        }

        @Override
        public String id() {
            return "report";
        }
    }
}
