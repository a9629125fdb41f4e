"""A real KServe 0.21 ModelServer for TANGO's OIP tests; it binds 0.0.0.0 / [::] (hard-coded), so call 127.0.0.1.

Models: "identity" answers each input in_<datatype> as out_<datatype>; "linear" is y = x @ W + b with the same
weights as the Triton peer's ONNX model. Both override get_input_types/get_output_types so model metadata lists
their tensors. Usage: kserve_peer.py --http_port P --grpc_port G (ModelServer reads sys.argv at import).
"""
import sys
import uuid

import numpy as np
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer
from oip_peer_ports import fail_fast_if_taken

DATATYPES = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64",
             "FP16", "FP32", "FP64", "BYTES"]

WEIGHTS = np.array([[0.5, -1.0, 0.25], [1.0, 0.0, -0.5], [-0.25, 0.75, 1.0], [0.1, 0.2, 0.3]], dtype=np.float32)
BIAS = np.array([0.1, -0.2, 0.3], dtype=np.float32)


def _respond(model, request, outputs):
    # KServe's response model requires an id (a request without one gets a 500 otherwise): make one, as its clients do.
    return InferResponse(response_id=request.id or str(uuid.uuid4()), model_name=model.name, infer_outputs=outputs,
                         use_binary_outputs=request.use_binary_outputs, requested_outputs=request.request_outputs)


def _output(name, datatype, array):
    output = InferOutput(name=name, shape=list(array.shape), datatype=datatype)
    output.set_data_from_numpy(array, binary_data=False)
    return output



class Identity(Model):
    def __init__(self):
        super().__init__("identity")
        self.ready = True

    def get_input_types(self):
        return [{"name": "in_" + t.lower(), "datatype": t, "shape": [-1, -1]} for t in DATATYPES]

    def get_output_types(self):
        return [{"name": "out_" + t.lower(), "datatype": t, "shape": [-1, -1]} for t in DATATYPES]

    async def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        outputs = [_output("out_" + tensor.name[3:], tensor.datatype, tensor.as_numpy()) for tensor in payload.inputs]
        return _respond(self, payload, outputs)


class Linear(Model):
    def __init__(self):
        super().__init__("linear")
        self.ready = True

    def get_input_types(self):
        return [{"name": "x", "datatype": "FP32", "shape": [-1, 4]}]

    def get_output_types(self):
        return [{"name": "y", "datatype": "FP32", "shape": [-1, 3]}]

    async def predict(self, payload: InferRequest, headers=None, response_headers=None) -> InferResponse:
        x = payload.inputs[0].as_numpy().astype(np.float32)
        return _respond(self, payload, [_output("y", "FP32", x @ WEIGHTS + BIAS)])


if __name__ == "__main__":
    fail_fast_if_taken(int(sys.argv[sys.argv.index("--http_port") + 1]),
                       int(sys.argv[sys.argv.index("--grpc_port") + 1]))
    ModelServer().start([Identity(), Linear()])
