/**
 * Small file helpers shared by the commands that write records: atomic replacement (a crash leaves the old file or
 * the new one, never half of one) and SHA-256 digests.
 */
package dev.repbench.runtime.io;
