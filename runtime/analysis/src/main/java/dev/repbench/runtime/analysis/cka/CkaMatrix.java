package dev.repbench.runtime.analysis.cka;

import java.util.List;

/**
 * A matrix of CKA values: entry (i, j) compares row layer i with column layer j. Immutable (values are copied
 * in and out).
 */
public record CkaMatrix(List<String> rowLayers, List<String> columnLayers, double[][] values) {
    public CkaMatrix {
        rowLayers = List.copyOf(rowLayers);
        columnLayers = List.copyOf(columnLayers);
        if (values.length != rowLayers.size()) {
            throw new IllegalArgumentException(values.length + " rows of values for " + rowLayers.size() + " layers");
        }
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            if (values[i].length != columnLayers.size()) {
                throw new IllegalArgumentException("row " + i + " has " + values[i].length + " values for "
                        + columnLayers.size() + " column layers");
            }
            copy[i] = values[i].clone();
        }
        values = copy;
    }

    /** CKA(row layer i, column layer j). */
    public double get(int row, int column) {
        return values[row][column];
    }

    /** CKA between the named row and column layers. */
    public double get(String rowLayer, String columnLayer) {
        int i = rowLayers.indexOf(rowLayer);
        int j = columnLayers.indexOf(columnLayer);
        if (i < 0 || j < 0) {
            throw new IllegalArgumentException("no layer pair (" + rowLayer + ", " + columnLayer + ") in rows "
                    + rowLayers + " × columns " + columnLayers);
        }
        return values[i][j];
    }

    @Override
    public double[][] values() {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }
}
