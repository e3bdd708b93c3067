package dev.repbench.runtime.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.encoder.EncoderDescriptor;
import dev.repbench.runtime.encoder.EncoderFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads encoder descriptors ({@code encoder.json}) from folders or files given by the user, keyed by ONNX sha256. */
final class EncoderSources {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EncoderSources() {
    }

    /**
     * Adds the descriptors found in {@code paths} (files, or folders searched for {@code encoder.json}) to
     * {@code into}; descriptors that record no ONNX hash cannot be matched to records and are named in {@code notes}.
     */
    static void read(List<Path> paths, Map<String, EncoderDescriptor> into, List<String> notes) {
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("the encoder path " + path + " does not exist");
            }
            try (Stream<Path> files = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
                for (Path file : files.filter(f -> f.getFileName().toString().equals(EncoderFiles.DESCRIPTOR_FILE)
                        || Files.isRegularFile(path) && f.equals(path)).sorted().toList()) {
                    EncoderDescriptor d;
                    try {
                        d = JSON.readValue(file.toFile(), EncoderDescriptor.class);
                    } catch (IOException e) {
                        throw new IllegalArgumentException("cannot read the encoder descriptor " + file + ": "
                                + e.getMessage(), e);
                    }
                    String sha = d.provenance().onnxSha256();
                    if (sha == null) {
                        notes.add(file + " records no onnxSha256, so no record can be matched to it");
                    } else {
                        into.put(sha, d);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot search " + path + " for encoder.json: " + e.getMessage(), e);
            }
        }
    }
}
