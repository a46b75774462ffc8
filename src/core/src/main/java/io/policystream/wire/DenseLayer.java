package io.policystream.wire;

/**
 * One layer as read from JSON, before the shapes of the whole network are checked.
 *
 * @param rows output units (rows of {@code weights})
 * @param cols input units (columns of {@code weights})
 * @param weights the matrix row by row, {@code weights[o][i]} at {@code o * cols + i}: already the
 *     layout of the flat parameter vector
 * @param bias one entry per output unit
 */
record DenseLayer(int rows, int cols, double[] weights, double[] bias) {
}
