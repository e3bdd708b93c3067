package dev.repbench.tasks.battery;

import dev.repbench.api.data.ClassLabel;
import dev.repbench.api.data.FlowMap;
import dev.repbench.api.data.Image;
import dev.repbench.api.data.LabelMap;
import dev.repbench.api.data.Sample;
import dev.repbench.api.data.ScalarMap;
import dev.repbench.api.data.Split;
import dev.repbench.api.data.TaskDataset;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 over the exact bits of a task's first samples in both splits, to pin what a generator version draws. */
final class SampleFingerprint {
    private SampleFingerprint() {
    }

    static String of(TaskDataset dataset, int samplesPerSplit) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Split split : List.of(Split.TRAIN, Split.TEST)) {
                for (int i = 0; i < samplesPerSplit; i++) {
                    add(sha, dataset.split(split).get(i));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(MessageDigest sha, Sample sample) {
        for (Image frame : sample.frames()) {
            floats(sha, frame.pixels());
        }
        switch (sample.target()) {
            case ClassLabel(int index) -> sha.update(ByteBuffer.allocate(4).putInt(index).array());
            case LabelMap map -> {
                ByteBuffer bytes = ByteBuffer.allocate(4 * map.labels().length);
                bytes.asIntBuffer().put(map.labels());
                sha.update(bytes.array());
            }
            case ScalarMap map -> floats(sha, map.values());
            case FlowMap map -> floats(sha, map.uv());
            default -> throw new IllegalArgumentException("no battery task has target " + sample.target());
        }
    }

    private static void floats(MessageDigest sha, float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
        for (float v : values) {
            bytes.putInt(Float.floatToIntBits(v));
        }
        sha.update(bytes.array());
    }
}
