/**
 * Image decoding for the study's task readers: RGB pictures as {@link dev.repbench.api.data.Image}s and label or
 * measurement maps as raw 8- or 16-bit sample values, both through {@link javax.imageio.ImageIO}.
 */
package dev.repbench.tasks.data.image;
