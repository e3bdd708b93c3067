package dev.repbench.runtime.encoder.pyramid;

import java.util.List;

/**
 * A Vision Transformer's token tensors as a user names them in the {@code tokens} object of an {@code encoder.json}
 * for {@code repbench import}: what {@link VitTokens} otherwise finds by itself. Exactly one of {@code patchSize}
 * and {@code patchGrid} is given; the other follows from the input size.
 *
 * @param blocks       token tensors {@code [N, T, D]}, one per chosen block, earliest first: they become
 *                     {@code block1}…{@code blockN}
 * @param prefixTokens the tokens before the patch tokens (a class token, register tokens), dropped from the maps
 * @param patchSize    p, the pixels a patch spans on each side, or null
 * @param patchGrid    {@code [h, w]}, the patch tokens' rows and columns, or null
 * @param embedding    {@value #CLASS_TOKEN}, {@value #MEAN_PATCH_TOKENS}, or null for the class token when there
 *                     is a prefix and the mean of the patch tokens otherwise (as detection chooses)
 */
public record NamedTokens(List<String> blocks, int prefixTokens, Integer patchSize, List<Integer> patchGrid,
                          String embedding) {
    /** The embedding is token 0 of the last named tensor. */
    public static final String CLASS_TOKEN = "class-token";
    /** The embedding is the mean of the last named tensor's patch tokens (the prefix left out). */
    public static final String MEAN_PATCH_TOKENS = "mean-patch-tokens";

    public NamedTokens {
        blocks = List.copyOf(blocks);
        patchGrid = patchGrid == null ? null : List.copyOf(patchGrid);
        if ((patchSize == null) == (patchGrid == null)) {
            throw new IllegalArgumentException("exactly one of patchSize and patchGrid");
        }
        if (embedding != null && !embedding.equals(CLASS_TOKEN) && !embedding.equals(MEAN_PATCH_TOKENS)) {
            throw new IllegalArgumentException("embedding is " + CLASS_TOKEN + " or " + MEAN_PATCH_TOKENS + ": " + embedding);
        }
    }
}
