"""A real Triton Inference Server (PyTriton 0.7.0) on 127.0.0.1 for TANGO's OIP tests.

Models: "identity" (max_batch_size 0) answers each optional input in_<datatype> as out_<datatype>, for every
datatype PyTriton can bind; "linear" (max_batch_size 8, dynamic batcher) runs a 4 -> 3 linear ONNX model with
onnxruntime inside the bound function. Usage: triton_peer.py HTTP_PORT GRPC_PORT WORK_DIR
"""
import os
import struct
import sys
import sysconfig

# Triton's Python-backend stub links the interpreter's own libpython; without this its model load fails.
os.environ["LD_LIBRARY_PATH"] = sysconfig.get_config_var("LIBDIR") + os.pathsep + os.environ.get("LD_LIBRARY_PATH", "")

import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
from oip_peer_ports import fail_fast_if_taken  # noqa: E402
from pytriton.decorators import batch  # noqa: E402
from pytriton.model_config import DynamicBatcher, ModelConfig, Tensor  # noqa: E402
from pytriton.triton import Triton, TritonConfig, TritonSecurityConfig  # noqa: E402

IDENTITY_TYPES = {
    "bool": np.bool_, "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "fp16": np.float16, "fp32": np.float32, "fp64": np.float64, "bytes": np.bytes_,
}

WEIGHTS = [[0.5, -1.0, 0.25], [1.0, 0.0, -0.5], [-0.25, 0.75, 1.0], [0.1, 0.2, 0.3]]
BIAS = [0.1, -0.2, 0.3]


def _varint(value):
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _int_field(number, value):
    return _varint(number << 3) + _varint(value)


def _bytes_field(number, payload):
    if isinstance(payload, str):
        payload = payload.encode()
    return _varint((number << 3) | 2) + _varint(len(payload)) + payload


def _float_tensor(name, dims, values):
    body = b"".join(_int_field(1, d) for d in dims) + _int_field(2, 1) + _bytes_field(8, name)
    return body + _bytes_field(9, struct.pack("<%df" % len(values), *values))


def _float_value_info(name, dims):
    shape = b"".join(_bytes_field(1, _bytes_field(2, d) if isinstance(d, str) else _int_field(1, d)) for d in dims)
    tensor_type = _int_field(1, 1) + _bytes_field(2, shape)
    return _bytes_field(1, name) + _bytes_field(2, _bytes_field(1, tensor_type))


def _node(inputs, output, op_type):
    return b"".join(_bytes_field(1, i) for i in inputs) + _bytes_field(2, output) + _bytes_field(4, op_type)


def linear_onnx():
    """ModelProto bytes of y = x @ W + b (ONNX IR 8, opset 13), written field by field (no onnx package here)."""
    graph = (_bytes_field(1, _node(["x", "W"], "xw", "MatMul"))
             + _bytes_field(1, _node(["xw", "b"], "y", "Add"))
             + _bytes_field(2, "linear")
             + _bytes_field(5, _float_tensor("W", [4, 3], [w for row in WEIGHTS for w in row]))
             + _bytes_field(5, _float_tensor("b", [3], BIAS))
             + _bytes_field(11, _float_value_info("x", ["N", 4]))
             + _bytes_field(12, _float_value_info("y", ["N", 3])))
    return (_int_field(1, 8) + _bytes_field(2, "tango-testkit") + _bytes_field(7, graph)
            + _bytes_field(8, _bytes_field(1, "") + _int_field(2, 13)))



def identity(requests):
    return [{"out_" + name[3:]: value for name, value in request.items()} for request in requests]


def main():
    http_port, grpc_port, work_dir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    fail_fast_if_taken(http_port, grpc_port)
    model_path = os.path.join(work_dir, "linear.onnx")
    with open(model_path, "wb") as out:
        out.write(linear_onnx())
    session = onnxruntime.InferenceSession(model_path, providers=["CPUExecutionProvider"])

    @batch
    def linear(x):
        return {"y": session.run(["y"], {"x": x.astype(np.float32)})[0]}

    config = TritonConfig(http_address="127.0.0.1", http_port=http_port, grpc_address="127.0.0.1",
                          grpc_port=grpc_port, allow_metrics=False)
    # PyTriton restricts the repository API (index/load/unload) to a generated access token by default; the peer
    # listens on 127.0.0.1 only and tests call that API, so nothing is restricted.
    with Triton(config=config, security_config=TritonSecurityConfig(restricted_endpoints=[])) as triton:
        triton.bind(model_name="identity", infer_func=identity,
                    inputs=[Tensor(name="in_" + n, dtype=t, shape=(-1, -1), optional=True)
                            for n, t in IDENTITY_TYPES.items()],
                    outputs=[Tensor(name="out_" + n, dtype=t, shape=(-1, -1)) for n, t in IDENTITY_TYPES.items()],
                    config=ModelConfig(batching=False))
        triton.bind(model_name="linear", infer_func=linear,
                    inputs=[Tensor(name="x", dtype=np.float32, shape=(4,))],
                    outputs=[Tensor(name="y", dtype=np.float32, shape=(3,))],
                    config=ModelConfig(max_batch_size=8, batcher=DynamicBatcher(max_queue_delay_microseconds=500)))
        triton.serve()


if __name__ == "__main__":
    main()
