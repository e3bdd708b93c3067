package dev.repbench.torch.nn.arch;

import dev.repbench.api.Provider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The architectures RepBench knows, by name: the one place that maps a name ({@code resnet18-small}) to a network
 * and its layout. Export, the plugin kit, the benches and the spec validator look names up here; an unknown name is
 * refused with the known ones listed.
 *
 * <p>A registry is an immutable list. {@link #discover} builds one from {@code META-INF/services} entries of
 * {@link Architecture} visible to class loaders (the built-ins come from this module's own entries, a plugin
 * jar's from its loader); {@link #installed()} is the process's current one, which a host replaces with
 * {@link #install} once it has loaded its plugin jars, so that a plugin's architecture can be trained by any
 * algorithm.
 */
public final class ArchitectureRegistry {
    private static volatile ArchitectureRegistry installed;

    private final Map<String, Architecture> byName;

    private ArchitectureRegistry(Map<String, Architecture> byName) {
        this.byName = byName;
    }

    /**
     * A registry of {@code architectures}, in that order.
     *
     * @throws IllegalArgumentException if a name is not a valid provider name or is taken twice (naming both classes)
     */
    public static ArchitectureRegistry of(Collection<? extends Architecture> architectures) {
        Map<String, Architecture> byName = new LinkedHashMap<>();
        for (Architecture architecture : architectures) {
            String name = architecture.name();
            if (!Provider.isValidName(name)) {
                throw new IllegalArgumentException("architecture class " + architecture.getClass().getName() + " has name '"
                        + name + "', not a valid id: use lower-case letters, digits, '.', '_' and '-' (at most 64)");
            }
            Architecture earlier = byName.putIfAbsent(name, architecture);
            if (earlier != null) {
                throw new IllegalArgumentException("architecture '" + name + "' is registered twice, by "
                        + earlier.getClass().getName() + " and " + architecture.getClass().getName() + "; rename one");
            }
        }
        return new ArchitectureRegistry(byName);
    }

    /**
     * The architectures registered through {@code META-INF/services/dev.repbench.torch.nn.arch.Architecture} and
     * visible to {@code loaders}, each loader's in its file order; an entry two loaders both see (a parent's) counts
     * once.
     *
     * @throws IllegalArgumentException as {@link #of} does
     * @throws java.util.ServiceConfigurationError if an entry names a class that cannot be loaded or constructed
     */
    public static ArchitectureRegistry discover(ClassLoader... loaders) {
        Map<Class<?>, Architecture> found = new LinkedHashMap<>();
        for (ClassLoader loader : loaders) {
            for (Architecture architecture : ServiceLoader.load(Architecture.class, Objects.requireNonNull(loader, "loader"))) {
                found.putIfAbsent(architecture.getClass(), architecture);
            }
        }
        return of(found.values());
    }

    /** @return the built-ins: {@code resnet18}, {@code resnet50} and {@code resnet18-small} */
    public static ArchitectureRegistry builtIn() {
        return discover(ArchitectureRegistry.class.getClassLoader());
    }

    /** @return the process's registry: the one last {@link #install installed}, the {@link #builtIn() built-ins} until then */
    public static ArchitectureRegistry installed() {
        ArchitectureRegistry current = installed;
        if (current == null) {
            synchronized (ArchitectureRegistry.class) {
                if (installed == null) {
                    installed = builtIn();
                }
                current = installed;
            }
        }
        return current;
    }

    /**
     * Makes {@code registry} the process's registry, e.g. the built-ins and the architectures of the plugin jars a
     * host loaded ({@code discover(applicationLoader, jarLoader1, …)}).
     */
    public static void install(ArchitectureRegistry registry) {
        synchronized (ArchitectureRegistry.class) {
            installed = Objects.requireNonNull(registry, "registry");
        }
    }

    /**
     * @param name an architecture's name
     * @return it
     * @throws IllegalArgumentException naming {@code name} and listing the known names
     */
    public Architecture get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown architecture '" + name + "'; known: "
                + String.join(", ", names())));
    }

    /** @return the architecture called {@code name}, if registered */
    public Optional<Architecture> find(String name) {
        return Optional.ofNullable(byName.get(Objects.requireNonNull(name, "name")));
    }

    /** @return whether {@code name} is registered */
    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /** @return the registered names, sorted */
    public List<String> names() {
        return byName.keySet().stream().sorted().toList();
    }

    /** @return the architectures, in registration order */
    public List<Architecture> architectures() {
        return List.copyOf(byName.values());
    }

    /** @return this registry with {@code more} added after its own */
    public ArchitectureRegistry with(Collection<? extends Architecture> more) {
        List<Architecture> all = new ArrayList<>(byName.values());
        all.addAll(more);
        return of(all);
    }

    @Override
    public String toString() {
        return "ArchitectureRegistry" + names();
    }
}
