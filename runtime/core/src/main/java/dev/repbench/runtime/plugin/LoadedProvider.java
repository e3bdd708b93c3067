package dev.repbench.runtime.plugin;

import dev.repbench.api.Provider;
import dev.repbench.api.SpiVersion;

/**
 * A provider the registry accepted, with where it came from.
 *
 * @param provider   the instance
 * @param source     built-in or its jar
 * @param spiVersion the SPI version it was built for: the jar manifest's declaration for jars,
 *                   the provider's own report for built-ins
 * @param <T>        the service type
 */
public record LoadedProvider<T extends Provider>(T provider, PluginSource source, SpiVersion spiVersion) {

    /** @return the provider's name */
    public String name() {
        return provider.name();
    }
}
