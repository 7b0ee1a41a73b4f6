/**
 * simdnn nn: models, layers, losses, optimizers, data loaders, training, evaluation and
 * checkpoints, on the simdnn kernels. The command line and the HTML report live in the separate
 * {@code simdnn-app} artifact, so a library user gets only this and the kernels.
 */
module io.simdnn.nn {
    requires transitive io.simdnn.kernels;

    exports io.simdnn.nn;
    exports io.simdnn.nn.tensor;
    exports io.simdnn.nn.layers;
    exports io.simdnn.nn.train;
    exports io.simdnn.nn.data;
    exports io.simdnn.nn.eval;
    exports io.simdnn.nn.io;
}
