package io.tango.api;

/** What an invocation of a model server asks for (seed: {@code RequestType} of {@code TangoModelServerProxy.invoke}). */
public enum RequestType {
    /** Run the model on inputs. */
    PREDICT,
    /** Start or drive a training. */
    TRAIN,
    /** Explain a prediction. */
    EXPLAIN,
    /** Describe the model. */
    METADATA
}
