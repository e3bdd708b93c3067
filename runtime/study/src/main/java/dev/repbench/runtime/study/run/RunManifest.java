package dev.repbench.runtime.study.run;

import dev.repbench.runtime.io.Sha256;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.study.cell.StudyLayout;
import dev.repbench.runtime.study.spec.EncoderSource;
import dev.repbench.runtime.study.spec.StudySpec;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code OUT/manifest.json}, written atomically at the start of every run: the spec's text and hash, the software
 * (RepBench, ONNX Runtime, libtorch, the JVM, every plugin and task with its source and SPI version), the device
 * and threads, and the sha256 of every input file (ONNX models, checkpoints, encoder folders given as is, image
 * folders pretrained on, and the files under the data root). Enough to set up the same run elsewhere and to see what changed between runs.
 */
public final class RunManifest {
    /** The manifest layout written by this RepBench. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The software around a run, supplied by the caller so tests need not load native libraries.
     *
     * @param versions component to version, e.g. {@code repbench}, {@code onnxruntime}, {@code libtorch}, {@code java}
     * @param plugins  one entry per algorithm and task: kind, name, source, SPI version
     */
    public record Software(Map<String, String> versions, List<Map<String, String>> plugins) {
        public Software {
            versions = Map.copyOf(versions);
            plugins = List.copyOf(plugins);
        }
    }

    private RunManifest() {
    }

    /**
     * Builds and writes the manifest.
     *
     * @param spec     the study
     * @param software versions and plugins
     * @return the manifest's content
     * @throws IOException if an input cannot be hashed or the manifest cannot be written
     */
    public static Map<String, Object> write(StudySpec spec, Software software) throws IOException {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("formatVersion", FORMAT_VERSION);
        manifest.put("study", spec.name());
        manifest.put("startedAt", Instant.now().toString());
        manifest.put("specFile", spec.file().toString());
        manifest.put("specSha256", Sha256.of(spec.text()));
        manifest.put("spec", spec.text());
        manifest.put("device", spec.device().toString());
        manifest.put("threads", spec.threads());
        manifest.put("versions", new TreeMap<>(software.versions()));
        manifest.put("plugins", software.plugins());
        manifest.put("tasks", spec.tasks());
        manifest.put("inputs", inputs(spec));
        manifest.put("dataRoot", spec.dataRoot().toString());
        manifest.put("dataFiles", dataFiles(spec.dataRoot()));
        AtomicFiles.writeJson(new StudyLayout(spec.output()).manifest(), manifest);
        return manifest;
    }

    /**
     * @param spec a study
     * @return whether its output folder already has a manifest of this very spec text, e.g. written by the run or
     *         submission a single cell belongs to
     */
    public static boolean recordsSpec(StudySpec spec) {
        Path file = new StudyLayout(spec.output()).manifest();
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            var recorded = AtomicFiles.JSON.readTree(file.toFile()).get("specSha256");
            return recorded != null && recorded.asText().equals(Sha256.of(spec.text()));
        } catch (IOException e) {
            return false; // unreadable: rewrite it
        }
    }

    /** The encoders' input files by encoder name (paths relative to the folder for image folders). */
    private static Map<String, Object> inputs(StudySpec spec) throws IOException {
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, EncoderSource> e : spec.encoders().entrySet()) {
            if (e.getValue() instanceof EncoderSource.Pretrain p && Path.of(p.dataset()).isAbsolute()) {
                inputs.put(e.getKey(), dataFiles(Path.of(p.dataset()))); // a folder of training images
                continue;
            }
            List<Path> files = switch (e.getValue()) {
                case EncoderSource.OnnxModel m -> List.of(m.file());
                case EncoderSource.Checkpoint c -> List.of(c.file());
                case EncoderSource.EncoderFolder f -> List.of(f.folder().resolve(EncoderFiles.ONNX_FILE),
                        f.folder().resolve(EncoderFiles.DESCRIPTOR_FILE));
                case EncoderSource.RandomInit ignored -> List.of();
                case EncoderSource.Pretrain ignored -> List.of(); // Fashion-MNIST or a task: under data-root
            };
            List<Map<String, Object>> hashed = new ArrayList<>();
            for (Path file : files) {
                hashed.add(fileEntry(file));
            }
            inputs.put(e.getKey(), hashed);
        }
        return inputs;
    }

    /** Every regular file under the data root (symbolic links followed), in path order. */
    private static List<Map<String, Object>> dataFiles(Path root) throws IOException {
        List<Map<String, Object>> entries = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                Map<String, Object> entry = fileEntry(file);
                entry.put("path", root.relativize(file).toString());
                entries.add(entry);
            }
        }
        return entries;
    }

    private static Map<String, Object> fileEntry(Path file) throws IOException {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", file.toString());
        entry.put("bytes", Files.size(file));
        entry.put("sha256", Sha256.ofFile(file));
        return entry;
    }

}
