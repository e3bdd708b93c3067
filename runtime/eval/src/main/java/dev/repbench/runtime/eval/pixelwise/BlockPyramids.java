package dev.repbench.runtime.eval.pixelwise;

import dev.repbench.runtime.features.cache.FeatureDtype;
import dev.repbench.runtime.features.cache.FeatureFile;
import dev.repbench.tasks.heads.Pyramid;
import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One split's cached block pyramids, memory-mapped: for every frame position, the files {@code block1…blockN}
 * ({@code [N, C_k, H_k, W_k]}, float16 or float32). Batches are read straight from the maps into float32 tensors,
 * so a split never has to fit in memory. Closing it unmaps every file.
 *
 * @param frames per frame position, the block files finest first
 */
public record BlockPyramids(List<List<FeatureFile>> frames) implements AutoCloseable {

    /** @throws IllegalArgumentException if there is no frame, or the frames' blocks differ in shape */
    public BlockPyramids {
        frames = frames.stream().map(List::copyOf).toList();
        if (frames.isEmpty() || frames.getFirst().isEmpty()) {
            throw new IllegalArgumentException("a block pyramid needs at least one frame of at least one block");
        }
        List<FeatureFile> first = frames.getFirst();
        for (List<FeatureFile> frame : frames) {
            if (frame.size() != first.size()) {
                throw new IllegalArgumentException("frames have " + first.size() + " and " + frame.size() + " blocks");
            }
            for (int k = 0; k < frame.size(); k++) {
                if (!java.util.Arrays.equals(frame.get(k).shape(), first.get(k).shape())) {
                    throw new IllegalArgumentException("block" + (k + 1) + " differs between frames: " + frame.get(k)
                            + " vs " + first.get(k));
                }
            }
        }
    }

    /** @return samples (rows) in each file */
    public long rows() {
        return frames.getFirst().getFirst().rows();
    }

    /**
     * The pyramid these blocks form for an encoder fed {@code inputHeight}-high images.
     *
     * @param strides the encoder's declared stride per block (null entries: inferred as input height ÷ block height)
     */
    public Pyramid pyramid(int inputHeight, List<Integer> strides) {
        List<FeatureFile> blocks = frames.getFirst();
        long[] channels = new long[blocks.size()];
        long[] stride = new long[blocks.size()];
        for (int k = 0; k < blocks.size(); k++) {
            long[] shape = blocks.get(k).shape();
            if (shape.length != 4) {
                throw new IllegalArgumentException(blocks.get(k) + " is not a [N, C, H, W] block output");
            }
            channels[k] = shape[1];
            Integer declared = strides.get(k);
            stride[k] = declared != null ? declared : Math.max(1, inputHeight / shape[2]);
        }
        return Pyramid.of(channels, stride);
    }

    /**
     * Frame {@code frame}'s blocks for rows {@code rows}, as float32 {@code [B, C_k, H_k, W_k]} tensors in the
     * current scope.
     */
    public List<Tensor> batch(int frame, int[] rows) {
        List<Tensor> blocks = new ArrayList<>();
        for (FeatureFile file : frames.get(frame)) {
            blocks.add(read(file, rows));
        }
        return blocks;
    }

    private static Tensor read(FeatureFile file, int[] rows) {
        long rowBytes = (long) file.rowFloats() * file.dtype().bytes();
        long[] shape = file.shape().clone();
        shape[0] = rows.length;
        try (Arena arena = Arena.ofConfined()) {
            // gather the rows into one native buffer so libtorch copies the batch once; .npy is little-endian,
            // as is every platform ONNX Runtime and libtorch run on here
            MemorySegment batch = arena.allocate(rowBytes * rows.length, 64);
            for (int i = 0; i < rows.length; i++) {
                long row = java.util.Objects.checkIndex(rows[i], file.rows());
                MemorySegment.copy(file.data(), row * rowBytes, batch, i * rowBytes, rowBytes);
            }
            if (file.dtype() == FeatureDtype.F32) {
                return Tensor.fromHost(batch, DType.FLOAT32, shape);
            }
            return Tensor.fromHost(batch, DType.FLOAT16, shape).to(DType.FLOAT32);
        }
    }

    @Override
    public void close() {
        frames.forEach(frame -> frame.forEach(FeatureFile::close));
    }
}
