package dev.repbench.torch.optim;

import dev.repbench.torch.DType;
import dev.repbench.torch.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden file {@code golden/optim.json} (written by {@code native/src/test/python/make_optim_golden.py}):
 * the deterministic loss every optimizer case minimises, its initial parameters, and PyTorch's trajectories.
 *
 * <p>The loss, rebuilt here with the torch layer in the same operation order as the script:
 * {@code L = Σ_p [Σ(p·p·curvature_p·0.5) + Σ(p·linear_p)] + coupling·Σ(weight)·Σ(bias)}.
 */
final class GoldenProblem {
    private final Map<String, Object> root;
    private final List<String> names;
    private final Map<String, Object> loss;

    private GoldenProblem(Map<String, Object> root) {
        this.root = root;
        this.loss = map(root.get("loss"));
        this.names = list(loss.get("names")).stream().map(String.class::cast).toList();
    }

    static GoldenProblem load() {
        try (InputStream in = GoldenProblem.class.getResourceAsStream("/golden/optim.json")) {
            if (in == null) {
                throw new IllegalStateException("golden/optim.json is missing from the test resources");
            }
            return new GoldenProblem(map(MiniJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalStateException("reading golden/optim.json", e);
        }
    }

    /** The parameter names, in the order the cases' trajectories and groups use. */
    List<String> names() {
        return names;
    }

    int steps() {
        return ((Double) root.get("steps")).intValue();
    }

    List<Map<String, Object>> cases() {
        return list(root.get("cases")).stream().map(GoldenProblem::map).toList();
    }

    /** Fresh leaf parameters at the initial values, requiring gradients, in the current scope. */
    Map<String, Tensor> newParameters(DType dtype) {
        Map<String, Tensor> parameters = new LinkedHashMap<>();
        for (String name : names) {
            parameters.put(name, constant("initial", name, dtype).requiresGrad(true));
        }
        return parameters;
    }

    Tensor loss(Map<String, Tensor> parameters) {
        Tensor total = null;
        for (String name : names) {
            Tensor p = parameters.get(name);
            Tensor curvature = constant("curvature", name, p.dtype());
            Tensor linear = constant("linear", name, p.dtype());
            Tensor term = p.mul(p).mul(curvature).mul(0.5).sum().add(p.mul(linear).sum());
            total = total == null ? term : total.add(term);
        }
        double coupling = (Double) loss.get("coupling");
        return total.add(parameters.get("weight").sum().mul(parameters.get("bias").sum()).mul(coupling));
    }

    private Tensor constant(String table, String name, DType dtype) {
        Object nested = map(loss.get(table)).get(name);
        return Tensor.of(flatten(nested), shape(nested)).to(dtype);
    }

    /** The elements of a nested JSON array of numbers, in row-major order. */
    static double[] flatten(Object nested) {
        List<Double> out = new ArrayList<>();
        collect(nested, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(Object nested, List<Double> out) {
        if (nested instanceof List<?> l) {
            l.forEach(e -> collect(e, out));
        } else {
            out.add((Double) nested);
        }
    }

    private static long[] shape(Object nested) {
        List<Long> dims = new ArrayList<>();
        Object level = nested;
        while (level instanceof List<?> l) {
            dims.add((long) l.size());
            level = l.isEmpty() ? null : l.getFirst();
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object json) {
        return (Map<String, Object>) json;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object json) {
        return (List<Object>) json;
    }
}
