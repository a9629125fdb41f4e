"""Calls an OIP server with KServe's InferenceRESTClient and InferenceGRPCClient and prints what each got back.

Usage: python kserve_clients_call.py HTTP_BASE_URL GRPC_HOST:PORT MODEL INPUTS_JSON OUTPUT_NAMES_JSON

INPUTS_JSON as for triton_clients_call.py. Output: {"rest": {"<output>": [flat values]}, "grpc": {...},
"grpc_ready": bool}.
"""
import asyncio
import json
import sys

import numpy as np
from kserve import InferenceGRPCClient, InferenceRESTClient, InferInput, InferRequest, RESTConfig

NUMPY = {"BOOL": np.bool_, "INT8": np.int8, "INT16": np.int16, "INT32": np.int32, "INT64": np.int64,
         "UINT8": np.uint8, "UINT16": np.uint16, "UINT32": np.uint32, "UINT64": np.uint64,
         "FP16": np.float16, "FP32": np.float32, "FP64": np.float64}


def request(model, spec, binary):
    inputs = []
    for name, tensor in spec.items():
        array = np.array(tensor["data"], dtype=NUMPY[tensor["datatype"]]).reshape(tensor["shape"])
        infer_input = InferInput(name=name, shape=list(array.shape), datatype=tensor["datatype"])
        infer_input.set_data_from_numpy(array, binary_data=binary)
        inputs.append(infer_input)
    return InferRequest(model_name=model, infer_inputs=inputs)


def plain(value):
    return value.decode("utf-8") if isinstance(value, bytes) else value


def flat(response, names):
    produced = {output.name: output for output in response.outputs}
    return {name: [plain(v) for v in np.asarray(produced[name].as_numpy()).reshape(-1).tolist()] for name in names}


async def main():
    base_url, grpc_url, model, inputs_file, outputs_file = sys.argv[1:6]
    with open(inputs_file, encoding="utf-8") as f:
        spec = json.load(f)
    with open(outputs_file, encoding="utf-8") as f:
        outputs = json.load(f)
    rest = InferenceRESTClient(RESTConfig(protocol="v2"))
    rest_answer = flat(await rest.infer(base_url, request(model, spec, False), model_name=model), outputs)
    grpc = InferenceGRPCClient(url=grpc_url)
    try:
        grpc_answer = flat(await grpc.infer(request(model, spec, True)), outputs)
        ready = await grpc.is_model_ready(model)
    finally:
        await grpc.close()
    print(json.dumps({"rest": rest_answer, "grpc": grpc_answer, "grpc_ready": ready}))


if __name__ == "__main__":
    asyncio.run(main())
