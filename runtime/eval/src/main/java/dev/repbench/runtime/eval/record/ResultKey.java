package dev.repbench.runtime.eval.record;

import dev.repbench.api.Provider;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What identifies one result: the encoder's ONNX sha256, the task, the protocol configuration's hash and the seed.
 * Two runs with equal keys must give the same record, so a rerun may skip a key already stored.
 *
 * @param encoderSha256 lower-case hex sha256 of the encoder's ONNX file
 * @param task          the task's name
 * @param configHash    lower-case hex hash of the {@link ProtocolConfig}
 * @param seed          the run's seed
 */
public record ResultKey(String encoderSha256, String task, String configHash, long seed) {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{8,64}");

    /** @throws IllegalArgumentException if a hash is not lower-case hex or the task name is not a valid id */
    public ResultKey {
        Objects.requireNonNull(encoderSha256, "encoderSha256");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(configHash, "configHash");
        if (!HEX.matcher(encoderSha256).matches() || !HEX.matcher(configHash).matches()) {
            throw new IllegalArgumentException("hashes must be lower-case hex, got " + encoderSha256 + " and " + configHash);
        }
        if (!Provider.isValidName(task)) {
            throw new IllegalArgumentException("task '" + task + "' is not a valid id");
        }
    }

    /** The record's file name: every part of the key, so names never collide and a listing is readable. */
    public String fileName() {
        return task + "__" + encoderSha256 + "__" + configHash + "__seed" + seed + ".json";
    }
}
