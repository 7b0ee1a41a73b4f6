/**
 * simdnn nn: models, layers, losses, optimizers, data loaders, training, evaluation and
 * checkpoints, on the simdnn kernels. The command line and the HTML report live in the separate
 * {@code simdnn-app} artifact, so a library user gets only this, the kernels and Gson (which
 * reads and writes the JSON of safetensors headers and does not appear in this module's API).
 */
module io.simdnn.nn {
    requires transitive io.simdnn.kernels;
    requires com.google.gson;

    exports io.simdnn.nn;
    exports io.simdnn.nn.tensor;
    exports io.simdnn.nn.layers;
    exports io.simdnn.nn.train;
    exports io.simdnn.nn.data;
    exports io.simdnn.nn.eval;
    exports io.simdnn.nn.io;
}
