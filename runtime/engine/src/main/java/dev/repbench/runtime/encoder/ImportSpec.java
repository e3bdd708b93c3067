package dev.repbench.runtime.encoder;

import dev.repbench.runtime.io.FileProblems;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.repbench.runtime.encoder.onnx.EncoderTensors;
import dev.repbench.runtime.encoder.pyramid.NamedTokens;
import dev.repbench.runtime.encoder.pyramid.VitTokens;
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
 * <p>A Vision Transformer's blocks are named instead as token tensors {@code [N, T, D]} in {@code tokens}
 * ({@link NamedTokens}; {@code patchGrid : [h, w]} may replace {@code patchSize}, {@code embedding} may be
 * {@code "mean-patch-tokens"} or left out, and a tensor of the model is named as {@code outputs.embedding}):
 *
 * <pre>{@code
 * { "tokens" : { "blocks" : ["/blocks.5/Add_1_output_0", "/blocks.11/Add_1_output_0"], "prefixTokens" : 5,
 *                "patchSize" : 14, "embedding" : "class-token" } }
 * }</pre>
 *
 * @param architecture  the architecture to record, or null
 * @param inputSize     {@code [H, W]}, or null
 * @param mean          per-channel mean, or null
 * @param std           per-channel standard deviation, or null
 * @param channelOrder  the channel order, or null
 * @param valueRange    {@code [low, high]}, or null
 * @param tensors       contract output name → the model's tensor name, in the file's order
 * @param tokens        a transformer's token tensors to make the blocks of, or null
 * @param provenance    what the file records of the encoder's origin, or null
 */
record ImportSpec(String architecture, List<Integer> inputSize, List<Double> mean, List<Double> std,
                  String channelOrder, List<Double> valueRange, Map<String, String> tensors, NamedTokens tokens,
                  EncoderDescriptor.Provenance provenance) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Integer>> INTS = new TypeReference<>() {};
    private static final TypeReference<List<Double>> DOUBLES = new TypeReference<>() {};

    /** Nothing given. */
    static ImportSpec empty() {
        return new ImportSpec(null, null, null, null, null, null, Map.of(), null, null);
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
            Map<String, String> tensors = tensors(root.path("outputs"), file);
            NamedTokens tokens = tokens(root.path("tokens"), file);
            if (tokens != null) {
                requireOneWay(tokens, tensors, file);
            }
            return new ImportSpec(text(root, "architecture"), JSON.convertValue(nullable(pre.get("inputSize")), INTS),
                    JSON.convertValue(nullable(pre.get("mean")), DOUBLES), JSON.convertValue(nullable(pre.get("std")), DOUBLES),
                    text(pre, "channelOrder"), JSON.convertValue(nullable(pre.get("valueRange")), DOUBLES),
                    tensors, tokens, provenance);
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

    private static final String TOKENS_SHAPE = "{ blocks : ['...', '...'], prefixTokens : P, patchSize : p (or patchGrid :"
            + " [h, w]), embedding : 'class-token' or 'mean-patch-tokens' (optional) }";

    /** The {@code tokens} object, or null where there is none; every problem names the file and the field. */
    private static NamedTokens tokens(JsonNode tokens, Path file) {
        if (tokens.isMissingNode() || tokens.isNull()) {
            return null;
        }
        if (!tokens.isObject()) {
            throw new EncoderFileException(file + ": tokens is an object " + TOKENS_SHAPE + ", got " + tokens);
        }
        List<String> fields = List.of("blocks", "prefixTokens", "patchSize", "patchGrid", "embedding");
        for (Iterator<String> it = tokens.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!fields.contains(field)) {
                throw new EncoderFileException(file + " has a field tokens." + field + ": tokens has the fields " + fields
                        + " (rename or drop it)");
            }
        }
        JsonNode blocks = tokens.path("blocks");
        List<String> names = new ArrayList<>();
        blocks.forEach(b -> names.add(b.isTextual() && !b.asText().isBlank() ? b.asText() : null));
        if (!blocks.isArray() || names.size() < 2 || names.size() > VitTokens.STRIDES.size() || names.contains(null)) {
            throw new EncoderFileException(file + ": tokens.blocks is a list of 2 to " + VitTokens.STRIDES.size()
                    + " tensor names of the model, each a transformer block's tokens [N, T, D], earliest block first;"
                    + " got " + (blocks.isMissingNode() ? "none" : blocks));
        }
        JsonNode prefix = tokens.path("prefixTokens");
        if (!prefix.canConvertToExactIntegral() || prefix.asInt() < 0) {
            throw new EncoderFileException(file + ": tokens.prefixTokens is the number of tokens before the patch tokens"
                    + " (1 for a class token, plus any register tokens; 0 for none), got "
                    + (prefix.isMissingNode() ? "none" : prefix));
        }
        JsonNode size = tokens.path("patchSize");
        JsonNode grid = tokens.path("patchGrid");
        if (size.isMissingNode() == grid.isMissingNode()) {
            throw new EncoderFileException(file + ": give tokens.patchSize (p, the pixels a patch spans) or tokens.patchGrid"
                    + " ([h, w], the patch tokens' rows and columns), one of them, not " + (size.isMissingNode() ? "neither" : "both"));
        }
        if (!size.isMissingNode() && (!size.canConvertToExactIntegral() || size.asInt() < 1)) {
            throw new EncoderFileException(file + ": tokens.patchSize is a whole number of pixels, 1 or more, got " + size);
        }
        List<Integer> rowsCols = null;
        if (!grid.isMissingNode()) {
            if (!grid.isArray() || grid.size() != 2 || !grid.get(0).canConvertToExactIntegral()
                    || !grid.get(1).canConvertToExactIntegral() || grid.get(0).asInt() < 1 || grid.get(1).asInt() < 1) {
                throw new EncoderFileException(file + ": tokens.patchGrid is [h, w], the patch tokens' rows and columns, each"
                        + " 1 or more, got " + grid);
            }
            rowsCols = List.of(grid.get(0).asInt(), grid.get(1).asInt());
        }
        JsonNode embedding = tokens.path("embedding");
        String kind = embedding.isMissingNode() || embedding.isNull() ? null : embedding.asText();
        if (kind != null && !kind.equals(NamedTokens.CLASS_TOKEN) && !kind.equals(NamedTokens.MEAN_PATCH_TOKENS)) {
            throw new EncoderFileException(file + ": tokens.embedding is '" + NamedTokens.CLASS_TOKEN + "' or '"
                    + NamedTokens.MEAN_PATCH_TOKENS + "', got " + embedding + " (to take a tensor of the model as it is,"
                    + " name it as outputs.embedding instead)");
        }
        if (NamedTokens.CLASS_TOKEN.equals(kind) && prefix.asInt() == 0) {
            throw new EncoderFileException(file + ": tokens.embedding is " + NamedTokens.CLASS_TOKEN + " but tokens.prefixTokens"
                    + " is 0, so there is no class token: give the prefix, or make the embedding " + NamedTokens.MEAN_PATCH_TOKENS);
        }
        return new NamedTokens(names, prefix.asInt(), size.isMissingNode() ? null : size.asInt(), rowsCols, kind);
    }

    /** Blocks come from tokens or from outputs, the embedding from one field: never both. */
    private static void requireOneWay(NamedTokens tokens, Map<String, String> tensors, Path file) {
        for (String block : EncoderTensors.BLOCKS) {
            if (tensors.containsKey(block)) {
                throw new EncoderFileException(file + " names blocks twice, in tokens and as outputs." + block + ": drop one"
                        + " (tokens for a transformer's token tensors [N, T, D], outputs for feature maps [N, C, H, W])");
            }
        }
        if (tokens.embedding() != null && tensors.containsKey(EncoderTensors.EMBEDDING)) {
            throw new EncoderFileException(file + " gives the embedding twice, as tokens.embedding and outputs.embedding:"
                    + " drop one");
        }
    }
}
