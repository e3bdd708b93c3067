package dev.repbench.runtime.report;

import dev.repbench.runtime.eval.record.ResultKey;
import java.util.Map;
import java.util.Set;

/**
 * What a study's report knows of its records folder beyond the folder itself: which records its evaluations make as
 * its spec now stands (the folder is shared, and may hold records of encoders or protocols the spec has since
 * changed), and the names its spec gives the encoders, which label them in place of their provenance.
 *
 * @param keys  the study's records
 * @param names each encoder's name in the spec, by ONNX sha256 (lower-case hex)
 */
public record StudyRecords(Set<ResultKey> keys, Map<String, String> names) {
    public StudyRecords {
        keys = Set.copyOf(keys);
        names = Map.copyOf(names);
    }
}
