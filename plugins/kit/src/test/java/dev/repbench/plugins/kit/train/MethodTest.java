package dev.repbench.plugins.kit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.repbench.api.Device;
import dev.repbench.api.pretrain.AlgorithmConfig;
import dev.repbench.torch.Tensor;
import dev.repbench.torch.Torch;
import dev.repbench.torch.nn.Linear;
import dev.repbench.torch.nn.Module;
import dev.repbench.torch.nn.ResNet;
import dev.repbench.torch.optim.LARS;
import dev.repbench.torch.optim.LearningRateSchedule;
import dev.repbench.torch.optim.Optimizer;
import dev.repbench.torch.optim.ParameterGroup;
import dev.repbench.torch.optim.SGD;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The base every kit method stands on: what register does, the order of closing, and the shared optimiser config. */
class MethodTest {

    /** A module that notes where it was moved and when it was closed. */
    static final class Probe extends Module {
        final String name;
        final List<String> log;
        final Linear linear;

        Probe(String name, List<String> log) {
            this.name = name;
            this.log = log;
            this.linear = registerModule("linear", new Linear(4, 2));
        }

        @Override
        public Module to(Device device) {
            log.add("to " + device + ": " + name);
            return super.to(device);
        }

        @Override
        public void close() {
            log.add("close " + name);
            super.close();
        }
    }

    /** A method with a head, a frozen copy of it, another resource and an optimiser, logging what happens. */
    static final class Probed extends Method {
        final List<String> log;
        final Probe head;
        final Probe frozen;

        Probed(String architecture, List<String> log) {
            super(architecture, Device.CPU);
            this.log = log;
            head = register("head", new Probe("head", log));
            own(() -> log.add("close queue"));
            frozen = registerFrozen("target", new Probe("target", log));
            newState("counter", () -> Tensor.zeros(2));
            createOptimizer(OptimizerConfig.sgd(0.1, 0.9, 1e-4), 0.1, ParameterGroup::excludingBiasesAndNorms);
        }

        @Override
        public List<ViewSpec> views() {
            return List.of();
        }

        @Override
        public LearningRateSchedule schedule(long stepsPerEpoch, int epochs) {
            return step -> 0.1;
        }

        @Override
        public Tensor loss(StepInput input) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void theBackboneIsTheRegistrysForTheRunsArchitectureDrawnAsTheFactoryDraws() {
        Torch.manualSeed(5);
        try (ResNet direct = ResNet.resnet18Small()) {
            Torch.manualSeed(5);
            try (Probed method = new Probed("resnet18-small", new ArrayList<>()); var s = dev.repbench.torch.Scope.open()) {
                ResNet backbone = assertInstanceOf(ResNet.class, method.backbone());
                assertEquals("resnet18-small", backbone.architecture());
                assertSame(backbone, method.modules().get(Method.BACKBONE));
                Tensor a = direct.namedParameters().get("conv1.weight");
                Tensor b = backbone.namedParameters().get("conv1.weight");
                assertTrue(a.allClose(b, 0, 0), "the same initialisation");
            }
        }
    }

    @Test
    void registeredModulesAreMovedToTheDeviceAsTheyAreRegisteredAndCheckpointedInThatOrder() {
        List<String> log = new ArrayList<>();
        try (Probed method = new Probed("resnet18-small", log)) {
            assertEquals(List.of("to cpu: head", "to cpu: target"), log);
            assertEquals(List.of("backbone", "head", "target"), List.copyOf(method.modules().keySet()));
            assertEquals(List.of("counter"), List.copyOf(method.state().keySet()));
            for (Module m : method.modules().values()) {
                m.namedParameters().values().forEach(p -> assertEquals(Device.CPU, p.device()));
            }
        }
    }

    @Test
    void theOptimiserGetsTheTrainableParametersInRegistrationOrderAndNotTheFrozenOnes() {
        try (Probed method = new Probed("resnet18-small", new ArrayList<>())) {
            List<Tensor> expected = new ArrayList<>(method.backbone().parameters());
            expected.addAll(method.head.parameters());
            List<Tensor> given = new ArrayList<>();
            method.optimizer().groups().forEach(g -> given.addAll(g.parameters()));
            // excludingBiasesAndNorms keeps each group in the given order: weights first, then the 1-d tensors.
            List<Tensor> weights = expected.stream().filter(p -> p.ndim() > 1).toList();
            List<Tensor> others = expected.stream().filter(p -> p.ndim() <= 1).toList();
            List<Tensor> grouped = new ArrayList<>(weights);
            grouped.addAll(others);
            assertSameTensors(grouped, given);
            method.frozen.parameters().forEach(p -> assertFalse(p.requiresGrad(), "a frozen network is never trained"));
            assertInstanceOf(SGD.class, method.optimizer());
        }
    }

    @Test
    void closingGoesInTheReverseOrderOfTakingOnTheOptimiserFirst() {
        List<String> log = new ArrayList<>();
        Optimizer optimizer;
        try (Probed method = new Probed("resnet18-small", log)) {
            optimizer = method.optimizer();
            log.clear();
        }
        assertEquals(List.of("close target", "close queue", "close head"), log);
        assertThrows(IllegalStateException.class, optimizer::stateDict, "the optimiser is closed");
    }

    @Test
    void anUnknownArchitectureIsRefusedListingTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Probed("resnet34", new ArrayList<>()));
        assertEquals("unknown architecture 'resnet34'; known: resnet18, resnet18-small, resnet50", e.getMessage());
    }

    @Test
    void theOptimiserConfigReadsItsNamesAndTheirOldSpellingsWithANote() {
        Map<String, Object> values = new LinkedHashMap<>();
        OptimizerConfig.lars(0.3, 0.9, 1e-6, 0.001).addTo(values);
        AlgorithmConfig defaults = new AlgorithmConfig(values);
        assertEquals(List.of("lars-trust-coefficient", "learning-rate", "momentum", "weight-decay"),
                List.copyOf(defaults.values().keySet()));

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("lars-momentum", 0.8);
        spec.put("base-learning-rate", 0.5);
        OptimizerConfig read = OptimizerConfig.from(defaults.withOverrides(spec), OptimizerConfig.Kind.LARS);
        assertEquals(OptimizerConfig.lars(0.5, 0.8, 1e-6, 0.001), read);
        assertEquals(List.of("config name 'lars-momentum' is deprecated: it is now 'momentum'",
                "config name 'base-learning-rate' is deprecated: it is now 'learning-rate'"), defaults.deprecationNotes(spec.keySet()));

        Map<String, Object> sgdValues = new LinkedHashMap<>();
        OptimizerConfig.sgd(0.03, 0.9, 1e-4).addTo(sgdValues);
        AlgorithmConfig moco = new AlgorithmConfig(sgdValues).withOverrides(Map.of("sgd-momentum", "0.5"));
        assertEquals(OptimizerConfig.sgd(0.03, 0.5, 1e-4), OptimizerConfig.from(moco, OptimizerConfig.Kind.SGD));
        assertFalse(moco.values().containsKey(OptimizerConfig.TRUST_COEFFICIENT), "SGD publishes no trust coefficient");
    }

    @Test
    void theOptimiserConfigBuildsTheOptimiserWithItsOptions() {
        Tensor p;
        try (var s = dev.repbench.torch.Scope.open()) {
            p = Tensor.zeros(3, 3).requiresGrad(true);
            try (Optimizer sgd = OptimizerConfig.sgd(0.03, 0.9, 1e-4).create(ParameterGroup.all(List.of(p)), 0.01)) {
                assertEquals(SGD.Options.of(0.01).momentum(0.9).weightDecay(1e-4), ((SGD) sgd).options());
            }
            try (Optimizer lars = OptimizerConfig.lars(0.3, 0.9, 1e-6, 0.002).create(ParameterGroup.all(List.of(p)), 0.2)) {
                assertEquals(LARS.Options.of(0.2).momentum(0.9).weightDecay(1e-6).trustCoefficient(0.002), ((LARS) lars).options());
            }
        }
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.sgd(0.1, -0.9, 0));
        assertEquals("learning-rate, momentum and weight-decay must be 0 or more, got 0.1, -0.9 and 0.0", negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.lars(0.1, 0.9, 0, 0));
    }

    @Test
    void learningRatesScaleLinearlyWithTheBatchFromTheirReference() {
        assertEquals(0.15, LearningRateScaling.PER_256.scale(0.3, 128));
        assertEquals(0.25, LearningRateScaling.PER_256.factor(64));
        // PIRL's reference: 0.12 for 1024 images is 0.03 for 256; its old name for the reference is still read.
        AlgorithmConfig pirl = new AlgorithmConfig(Map.of("learning-rate", 0.12, "learning-rate-reference-batch", 1024));
        LearningRateScaling scaling = LearningRateScaling.from(pirl.withOverrides(Map.of("learning-rate-batch-size", 2048)));
        assertEquals(new LearningRateScaling(2048), scaling);
        assertEquals(0.015, scaling.scale(0.12, 256));
        assertThrows(IllegalArgumentException.class, () -> new LearningRateScaling(0));
    }

    private static void assertSameTensors(List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size());
        for (int k = 0; k < expected.size(); k++) {
            assertSame(expected.get(k), actual.get(k), "parameter " + k);
        }
    }
}
