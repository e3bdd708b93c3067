package dev.repbench.runtime.study.cell;

import java.nio.file.Path;

/**
 * Where a study writes, under its output folder:
 * <pre>
 * manifest.json                 what the latest run started from (spec, versions, input hashes)
 * encoders/NAME/                encoder folders of pretrain, export and import cells
 * records/                      result records (one JSON per encoder, task, configuration and seed)
 * cka/A[-vs-B]/cka.json         CKA matrices
 * report/index.html             the report
 * cells/ID/done.json|failed.json|skipped.json|lease   each cell's state
 * </pre>
 *
 * @param root the output folder
 */
public record StudyLayout(Path root) {
    /** The manifest's file name. */
    public static final String MANIFEST = "manifest.json";

    /** @return the manifest file */
    public Path manifest() {
        return root.resolve(MANIFEST);
    }

    /** @return the folder an encoder cell writes */
    public Path encoder(String name) {
        return root.resolve("encoders").resolve(name);
    }

    /** @return the result-records folder */
    public Path records() {
        return root.resolve("records");
    }

    /** @return a CKA cell's folder, for the part of its id after {@code cka/} */
    public Path cka(String name) {
        return root.resolve("cka").resolve(name);
    }

    /** @return the report folder */
    public Path report() {
        return root.resolve("report");
    }

    /** @return the folder of a cell's state files */
    public Path cellState(String cellId) {
        return root.resolve("cells").resolve(cellId);
    }
}
