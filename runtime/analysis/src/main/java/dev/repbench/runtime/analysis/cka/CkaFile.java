package dev.repbench.runtime.analysis.cka;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.repbench.runtime.io.AtomicFiles;
import dev.repbench.runtime.io.FileProblems;
import dev.repbench.runtime.version.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A CKA matrix with its labels and provenance: the file type {@code repbench cka} and a study's CKA cells write
 * ({@value #JSON_FILE}, with {@value #CSV_FILE} beside it for spreadsheets) and the report reads. This class is the
 * one reader and writer of the format.
 *
 * @param formatVersion {@value #FORMAT_VERSION} when written; 0 in files written before RepBench recorded it, which
 *                     have the same layout
 * @param repbench     the RepBench that wrote the file; {@code null} in files written before RepBench recorded it
 * @param form         what the values are, {@value #FORM}
 * @param dataset      the dataset the images came from
 * @param split        its split
 * @param datasetManifestHash the manifest hash of the dataset's files, which ties the matrix to one version of the
 *                     data; {@code null} in files written before RepBench recorded it
 * @param images       images used (full batches only)
 * @param batchSize    images per minibatch
 * @param inputSize    {@code [H, W]} the images were resized to
 * @param encoders     the encoders compared: one (all pairs of its outputs) or two (rows against columns)
 * @param symmetric    whether rows and columns are the same encoder's outputs
 * @param rowLabels    one label per row
 * @param columnLabels one label per column
 * @param values       the matrix, {@code values[row][column]}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"formatVersion", "repbench", "form", "dataset", "split", "datasetManifestHash", "images", "batchSize", "inputSize", "encoders", "symmetric",
        "rowLabels", "columnLabels", "values"})
public record CkaFile(int formatVersion, String repbench, String form, String dataset, String split, String datasetManifestHash, int images, int batchSize, List<Integer> inputSize,
                      List<Encoder> encoders, boolean symmetric, List<String> rowLabels, List<String> columnLabels,
                      double[][] values) {
    /** The layout written by this RepBench; a reader refuses a later one rather than misread it. */
    public static final int FORMAT_VERSION = 1;
    /** The matrix with its labels and provenance. */
    public static final String JSON_FILE = "cka.json";
    /** The matrix as a table: a header of column labels, then one row per row label. */
    public static final String CSV_FILE = "cka.csv";
    /** What the values are, as recorded. */
    public static final String FORM = "minibatch linear CKA (unbiased HSIC), Nguyen et al. 2021";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One encoder of the comparison.
     *
     * @param role         {@code rows and columns}, {@code rows (A)} or {@code columns (B)}
     * @param architecture its architecture as its encoder.json says
     * @param onnxFile     its ONNX file
     * @param onnxSha256   the file's sha256, which ties the matrix to the encoder's records
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"role", "architecture", "onnxFile", "onnxSha256"})
    public record Encoder(String role, String architecture, String onnxFile, String onnxSha256) {
    }

    /** @throws IllegalArgumentException if the values do not match the labels */
    public CkaFile {
        if (rowLabels == null || rowLabels.isEmpty() || columnLabels == null || columnLabels.isEmpty()) {
            throw new IllegalArgumentException("no 'rowLabels' or 'columnLabels' list");
        }
        if (values == null) {
            throw new IllegalArgumentException("no 'values' matrix");
        }
        inputSize = inputSize == null ? List.of() : List.copyOf(inputSize);
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException("'values' must be " + rowLabels.size() + " rows (one per rowLabels entry)");
        }
        for (int r = 0; r < values.length; r++) {
            if (values[r] == null || values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("row " + r + " of 'values' must have " + columnLabels.size()
                        + " numbers (one per columnLabels entry)");
            }
        }
    }

    /**
     * Writes {@value #JSON_FILE} and {@value #CSV_FILE} into {@code folder}, each atomically.
     *
     * @throws IOException if they cannot be written
     */
    public void write(Path folder) throws IOException {
        AtomicFiles.write(folder.resolve(JSON_FILE), JSON.writeValueAsBytes(this));
        StringBuilder csv = new StringBuilder();
        csv.append(",").append(String.join(",", columnLabels)).append('\n'); // the top-left cell is empty
        for (int i = 0; i < rowLabels.size(); i++) {
            csv.append(rowLabels.get(i));
            for (double v : values[i]) {
                csv.append(',').append(Double.toString(v));
            }
            csv.append('\n');
        }
        AtomicFiles.write(folder.resolve(CSV_FILE), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a {@value #JSON_FILE}.
     *
     * @throws IllegalArgumentException naming the file, when it is not a CKA file or its matrix does not match its labels
     */
    public static CkaFile read(Path file) {
        CkaFile read;
        try {
            read = JSON.readValue(file.toFile(), CkaFile.class);
            if (read == null) {
                throw new IllegalArgumentException(file + " is empty; is it a cka.json written by repbench cka?");
            }
        } catch (ValueInstantiationException e) {
            String why = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new IllegalArgumentException(file + ": " + why + "; is it a cka.json written by repbench cka?", e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(file + " is not a whole cka.json (" + FileProblems.json(e)
                    + "): compute it again with repbench cka", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as a cka.json written by repbench cka: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (read.formatVersion() < 0 || read.formatVersion() > FORMAT_VERSION) {
            throw new IllegalArgumentException(file + " is a CKA file of format " + read.formatVersion() + ", written by "
                    + (read.repbench() == null ? "another RepBench" : "RepBench " + read.repbench()) + "; this RepBench ("
                    + BuildInfo.version() + ") reads format " + FORMAT_VERSION + ": compute it again with this one's"
                    + " repbench cka, or report with the RepBench that wrote it");
        }
        return read;
    }
}
