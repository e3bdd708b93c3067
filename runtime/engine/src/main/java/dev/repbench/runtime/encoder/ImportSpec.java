package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.FileProblems;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user tells {@code repbench import} in an {@code encoder.json} written by hand: the layout of the encoder
 * file's sidecar, every part optional. {@code outputs} maps the contract's names to the model's tensor names, either
 * as a string or as the sidecar's output object with a {@code tensor} field (an output object without one names a
 * tensor that already has the contract's name):
 *
 * <pre>{@code
 * { "architecture" : "my-net",
 *   "preprocessing" : { "inputSize" : [96, 96], "mean" : [0.5, 0.5, 0.5], "std" : [0.5, 0.5, 0.5] },
 *   "outputs" : { "block1" : "/stem/Relu_output_0", …, "embedding" : { "tensor" : "/Flatten_output_0" } },
 *   "provenance" : { "algorithm" : "dino", "dataset" : "imagenet", "epochs" : 100 } }
 * }</pre>
 *
 * @param architecture  the architecture to record, or null
 * @param inputSize     {@code [H, W]}, or null
 * @param mean          per-channel mean, or null
 * @param std           per-channel standard deviation, or null
 * @param channelOrder  the channel order, or null
 * @param valueRange    {@code [low, high]}, or null
 * @param tensors       contract output name → the model's tensor name, in the file's order
 * @param provenance    what the file records of the encoder's origin, or null
 */
record ImportSpec(String architecture, List<Integer> inputSize, List<Double> mean, List<Double> std,
                  String channelOrder, List<Double> valueRange, Map<String, String> tensors,
                  EncoderDescriptor.Provenance provenance) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {};
    private static final TypeReference<List<Double>> DOUBLES = new TypeReference<>() {};

    /** Nothing given. */
    static ImportSpec empty() {
        return new ImportSpec(null, null, null, null, null, null, Map.of(), null);
    }

    /** Reads {@code file}; every problem names the file and the field. */
    static ImportSpec read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new EncoderFileException("cannot read " + file + ": " + FileProblems.json(e) + " (fix the JSON)", e);
        } catch (IOException e) {
            throw new EncoderFileException("cannot read " + file + ": " + e.getMessage() + " (check the path and its permissions)", e);
        }
        if (root == null || !root.isObject()) {
            throw new EncoderFileException(file + " is not a JSON object: write { \"outputs\" : { \"block1\" : \"...\", … } }");
        }
        JsonNode version = root.get("formatVersion");
        if (version != null && !version.isNull() && version.asInt() != EncoderDescriptor.FORMAT_VERSION) {
            throw new EncoderFileException(file + " has format version " + version.asText() + "; this RepBench reads version "
                    + EncoderDescriptor.FORMAT_VERSION + " (drop the field or write " + EncoderDescriptor.FORMAT_VERSION + ")");
        }
        JsonNode pre = root.path("preprocessing");
        try {
            EncoderDescriptor.Provenance provenance = root.hasNonNull("provenance")
                    ? JSON.treeToValue(root.get("provenance"), EncoderDescriptor.Provenance.class) : null;
            return new ImportSpec(text(root, "architecture"), JSON.convertValue(nullable(pre.get("inputSize")), INTS),
                    JSON.convertValue(nullable(pre.get("mean")), DOUBLES), JSON.convertValue(nullable(pre.get("std")), DOUBLES),
                    text(pre, "channelOrder"), JSON.convertValue(nullable(pre.get("valueRange")), DOUBLES),
                    tensors(root.path("outputs"), file), provenance);
        } catch (JacksonException | IllegalArgumentException e) {
            String message = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            throw new EncoderFileException("cannot read " + file + ": " + message
                    + " (preprocessing.inputSize is [H, W], mean and std are three numbers each)", e);
        }
    }

    private static JsonNode nullable(JsonNode node) {
        return node == null || node.isNull() ? null : node;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Map<String, String> tensors(JsonNode outputs, Path file) {
        Map<String, String> tensors = new LinkedHashMap<>();
        if (outputs.isMissingNode() || outputs.isNull()) {
            return tensors;
        }
        List<String> known = new ArrayList<>(EncoderTensors.BLOCKS);
        known.add(EncoderTensors.EMBEDDING);
        if (!outputs.isObject()) {
            throw new EncoderFileException(file + ": outputs is an object mapping " + known + " to the model's tensor names");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = outputs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!known.contains(e.getKey())) {
                throw new EncoderFileException(file + " names an output '" + e.getKey() + "': the encoder outputs are "
                        + known + " (rename it to one of them)");
            }
            JsonNode value = e.getValue();
            String tensor = value.isTextual() ? value.asText()
                    : value.isObject() ? (value.hasNonNull("tensor") ? value.get("tensor").asText() : e.getKey()) : null;
            if (tensor == null || tensor.isBlank()) {
                throw new EncoderFileException(file + ": outputs." + e.getKey() + " is a tensor name of the model (a string),"
                        + " got " + value);
            }
            tensors.put(e.getKey(), tensor);
        }
        return tensors;
    }
}
