package dev.repbench.runtime.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.repbench.api.data.SampleSource;
import dev.repbench.api.data.Split;
import dev.repbench.runtime.analysis.cka.CkaMatrix;
import dev.repbench.runtime.analysis.cka.CkaRunner;
import dev.repbench.runtime.data.FashionMnist;
import dev.repbench.runtime.encoder.EncoderFileException;
import dev.repbench.runtime.encoder.EncoderFiles;
import dev.repbench.runtime.encoder.LoadedEncoder;
import dev.repbench.runtime.features.FeatureExtractor;
import dev.repbench.runtime.cli.ProgressDisplay;
import dev.repbench.runtime.features.session.ExecutionProviderUnavailableException;
import dev.repbench.runtime.features.session.SessionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code repbench cka}: minibatch linear CKA between the outputs of one encoder, or between the outputs of two
 * encoders, on the first images of a dataset's test split. Writes {@value #JSON_FILE} and {@value #CSV_FILE} and
 * prints the matrix. Heatmaps come with the report.
 */
@Command(name = "cka", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Linear CKA between encoder outputs (minibatch, unbiased HSIC; Nguyen et al. 2021).",
                "One --encoder: all pairs of its outputs (symmetric). Two: the first's outputs (rows) against the"
                        + " second's (columns), a full matrix that is not mirrored."})
public final class CkaCommand implements Callable<Integer> {
    /** The matrix with its labels and provenance. */
    public static final String JSON_FILE = "cka.json";
    /** The matrix as a table: a header of column labels, then one row per row label. */
    public static final String CSV_FILE = "cka.csv";
    /** What the values are, as recorded in the JSON. */
    public static final String FORM = "minibatch linear CKA (unbiased HSIC), Nguyen et al. 2021";

    private static final List<String> DATASETS = List.of(FashionMnist.NAME);

    @Spec
    private CommandSpec spec;

    @Option(names = "--encoder", required = true, paramLabel = "DIR|FILE.onnx",
            description = "An encoder folder or .onnx file; give it twice to compare two encoders.")
    private List<Path> encoders;

    @Option(names = "--outputs", split = ",", paramLabel = "NAME[,NAME…]",
            defaultValue = "block1,block2,block3,block4,block5,embedding",
            description = "Encoder outputs compared (default: ${DEFAULT-VALUE}).")
    private List<String> outputs;

    @Option(names = "--images", defaultValue = "10000", paramLabel = "N",
            description = "Images of the test split, rounded down to full batches (default: ${DEFAULT-VALUE}).")
    private int images;

    @Option(names = "--size", defaultValue = "112", paramLabel = "PX",
            description = "Square input size images are resized to (default: ${DEFAULT-VALUE}, as the study).")
    private int size;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N",
            description = "Images per minibatch, 4 or more (default: ${DEFAULT-VALUE}).")
    private int batch;

    @Option(names = "--dataset", defaultValue = FashionMnist.NAME, paramLabel = "NAME",
            description = "The dataset (default: ${DEFAULT-VALUE}; the only one so far).")
    private String dataset;

    @Option(names = "--data-root", paramLabel = "DIR", defaultValue = FashionMnist.DEBIAN_ROOT,
            description = "The folder of the dataset's files (default: ${DEFAULT-VALUE}).")
    private Path dataRoot;

    @Option(names = "--workers", paramLabel = "N",
            description = "Threads decoding and preprocessing images (default: one per two processors, 1 to 4).")
    private Integer workers;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "auto|bar|lines|none",
            description = "Progress display: a bar on a terminal and log lines otherwise (auto), or as chosen (default: ${DEFAULT-VALUE}).")
    private String progress;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for cka.json and cka.csv.")
    private Path out;

    @Override
    public Integer call() {
        if (encoders.size() > 2) {
            throw usage("--encoder is given once or twice, got " + encoders.size());
        }
        if (!DATASETS.contains(dataset)) {
            throw usage("--dataset '" + dataset + "' is not one of " + DATASETS);
        }
        if (batch < 4 || images < 1 || size < 1 || (workers != null && workers < 1)) {
            throw usage("--batch is 4 or more (unbiased HSIC needs 4 images); --images, --size and --workers 1 or more");
        }
        ProgressDisplay.Mode mode;
        try {
            mode = ProgressDisplay.Mode.valueOf(progress.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--progress '" + progress + "' is not auto, bar, lines or none");
        }
        if (images < batch) {
            throw usage("--images " + images + " is less than one --batch of " + batch);
        }
        List<String> chosen = List.copyOf(new LinkedHashSet<>(outputs.stream().map(String::strip).toList()));
        List<LoadedEncoder> loaded = new ArrayList<>();
        for (Path e : encoders) {
            try {
                loaded.add(EncoderFiles.read(e));
            } catch (EncoderFileException ex) {
                throw new CliFailure(ex.getMessage(), ex);
            }
        }
        for (LoadedEncoder e : loaded) {
            List<String> absent = new ArrayList<>(chosen);
            absent.removeAll(e.descriptor().outputs().keySet());
            if (!absent.isEmpty()) {
                throw usage("--outputs " + String.join(",", absent) + " not in " + e.onnxFile() + " (it has "
                        + String.join(",", e.descriptor().outputs().keySet()) + ")");
            }
        }
        RepbenchCommand root = (RepbenchCommand) spec.root().userObject();
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        loaded.forEach(e -> e.notes().forEach(note -> err.println("note: " + note)));

        CkaRunner.Settings settings = new CkaRunner.Settings(images, batch, size, chosen, root.execution().device(),
                root.execution().threads(), workers == null ? FeatureExtractor.Settings.defaultWorkers() : workers);
        CkaRunner.Result result;
        try (FashionMnist data = FashionMnist.open(dataRoot)) {
            SampleSource source = data.split(Split.TEST);
            if (CkaRunner.usableImages(images, source.size(), batch) < batch) {
                throw new CliFailure("the test split of " + dataset + " in " + data.root() + " has " + source.size()
                        + " images, fewer than one batch of " + batch);
            }
            String task = "cka " + loaded.stream().map(e -> e.descriptor().architecture()).reduce((x, y) -> x + " vs " + y)
                    .orElseThrow() + " " + dataset + "/test";
            try (ProgressDisplay display = ProgressDisplay.create(mode, err, task)) {
                result = loaded.size() == 1 ? CkaRunner.within(source, loaded.get(0), settings, display)
                        : CkaRunner.between(source, loaded.get(0), loaded.get(1), settings, display);
            }
        } catch (ExecutionProviderUnavailableException | SessionException e) {
            throw new CliFailure(e.getMessage(), e);
        }

        List<String> rowLabels = labels(result.matrix().rowLayers(), loaded.size() == 1 ? "" : "A:");
        List<String> columnLabels = labels(result.matrix().columnLayers(), loaded.size() == 1 ? "" : "B:");
        write(result, loaded, rowLabels, columnLabels);
        print(stdout, result, rowLabels, columnLabels);
        return 0;
    }

    private static List<String> labels(List<String> layers, String prefix) {
        return layers.stream().map(l -> prefix + l).toList();
    }

    private void write(CkaRunner.Result result, List<LoadedEncoder> loaded, List<String> rowLabels,
                       List<String> columnLabels) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("form", FORM);
        json.put("dataset", dataset);
        json.put("split", "test");
        json.put("images", result.images());
        json.put("batchSize", batch);
        json.put("inputSize", List.of(size, size));
        List<Map<String, Object>> encoderInfo = new ArrayList<>();
        for (int i = 0; i < loaded.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("role", loaded.size() == 1 ? "rows and columns" : i == 0 ? "rows (A)" : "columns (B)");
            e.put("architecture", loaded.get(i).descriptor().architecture());
            e.put("onnxFile", loaded.get(i).onnxFile().toString());
            e.put("onnxSha256", sha256(loaded.get(i).onnxFile()));
            encoderInfo.add(e);
        }
        json.put("encoders", encoderInfo);
        json.put("symmetric", loaded.size() == 1);
        json.put("rowLabels", rowLabels);
        json.put("columnLabels", columnLabels);
        json.put("values", result.matrix().values());

        StringBuilder csv = new StringBuilder();
        csv.append(",").append(String.join(",", columnLabels)).append('\n'); // the top-left cell is empty
        double[][] values = result.matrix().values();
        for (int i = 0; i < rowLabels.size(); i++) {
            csv.append(rowLabels.get(i));
            for (double v : values[i]) {
                csv.append(',').append(Double.toString(v));
            }
            csv.append('\n');
        }
        try {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(JSON_FILE).toFile(), json);
            Files.writeString(out.resolve(CSV_FILE), csv);
        } catch (IOException e) {
            throw new CliFailure("cannot write the CKA matrix to " + out + ": " + e.getMessage(), e);
        }
    }

    private void print(PrintWriter stdout, CkaRunner.Result result, List<String> rowLabels, List<String> columnLabels) {
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("CKA");
        header.addAll(columnLabels);
        rows.add(header);
        for (int i = 0; i < rowLabels.size(); i++) {
            List<String> row = new ArrayList<>();
            row.add(rowLabels.get(i));
            for (int j = 0; j < columnLabels.size(); j++) {
                row.add(String.format(Locale.ROOT, "%.3f", result.matrix().get(i, j)));
            }
            rows.add(row);
        }
        TextTable.print(stdout, rows);
        stdout.printf(Locale.ROOT, "%d images in %d batches of %d at %d×%d, %.2f s (%.2f s in ONNX Runtime); wrote %s and %s%n",
                result.images(), result.batches(), batch, size, size, result.seconds(), result.encoderSeconds(),
                out.resolve(JSON_FILE), out.resolve(CSV_FILE));
        stdout.flush();
    }

    private static String sha256(Path file) {
        try (var in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[1 << 16];
            for (int read; (read = in.read(chunk)) > 0; ) {
                digest.update(chunk, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new CliFailure("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
