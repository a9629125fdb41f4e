"""The Python side of bench/run.sh's Spark phase: scores the benchmark's ONNX model with mlflow.pyfunc.spark_udf.

Usage: python spark_udf.py MODEL.onnx WORK_DIR ROWS WARMUPS RUNS BATCH_SIZE OUT.json

Saves MODEL.onnx as an MLflow model (onnx flavor, the same folder `mlflow models serve` gets, by mlflow_model.py),
starts PySpark in local[2] with the Java side's settings and Arrow batches of BATCH_SIZE records
(spark.sql.execution.arrow.maxRecordsPerBatch, TANGO's batch size), builds the same cached feature table with the same
SQL expressions as io.tango.bench.spark.SparkScoringBench, and scores it with
`mlflow.pyfunc.spark_udf(spark, model, result_type="float", env_manager="local")` over struct(<the four columns>). The
timed action is the same write to the `noop` sink. It writes the wall times and the first rows' features and
predictions; the report checks those against TinyOnnxModel's Java formula before it counts the times.
"""
import json
import os
import sys
import time

# The same values as SparkScoringBench.FEATURES (keep them equal: every side must score the same rows). The Java sides
# hold them as one array column `x`, the model's tensor input; MLflow's model has a column signature, so here they are
# the four named float columns, passed to the UDF as one struct.
FEATURES = [
    "CAST(4.0 + (id % 37) / 10.0 AS FLOAT)",
    "CAST(2.0 + (id % 23) / 10.0 AS FLOAT)",
    "CAST(1.0 + (id % 59) / 10.0 AS FLOAT)",
    "CAST((id % 25) / 10.0 AS FLOAT)",
]
PARTITIONS = 4
CHECKED_ROWS = 8


def main(model_file, work, rows, warmups, runs, batch_size, out):
    # Python workers must import mlflow: they run this environment's interpreter.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import mlflow
    import mlflow_model
    import pandas
    import pyarrow
    import pyspark
    from pyspark.sql import SparkSession
    from pyspark.sql.functions import struct

    model_dir = os.path.join(work, "mlflow-model")
    if not os.path.isdir(model_dir):
        mlflow_model.main(model_file, model_dir)
    spark = (SparkSession.builder.appName("tango-bench-spark-udf").master("local[2]")
             .config("spark.ui.enabled", "false")
             .config("spark.sql.shuffle.partitions", "2")
             .config("spark.local.dir", os.path.join(work, "spark-local"))
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.memory", "2g")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch_size))
             .getOrCreate())
    try:
        columns = mlflow_model.COLUMNS
        table = spark.range(0, rows, 1, PARTITIONS).selectExpr(
            *[f"{feature} AS {column}" for feature, column in zip(FEATURES, columns)]).persist()
        counted = table.count()
        if counted != rows:
            sys.exit(f"the feature table has {counted} rows, expected {rows}")
        udf = mlflow.pyfunc.spark_udf(spark, model_dir, result_type="float", env_manager="local")
        scored = table.withColumn("y", udf(struct(*columns)))
        samples = [[float(row[c]) for c in columns] + [float(row["y"])] for row in scored.limit(CHECKED_ROWS).collect()]
        for _ in range(warmups):
            action(scored)
        seconds = [action(scored) for _ in range(runs)]
    finally:
        spark.stop()
    result = {
        "rows": rows,
        "batch_size": batch_size,
        "partitions": PARTITIONS,
        "master": "local[2]",
        "versions": {"pyspark": pyspark.__version__, "mlflow": mlflow.__version__, "pandas": pandas.__version__,
                     "pyarrow": pyarrow.__version__, "python": sys.version.split()[0]},
        "sides": {"mlflow": {"seconds": seconds, "samples": samples}},
    }
    with open(out, "w", encoding="utf-8") as file:
        json.dump(result, file, indent=2)
        file.write("\n")


def action(scored):
    start = time.perf_counter()
    scored.write.format("noop").mode("overwrite").save()
    return time.perf_counter() - start


if __name__ == "__main__":
    if len(sys.argv) != 8:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
