package dev.repbench.runtime.encoder.pyramid;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.List;
import java.util.Objects;

/**
 * What a rule found in a model: its feature levels, finest first, and, where the rule chooses it, the embedding.
 *
 * @param rule      the rule's name, recorded in {@code encoder.json}: {@value StridePyramid#RULE} or
 *                  {@value VitTokens#RULE}
 * @param model     the model the levels' tensors live in: the input model, or a copy with operators added
 * @param levels    the levels, finest first; 2 or more
 * @param embedding the embedding the rule chose, or null to leave it to the pooled-features search
 * @param prefixTokens the tokens before a transformer's patch tokens (class, registers) that the levels drop, or null
 *                  for feature maps taken as they are
 * @param summary   one line saying what was found, for the user
 */
public record FeaturePyramid(String rule, ModelProto model, List<Level> levels, Embedding embedding, Integer prefixTokens,
                             String summary) {
    public FeaturePyramid {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(model, "model");
        levels = List.copyOf(levels);
        if (levels.size() < 2) {
            throw new IllegalArgumentException("a feature pyramid has 2 or more levels, got " + levels.size());
        }
    }

    /**
     * One level.
     *
     * @param tensor   the tensor in {@link #model} holding the map {@code [N, C, H/stride, W/stride]}
     * @param source   the model's own tensor it is computed from (equal to {@code tensor} when taken as it is)
     * @param channels C
     * @param stride   how many input pixels one position spans
     */
    public record Level(String tensor, String source, long channels, int stride) {}

    /**
     * The embedding a rule chose.
     *
     * @param tensor the tensor in {@link #model} holding {@code [N, D]}
     * @param source the model's own tensor it is computed from
     * @param kind   how: {@value #CLASS_TOKEN}, {@value #PATCH_MEAN} or {@value #LAST_MAP_MEAN}
     */
    public record Embedding(String tensor, String source, String kind) {
        /** The class token of the last token sequence. */
        public static final String CLASS_TOKEN = "class token";
        /** The mean of the last token sequence's patch tokens, for transformers without a class token. */
        public static final String PATCH_MEAN = "mean of patch tokens";
        /**
         * The global average of the coarsest feature map, for a CNN exported without its pooling (a backbone):
         * what a ResNet's own pooling computes.
         */
        public static final String LAST_MAP_MEAN = "global average of the last feature map";
    }
}
