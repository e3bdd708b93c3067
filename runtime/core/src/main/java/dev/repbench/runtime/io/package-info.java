/**
 * Small file helpers shared by the commands that write records: atomic replacement (a crash leaves the old file or
 * the new one, never half of one), SHA-256 digests, output folders checked before the work, and file problems (bad
 * JSON, I/O errors) said in words.
 */
package dev.repbench.runtime.io;
