package dev.repbench.torch.optim;

import dev.repbench.torch.DType;
import dev.repbench.torch.Scope;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replays every case of {@code golden/optim.json} in float64 and compares the parameters after every step with
 * PyTorch's (SGD, Adam, AdamW) or the script's reference LARS, to 1e-10 relative.
 */
class OptimizerGoldenTest {
    private static final double RELATIVE_TOLERANCE = 1e-10;
    private static final GoldenProblem GOLDEN = GoldenProblem.load();

    @BeforeAll
    static void threads() {
        Torch.setNumThreads(2);
    }

    @TestFactory
    Stream<DynamicTest> everyStepMatchesTheReference() {
        return GOLDEN.cases().stream().map(c -> DynamicTest.dynamicTest((String) c.get("name"), () -> replay(c)));
    }

    @Test
    void theGoldenFileCoversEveryOptimizer() {
        List<Object> kinds = GOLDEN.cases().stream().map(c -> c.get("optimizer")).distinct().toList();
        assertEquals(List.of("sgd", "adam", "adamw", "lars"), kinds);
    }

    private static void replay(Map<String, Object> goldenCase) {
        String name = (String) goldenCase.get("name");
        List<Object> trajectory = GoldenProblem.list(goldenCase.get("trajectory"));
        assertEquals(GOLDEN.steps(), trajectory.size(), name + ": trajectory length");
        try (Scope _ = Scope.open()) {
            Map<String, Tensor> parameters = GOLDEN.newParameters(DType.FLOAT64);
            try (Optimizer optimizer = optimizerFor(goldenCase, parameters)) {
                for (int step = 0; step < trajectory.size(); step++) {
                    try (Scope _ = Scope.open()) {
                        optimizer.zeroGrad();
                        GOLDEN.loss(parameters).backward();
                        optimizer.step();
                    }
                    Map<String, Object> expected = GoldenProblem.map(trajectory.get(step));
                    for (String p : GOLDEN.names()) {
                        assertClose(GoldenProblem.flatten(expected.get(p)), parameters.get(p).toDoubleArray(),
                                name + ", step " + (step + 1) + ", " + p);
                    }
                }
            }
        }
    }

    /** The optimizer a golden case describes, over its parameter groups. */
    static Optimizer optimizerFor(Map<String, Object> goldenCase, Map<String, Tensor> parameters) {
        Map<String, Object> o = GoldenProblem.map(goldenCase.get("options"));
        List<ParameterGroup> groups = new ArrayList<>();
        for (Object g : GoldenProblem.list(goldenCase.get("groups"))) {
            Map<String, Object> group = GoldenProblem.map(g);
            List<Tensor> members = GoldenProblem.list(group.get("params")).stream().map(parameters::get).toList();
            groups.add(new ParameterGroup(members, (Boolean) group.get("weight_decay"),
                    (Boolean) group.get("layer_adaptation")));
        }
        double lr = number(o, "lr");
        return switch ((String) goldenCase.get("optimizer")) {
            case "sgd" -> new SGD(groups, SGD.Options.of(lr).momentum(number(o, "momentum"))
                    .dampening(number(o, "dampening")).nesterov((Boolean) o.get("nesterov"))
                    .weightDecay(number(o, "weight_decay")));
            case "adam" -> new Adam(groups, adamOptions(o, lr));
            case "adamw" -> new AdamW(groups, adamOptions(o, lr));
            case "lars" -> new LARS(groups, LARS.Options.of(lr).momentum(number(o, "momentum"))
                    .weightDecay(number(o, "weight_decay")).trustCoefficient(number(o, "trust_coefficient"))
                    .eps(number(o, "eps")));
            default -> throw new IllegalArgumentException("unknown optimizer in the golden file: " + goldenCase);
        };
    }

    private static AdamOptions adamOptions(Map<String, Object> o, double lr) {
        return AdamOptions.adam(lr).betas(number(o, "beta1"), number(o, "beta2")).eps(number(o, "eps"))
                .weightDecay(number(o, "weight_decay")).amsgrad((Boolean) o.get("amsgrad"));
    }

    private static double number(Map<String, Object> options, String key) {
        return (Double) options.get(key);
    }

    private static void assertClose(double[] expected, double[] actual, String where) {
        assertEquals(expected.length, actual.length, where + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= RELATIVE_TOLERANCE * scale)) {
                fail(where + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
            }
        }
    }
}
