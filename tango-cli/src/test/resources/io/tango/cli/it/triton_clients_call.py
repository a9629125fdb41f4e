"""Calls an OIP server with NVIDIA's tritonclient three ways and prints what each got back, as one JSON document.

Usage: python triton_clients_call.py HTTP_HOST:PORT GRPC_HOST:PORT MODEL INPUTS_JSON

INPUTS_JSON names a file holding {"<input>": {"datatype": "FP32", "shape": [2, 4], "data": [flat values]}, ...}.
Output: {"http_json": {"<output>": [flat values]}, "http_binary": {...}, "grpc": {...},
         "http_metadata": {...}, "grpc_live": bool, "http_live": bool}.
"""
import json
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import triton_to_np_dtype


def arrays(spec):
    return {name: np.array(tensor["data"], dtype=triton_to_np_dtype(tensor["datatype"])).reshape(tensor["shape"])
            for name, tensor in spec.items()}


def plain(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def flat(result, names):
    return {name: [plain(v) for v in result.as_numpy(name).reshape(-1).tolist()] for name in names}


def call_http(url, model, spec, outputs, binary):
    client = httpclient.InferenceServerClient(url=url)
    try:
        inputs = []
        for name, array in arrays(spec).items():
            tensor = httpclient.InferInput(name, list(array.shape), spec[name]["datatype"])
            tensor.set_data_from_numpy(array, binary_data=binary)
            inputs.append(tensor)
        requested = [httpclient.InferRequestedOutput(name, binary_data=binary) for name in outputs]
        return flat(client.infer(model, inputs, outputs=requested), outputs)
    finally:
        client.close()


def call_grpc(url, model, spec, outputs):
    client = grpcclient.InferenceServerClient(url=url)
    try:
        inputs = []
        for name, array in arrays(spec).items():
            tensor = grpcclient.InferInput(name, list(array.shape), spec[name]["datatype"])
            tensor.set_data_from_numpy(array)
            inputs.append(tensor)
        requested = [grpcclient.InferRequestedOutput(name) for name in outputs]
        return flat(client.infer(model, inputs, outputs=requested), outputs), client.is_server_live()
    finally:
        client.close()


def main():
    http_url, grpc_url, model, inputs_file = sys.argv[1:5]
    with open(inputs_file, encoding="utf-8") as f:
        spec = json.load(f)
    http = httpclient.InferenceServerClient(url=http_url)
    metadata = http.get_model_metadata(model)
    live = http.is_server_live()
    http.close()
    outputs = [output["name"] for output in metadata["outputs"]]
    grpc_answer, grpc_live = call_grpc(grpc_url, model, spec, outputs)
    print(json.dumps({
        "http_metadata": metadata,
        "http_live": live,
        "grpc_live": grpc_live,
        "http_json": call_http(http_url, model, spec, outputs, False),
        "http_binary": call_http(http_url, model, spec, outputs, True),
        "grpc": grpc_answer,
    }))


if __name__ == "__main__":
    main()
