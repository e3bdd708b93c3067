package dev.repbench.runtime.plugin;

import dev.repbench.torch.nn.arch.Architecture;
import dev.repbench.api.EndTask;
import dev.repbench.api.PretrainingAlgorithm;
import dev.repbench.api.Provider;
import dev.repbench.api.SpiVersion;
import java.io.IOException;
import java.net.MalformedURLException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Opens one plugin jar all or nothing: either every provider in it loads against this RepBench's
 * SPI, or the jar is refused with one message naming it, the cause and the fix.
 */
final class PluginJar {

    /** A jar that loaded: its providers and the loader that must stay open while they are used. */
    record Contents(PluginSource.Jar source, SpiVersion declared, PluginClassLoader loader,
                    List<PretrainingAlgorithm> algorithms, List<EndTask> tasks, List<Architecture> architectures) {
        boolean isEmpty() {
            return algorithms.isEmpty() && tasks.isEmpty() && architectures.isEmpty();
        }
    }

    /** The jar was refused; the message is ready for the user. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private PluginJar() {}

    static Contents open(Path jar, ClassLoader parent, SpiVersion host) throws Refused {
        SpiVersion declared = declaredVersion(jar, host);
        PluginClassLoader loader;
        try {
            loader = new PluginClassLoader("plugin:" + jar.getFileName(), jar.toUri().toURL(), parent);
        } catch (MalformedURLException e) {
            throw new Refused(jar + " cannot be turned into a class path URL (" + e.getMessage() + ")");
        }
        try {
            List<PretrainingAlgorithm> algorithms = instantiate(jar, PretrainingAlgorithm.class, loader, host);
            List<EndTask> tasks = instantiate(jar, EndTask.class, loader, host);
            List<Architecture> architectures = instantiate(jar, Architecture.class, loader, host);
            return new Contents(new PluginSource.Jar(jar), declared, loader, algorithms, tasks, architectures);
        } catch (Refused | RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    private static SpiVersion declaredVersion(Path jar, SpiVersion host) throws Refused {
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException | SecurityException e) {
            // A jar that is no zip at all (cut short, or another file renamed) is the common case: say so in words.
            String why = e instanceof java.util.zip.ZipException ? "not a whole zip archive: " + e.getMessage() : describe(e);
            throw new Refused(jar + " cannot be read as a jar (" + why + ") — replace it with a valid plugin jar or remove it");
        }
        String value = manifest == null ? null : manifest.getMainAttributes().getValue(SpiVersion.MANIFEST_ATTRIBUTE);
        if (value == null) {
            throw new Refused(jar + " declares no " + SpiVersion.MANIFEST_ATTRIBUTE + " in META-INF/MANIFEST.MF"
                    + " — add '" + SpiVersion.MANIFEST_ATTRIBUTE + ": " + host + "' to the jar manifest"
                    + " (maven-jar-plugin <manifestEntries>) and rebuild it");
        }
        SpiVersion declared;
        try {
            declared = SpiVersion.parse(value);
        } catch (IllegalArgumentException e) {
            throw new Refused(jar + " declares " + SpiVersion.MANIFEST_ATTRIBUTE + " '" + value
                    + "', which is not a version — use MAJOR.MINOR such as " + host);
        }
        if (!declared.canRunOn(host)) {
            throw new Refused(mismatch(jar.toString(), declared, host));
        }
        return declared;
    }

    static String mismatch(String what, SpiVersion declared, SpiVersion host) {
        return what + " was built for RepBench SPI " + declared + " (" + declared.family() + "); this RepBench has SPI "
                + host + " — rebuild the plugin against repbench-api " + host.family();
    }

    private static <T extends Provider> List<T> instantiate(Path jar, Class<T> service, ClassLoader loader,
                                                            SpiVersion host) throws Refused {
        List<T> providers = new ArrayList<>();
        try {
            Iterator<T> it = ServiceLoader.load(service, loader).iterator();
            while (it.hasNext()) {
                T provider = it.next();
                // Calling into the provider is where classes compiled against another api fail to link.
                SpiVersion reported = provider.spiVersion();
                if (reported == null || !reported.canRunOn(host)) {
                    throw new Refused(mismatch(jar + " (class " + provider.getClass().getName() + ")",
                            reported == null ? SpiVersion.of(0, 0) : reported, host));
                }
                providers.add(provider);
            }
        } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
            throw new Refused(jar + " failed to load its " + service.getSimpleName() + " providers: " + describe(e)
                    + " — " + fixFor(e));
        }
        return providers;
    }

    private static String fixFor(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                return "bundle the plugin's dependencies in its jar (a shaded jar) and check the class names"
                        + " in its META-INF/services files";
            }
            if (t instanceof UnsupportedClassVersionError) {
                return "compile the plugin for Java " + Runtime.version().feature() + " or lower";
            }
            if (t instanceof IncompatibleClassChangeError) {
                return "rebuild the plugin against this RepBench's repbench-api " + SpiVersion.CURRENT;
            }
        }
        return "check the plugin's META-INF/services entries and that each provider has a public no-argument"
                + " constructor that does not fail";
    }

    /** The causal chain on one line: "ServiceConfigurationError: ... caused by NoClassDefFoundError: x/Y". */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                sb.append("; caused by ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage().replaceAll("\\R", " "));
            }
        }
        return sb.toString();
    }

    static void closeQuietly(PluginClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // Nothing useful to do: the jar is already refused.
        }
    }
}
