"""Saves the benchmark's ONNX model as an MLflow model folder (onnx flavor), for `mlflow models serve` and TANGO alike.

Usage: python mlflow_model.py MODEL.onnx OUT_DIR

The signature names the four feature columns (float64, as a pandas DataFrame of the scoring requests has them) and the
output `y`; both servers read it from the same MLmodel file.
"""
import sys

import mlflow.onnx
import numpy as np
import onnx
import pandas as pd
from mlflow.models import infer_signature

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def main(model_file: str, out_dir: str) -> None:
    model = onnx.load(model_file)
    example = pd.DataFrame([[5.1, 3.5, 1.4, 0.2]], columns=COLUMNS)
    signature = infer_signature(example, {"y": np.zeros((1, 1), dtype=np.float32)})
    mlflow.onnx.save_model(model, out_dir, signature=signature, save_as_external_data=False)
    print(out_dir)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
