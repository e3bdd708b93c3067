/**
 * The plugin loader: the one place that finds pretraining algorithms and end tasks, on the class
 * path (built-ins) and in plugin jars, checks their SPI version and consistency, and collects every
 * refusal as a {@link dev.repbench.runtime.plugin.PluginProblem} instead of failing.
 */
package dev.repbench.runtime.plugin;
