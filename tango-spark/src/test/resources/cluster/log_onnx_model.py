"""Logs an ONNX file to an MLflow tracking server with the onnx flavor, registers it and points an alias at it.

usage: log_onnx_model.py TRACKING_URI MODEL_ONNX NAME ALIAS

The input example (zeros, two rows where a dimension is dynamic) lets MLflow infer the tensor signature by running the
model with onnxruntime, as a user logging the same file would. Prints the registered version.
"""
import sys

import mlflow
import mlflow.onnx
import numpy as np
import onnx
from mlflow import MlflowClient
from onnx import helper


def example_of(model):
    example = {}
    for value in model.graph.input:
        tensor = value.type.tensor_type
        shape = [dim.dim_value if dim.HasField("dim_value") else 2 for dim in tensor.shape.dim]
        example[value.name] = np.zeros(shape, dtype=helper.tensor_dtype_to_np_dtype(tensor.elem_type))
    return example


def main():
    tracking_uri, path, name, alias = sys.argv[1:5]
    mlflow.set_tracking_uri(tracking_uri)
    model = onnx.load(path)
    with mlflow.start_run(run_name=name):
        info = mlflow.onnx.log_model(model, name="model", input_example=example_of(model),
                                     registered_model_name=name)
    version = str(info.registered_model_version)
    MlflowClient(tracking_uri).set_registered_model_alias(name, alias, version)
    print(version)


if __name__ == "__main__":
    main()
