/** CIFAR-100's binary version, read record by record ({@link dev.repbench.tasks.data.cifar.CifarBinary}). */
package dev.repbench.tasks.data.cifar;
