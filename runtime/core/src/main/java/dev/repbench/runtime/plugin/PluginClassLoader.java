package dev.repbench.runtime.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;

/**
 * The class loader of one plugin jar. Classes resolve parent first, so the plugin shares RepBench's
 * api classes even if it bundles its own copy. Service descriptors, however, come from the jar
 * only: otherwise {@link java.util.ServiceLoader} would also list (and blame the jar for) every
 * built-in provider visible through the parent.
 */
final class PluginClassLoader extends URLClassLoader {

    private static final String SERVICES = "META-INF/services/";

    static {
        registerAsParallelCapable();
    }

    PluginClassLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return name.startsWith(SERVICES) ? findResources(name) : super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        return name.startsWith(SERVICES) ? findResource(name) : super.getResource(name);
    }
}
