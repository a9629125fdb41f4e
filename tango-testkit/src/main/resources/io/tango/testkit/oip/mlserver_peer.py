"""A real MLServer 1.7.1 for TANGO's OIP tests, bound to 127.0.0.1.

Writes a settings folder under WORK_DIR and then becomes `mlserver start` on it (same process):
- "iris": scikit-learn LogisticRegression trained here on sklearn's bundled iris data and saved with joblib,
  served by mlserver_sklearn.SKLearnModel (outputs "predict" / "predict_proba"), version "v1";
- "linear": scikit-learn LinearRegression whose coef_/intercept_ are triton_peer.py's WEIGHTS/BIAS (y = x @ W + b,
  4 -> 3), saved with joblib, served by mlserver_sklearn.SKLearnModel (output "predict", FP64): the twin of the
  other peers' linear model, for tango-bench's serving comparison;
- "identity": a custom runtime (identity_runtime.py in the folder) answering each input in_<datatype> as
  out_<datatype>, honouring requested outputs (an unknown one is an InferenceError, as mlserver_sklearn does).
Usage: mlserver_peer.py HTTP_PORT GRPC_PORT WORK_DIR
"""
import json
import os
import sys

from oip_peer_ports import fail_fast_if_taken

DATATYPES = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
             "FP16", "FP32", "FP64", "BYTES"]

IDENTITY_RUNTIME = '''
from mlserver import MLModel
from mlserver.errors import InferenceError
from mlserver.types import InferenceRequest, InferenceResponse, ResponseOutput


class IdentityRuntime(MLModel):
    async def load(self) -> bool:
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        outputs = [ResponseOutput(name="out_" + tensor.name[3:], shape=tensor.shape, datatype=tensor.datatype,
                                  data=tensor.data) for tensor in payload.inputs]
        if payload.outputs:
            produced = {output.name: output for output in outputs}
            unknown = [output.name for output in payload.outputs if output.name not in produced]
            if unknown:
                raise InferenceError("unknown requested output(s) %s for model %s" % (unknown, self.name))
            outputs = [produced[output.name] for output in payload.outputs]
        return InferenceResponse(model_name=self.name, model_version=self.version, id=payload.id, outputs=outputs)
'''



# triton_peer.py's linear model: y = x @ WEIGHTS + BIAS.
WEIGHTS = [[0.5, -1.0, 0.25], [1.0, 0.0, -0.5], [-0.25, 0.75, 1.0], [0.1, 0.2, 0.3]]
BIAS = [0.1, -0.2, 0.3]


def linear_twin():
    """A fitted LinearRegression (every attribute predict checks) whose coefficients are exactly WEIGHTS and BIAS."""
    import numpy as np
    from sklearn.linear_model import LinearRegression
    weights, bias = np.array(WEIGHTS), np.array(BIAS)
    features = np.random.default_rng(0).normal(size=(16, 4))
    model = LinearRegression().fit(features, features @ weights + bias)
    model.coef_, model.intercept_ = weights.T.copy(), bias.copy()
    return model


def write_json(path, document):
    with open(path, "w") as out:
        json.dump(document, out, indent=1)


def main():
    http_port, grpc_port, work_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    fail_fast_if_taken(http_port, grpc_port)
    folder = os.path.join(work_dir, "mlserver")
    os.makedirs(os.path.join(folder, "iris"), exist_ok=True)
    os.makedirs(os.path.join(folder, "identity"), exist_ok=True)
    os.makedirs(os.path.join(folder, "linear"), exist_ok=True)

    import joblib
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    features, labels = load_iris(return_X_y=True)
    joblib.dump(LogisticRegression(max_iter=1000).fit(features, labels), os.path.join(folder, "iris", "model.joblib"))
    joblib.dump(linear_twin(), os.path.join(folder, "linear", "model.joblib"))

    write_json(os.path.join(folder, "settings.json"), {
        "host": "127.0.0.1", "http_port": http_port, "grpc_port": grpc_port, "metrics_endpoint": None,
        "parallel_workers": 0, "load_models_at_startup": True})
    write_json(os.path.join(folder, "iris", "model-settings.json"), {
        "name": "iris", "implementation": "mlserver_sklearn.SKLearnModel",
        "parameters": {"uri": "./model.joblib", "version": "v1"},
        "inputs": [{"name": "input-0", "datatype": "FP64", "shape": [-1, 4]}],
        "outputs": [{"name": "predict", "datatype": "INT64", "shape": [-1, 1]},
                    {"name": "predict_proba", "datatype": "FP64", "shape": [-1, 3]}]})
    write_json(os.path.join(folder, "identity", "model-settings.json"), {
        "name": "identity", "implementation": "identity_runtime.IdentityRuntime",
        "parameters": {"version": "v1"},
        "inputs": [{"name": "in_" + t.lower(), "datatype": t, "shape": [-1, -1]} for t in DATATYPES],
        "outputs": [{"name": "out_" + t.lower(), "datatype": t, "shape": [-1, -1]} for t in DATATYPES]})
    write_json(os.path.join(folder, "linear", "model-settings.json"), {
        "name": "linear", "implementation": "mlserver_sklearn.SKLearnModel",
        "parameters": {"uri": "./model.joblib", "version": "v1"},
        "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1, 4]}],
        "outputs": [{"name": "predict", "datatype": "FP64", "shape": [-1, 3]}]})
    with open(os.path.join(folder, "identity_runtime.py"), "w") as out:
        out.write(IDENTITY_RUNTIME)

    mlserver = os.path.join(os.path.dirname(sys.executable), "mlserver")
    os.execv(mlserver, [mlserver, "start", folder])


if __name__ == "__main__":
    main()
