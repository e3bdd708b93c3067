package dev.repbench.torch.io;

import dev.repbench.torch.DType;

/**
 * One storage of a torch.save file, as its persistent id names it: the key its bytes are filed under, the element
 * type, and how many elements it holds. {@code location} (e.g. "cuda:0") is where it lived when saved; RepBench
 * reads every storage to the CPU.
 */
record StorageRef(String key, DType dtype, long numel, String location) {
    long byteSize() {
        return Math.multiplyExact(numel, (long) dtype.byteSize());
    }
}
