package io.tango.testkit.python;

import java.util.List;

/**
 * Pinned requirement lists for the real Python servers and clients that plugin tests run, for use with
 * {@link PythonEnvironment#ensure(String, List)}. Each list pins the whole dependency tree (a {@code pip freeze} of an
 * environment that was checked to work), so a new release on PyPI never changes what a test runs against.
 *
 * <p>All lists were resolved and checked on CPython 3.11.7 (x86_64 Linux) against PyPI. Constants only; safe for
 * concurrent use.
 */
public final class PythonRequirements {

    /**
     * MLflow 3.17.2 with scikit-learn 1.9.1, ONNX 1.23.2, skl2onnx 1.20.0, ONNX Runtime 1.32.0, SHAP 0.51.0, pandas
     * 3.1.1 and NumPy 2.4.6. About 1.2 GB installed; a first install took 165 s from an empty pip cache, and up to
     * 270 s on a busy 2-core machine.
     *
     * <p>Verified: {@code mlflow server --host 127.0.0.1 --port P --backend-store-uri sqlite:///... --serve-artifacts
     * --artifacts-destination DIR} answers {@code GET /health} with {@code OK} (25 to 35 s on first start with a new
     * database, which it migrates); a skl2onnx {@code LinearRegression} logged with {@code mlflow.onnx.log_model}
     * (and registered) through that server; {@code mlflow models serve -m DIR --env-manager local -h 127.0.0.1 -p P}
     * on the saved ONNX-flavour model answers {@code GET /ping} (11 to 25 s) and {@code POST /invocations}, also with
     * {@code -m models:/NAME/1} and {@code MLFLOW_TRACKING_URI} set.
     *
     * <p>Quirks: {@code mlflow models serve} runs {@code uvicorn} by name through a shell, so the environment's
     * {@code bin} must be on {@code PATH} (use {@link PythonEnvironment#process(List)}, which sets it). {@code mlflow
     * server} starts 4 uvicorn workers and, by default, huey job-consumer processes; on small machines pass
     * {@code --workers 1} and set {@code MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false}. mlflow 3.18.0 cannot be installed:
     * its {@code mlflow-skinny==3.18.0} is not on PyPI.
     */
    public static final List<String> MLFLOW = List.of(
            "aiohappyeyeballs==2.7.1",
            "aiohttp==3.14.5",
            "aiosignal==1.4.0",
            "alembic==1.20.1",
            "annotated-doc==0.0.7",
            "annotated-types==0.8.0",
            "anyio==4.16.0",
            "attrs==26.1.0",
            "blinker==1.9.0",
            "cachetools==7.3.2",
            "certifi==2026.10.18",
            "cffi==2.1.1",
            "charset-normalizer==3.5.2",
            "click==8.5.1",
            "cloudpickle==3.1.2",
            "contourpy==1.3.3",
            "cryptography==50.0.2",
            "cycler==0.12.1",
            "databricks-sdk==0.156.0",
            "docker==7.2.0",
            "fastapi==0.165.0",
            "flask-cors==6.0.5",
            "Flask==3.1.3",
            "flatbuffers==25.12.19",
            "fonttools==4.68.0",
            "frozenlist==1.8.0",
            "gitdb==4.0.12",
            "GitPython==3.2.1",
            "google-auth==2.62.2",
            "graphene==3.4.3",
            "graphql-core==3.2.14",
            "graphql-relay==3.2.0",
            "gunicorn==26.2.0",
            "h11==0.16.0",
            "huey==3.5.4",
            "idna==3.20",
            "importlib_metadata==9.1.0",
            "itsdangerous==2.2.0",
            "Jinja2==3.1.6",
            "joblib==1.6.0",
            "kiwisolver==1.5.1",
            "llvmlite==0.50.0",
            "Mako==1.4.3",
            "MarkupSafe==3.0.4",
            "matplotlib==3.11.2",
            "ml_dtypes==0.6.0",
            "mlflow-skinny==3.17.2",
            "mlflow-tracing==3.17.2",
            "mlflow==3.17.2",
            "multidict==7.2.1",
            "narwhals==2.29.0",
            "numba==0.68.1",
            "numpy==2.4.6",
            "onnx==1.23.2",
            "onnxruntime==1.32.0",
            "opentelemetry-api==1.45.2",
            "opentelemetry-proto==1.45.2",
            "opentelemetry-sdk==1.45.2",
            "opentelemetry-semantic-conventions==0.66b2",
            "packaging==26.3",
            "pandas==3.1.1",
            "pillow==13.0.0",
            "prettytable==3.18.0",
            "propcache==0.5.4",
            "protobuf==7.36.2",
            "pyarrow==25.0.1",
            "pyasn1==0.6.5",
            "pyasn1_modules==0.4.2",
            "pycparser==3.12",
            "pydantic==2.14.3",
            "pydantic_core==2.50.4",
            "pyparsing==3.3.3",
            "python-dateutil==2.9.0.post0",
            "python-dotenv==1.2.4",
            "PyYAML==6.0.3",
            "requests==2.34.2",
            "scikit-learn==1.9.1",
            "scipy==1.17.1",
            "shap==0.51.0",
            "six==1.17.0",
            "skl2onnx==1.20.0",
            "skops==0.16.0",
            "slicer==0.0.8",
            "smmap==5.0.3",
            "SQLAlchemy==2.1.9",
            "sqlparse==0.6.1",
            "starlette==1.10.0",
            "threadpoolctl==3.8.0",
            "tqdm==4.70.1",
            "typing-inspection==0.4.5",
            "typing_extensions==4.16.0",
            "urllib3==2.8.0",
            "uvicorn==0.54.0",
            "wcwidth==0.9.4",
            "Werkzeug==3.1.9",
            "yarl==1.25.1",
            "zipp==4.1.2");

    /**
     * DEEPaaS API 2.6.0 (aiohttp, webargs 5.5.3, marshmallow 3.x), about 90 MB installed; a first install took 74 s.
     * {@code setuptools} is pinned because webargs 5.5.3 imports {@code distutils}, which Python 3.12 no longer has.
     *
     * <p>Verified: {@code deepaas-run --listen-ip 127.0.0.1 --listen-port P} (no model installed) serves its built-in
     * {@code deepaas-test} model and answers {@code GET /v2/models/} within about 2 s; {@code /v2/models} without the
     * slash answers 308.
     */
    public static final List<String> DEEPAAS = List.of(
            "aiohappyeyeballs==2.7.1",
            "aiohttp-apispec==2.2.3",
            "aiohttp==3.14.5",
            "aiosignal==1.4.0",
            "apispec==3.3.2",
            "attrs==26.1.0",
            "certifi==2026.10.18",
            "charset-normalizer==3.5.2",
            "debtcollector==3.1.0",
            "deepaas==2.6.0",
            "frozenlist==1.8.0",
            "idna==3.20",
            "iso8601==2.1.0",
            "Jinja2==3.1.6",
            "MarkupSafe==3.0.4",
            "marshmallow==3.26.2",
            "msgpack==1.2.4",
            "multidict==7.2.1",
            "netaddr==1.3.0",
            "oslo.config==8.8.1",
            "oslo.context==6.5.0",
            "oslo.i18n==6.9.0",
            "oslo.log==4.8.0",
            "oslo.serialization==5.11.0",
            "oslo.utils==10.2.0",
            "packaging==26.3",
            "pbr==7.1.3",
            "propcache==0.5.4",
            "psutil==7.2.2",
            "pyinotify==0.9.6",
            "pyparsing==3.3.3",
            "python-dateutil==4.0.0",
            "PyYAML==6.0.3",
            "requests==2.34.2",
            "rfc3986==2.0.0",
            "setuptools==80.9.0",
            "stevedore==3.5.2",
            "typing_extensions==4.16.0",
            "tzdata==2026.6",
            "urllib3==2.8.0",
            "webargs==5.5.3",
            "Werkzeug==2.3.8",
            "wrapt==2.5.2",
            "yarl==1.25.1");

    /**
     * Devo ML Model Manager client 1.6.1, about 30 MB installed; a first install took 38 s.
     *
     * <p>Verified: {@code python -c "import devo_ml.modelmanager"}.
     */
    public static final List<String> DEVO = List.of(
            "certifi==2026.10.18",
            "charset-normalizer==3.5.2",
            "decorator==5.3.1",
            "devo-mlmodelmanager==1.6.1",
            "idna==3.20",
            "requests==2.34.2",
            "urllib3==2.8.0",
            "validators==0.20.0");

    /**
     * caikit 0.29.1 (core only, no extras), about 135 MB installed; a first install took 59 s.
     *
     * <p>Verified: {@code python -c "import caikit"}.
     */
    public static final List<String> CAIKIT = List.of(
            "alchemy-config==1.2.0",
            "alchemy-logging==1.6.0",
            "anytree==2.13.0",
            "caikit==0.29.1",
            "docstring_parser==0.16",
            "grpcio==1.85.1",
            "ijson==3.2.3",
            "importlib_metadata==7.2.1",
            "MarkupSafe==3.0.4",
            "munch==4.0.0",
            "numpy==2.4.6",
            "protobuf==6.33.6",
            "psutil==5.9.8",
            "py_to_proto==0.7.0",
            "PyYAML==6.0.3",
            "semver==3.1.1",
            "six==1.17.0",
            "tqdm==4.70.1",
            "typing_extensions==4.16.0",
            "Werkzeug==3.1.9",
            "zipp==4.1.2"
);

    /**
     * Triton Inference Server 2.51 through {@code nvidia-pytriton==0.7.0} (its wheel bundles the {@code tritonserver}
     * binary and the Python backend), ONNX Runtime 1.32.0, {@code tritonclient[http,grpc]} 2.73.0 and NumPy 1.26.4
     * (PyTriton needs NumPy below 2). No scikit-learn and no {@code onnx} package. A first install took 48 s (while the
     * two other OIP environments were built beside it).
     *
     * <p>Verified live (2026-12-07, by {@code io.tango.testkit.oip.TritonServer}): a script binding an identity
     * function over every datatype PyTriton has (all of OIP's but BF16) and an ONNX model run by onnxruntime inside
     * the bound function, with {@code TritonConfig(http_address="127.0.0.1", grpc_address="127.0.0.1",
     * allow_metrics=False)}, answers REST and gRPC within about 5 s, both models ready.
     *
     * <p>Quirks: Triton's Python-backend stub links {@code libpython}, so {@code LD_LIBRARY_PATH} must hold the
     * interpreter's {@code sysconfig LIBDIR} or the model load fails; PyTriton keeps its workspace under
     * {@code PYTRITON_HOME} (default {@code ~/.cache/pytriton}); {@code /v2/health/ready} answers 200 only once every
     * bound model has loaded, which happens after the HTTP port opens.
     */
    public static final List<String> OIP_TRITON = List.of(
            "Pygments==2.21.0",
            "aiohappyeyeballs==2.7.1",
            "aiohttp==3.14.5",
            "aiosignal==1.4.0",
            "annotated-doc==0.0.7",
            "annotated-types==0.8.0",
            "attrs==26.1.0",
            "brotli==1.2.1",
            "certifi==2026.10.19.post1",
            "flatbuffers==25.12.19",
            "frozenlist==1.8.0",
            "gevent==26.9.0",
            "geventhttpclient==2.6.1",
            "greenlet==3.3.2",
            "grpcio==1.85.4",
            "idna==3.21",
            "importlib_metadata==10.2.0",
            "lazy-importer==0.1.0",
            "markdown-it-py==4.3.0",
            "mdurl==0.1.2",
            "ml_dtypes==0.5.4",
            "multidict==7.2.1",
            "mypy_extensions==1.2.0",
            "numpy==1.26.4",
            "nvidia-pytriton==0.7.0",
            "onnxruntime==1.32.0",
            "packaging==26.4",
            "propcache==0.5.4",
            "protobuf==6.33.6",
            "pydantic==2.14.4",
            "pydantic_core==2.50.5",
            "python-rapidjson==1.25",
            "pyzmq==27.3.0",
            "rich==15.0.0",
            "sh==2.4.0",
            "shellingham==1.5.4",
            "tritonclient==2.73.0",
            "typer==0.29.3",
            "typing-inspect==0.9.0",
            "typing-inspection==0.4.5",
            "typing_extensions==4.16.0",
            "urllib3==2.8.0",
            "wrapt==2.5.2",
            "yarl==1.25.1",
            "zipp==4.1.2",
            "zope.event==6.2",
            "zope.interface==8.7");

    /**
     * KServe 0.21.0 ({@code ModelServer}, FastAPI/uvicorn REST and grpcio gRPC) with NumPy 2.4.6 and pandas 2.3.3; the
     * tree also has the Kubernetes client KServe imports. Also the environment of KServe's Python clients
     * ({@code InferenceRESTClient}, {@code InferenceGRPCClient}). A first install took 72 s.
     *
     * <p>Verified live (2026-12-07, by {@code io.tango.testkit.oip.KServeServer}): a script with two
     * {@code kserve.Model} subclasses (overriding {@code get_input_types}/{@code get_output_types}) started with
     * {@code --http_port P --grpc_port G --workers 1} answers REST and gRPC within about 3 s.
     *
     * <p>Quirks: it binds REST to {@code 0.0.0.0} and gRPC to {@code [::]} (hard-coded); a model's response must carry
     * an id or the server answers 500; a request whose {@code Content-Type} is not JSON is read as binary data.
     */
    public static final List<String> OIP_KSERVE = List.of(
            "PyJWT==2.15.1",
            "PyYAML==6.0.4",
            "aiohappyeyeballs==2.7.1",
            "aiohttp==3.14.5",
            "aiohttp-retry==2.9.1",
            "aiosignal==1.4.0",
            "annotated-doc==0.0.7",
            "annotated-types==0.8.0",
            "anyio==4.16.0",
            "attrs==26.1.0",
            "certifi==2026.10.19.post1",
            "cffi==2.1.1",
            "charset-normalizer==3.5.3",
            "click==8.5.1",
            "cloudevents==1.13.0",
            "cryptography==51.0.1",
            "deprecation==2.1.0",
            "durationpy==0.12",
            "fastapi==0.165.0",
            "frozenlist==1.8.0",
            "grpc-interceptor==0.15.4",
            "grpcio==1.85.4",
            "grpcio-tools==1.81.1",
            "h11==0.16.0",
            "httpcore==1.0.9",
            "httptools==0.9.0",
            "httpx==0.29.0",
            "idna==3.21",
            "kserve==0.21.0",
            "kubernetes==37.0.3",
            "multidict==7.2.1",
            "numpy==2.4.6",
            "oauthlib==4.0.1",
            "opentelemetry-api==1.45.3",
            "orjson==3.13.0",
            "packaging==26.4",
            "pandas==2.3.3",
            "pillow==13.0.0",
            "prometheus_client==0.26.0",
            "propcache==0.5.4",
            "protobuf==6.33.6",
            "psutil==5.9.8",
            "pyasn1==0.6.5",
            "pycparser==3.12",
            "pydantic==2.14.4",
            "pydantic_core==2.50.5",
            "python-dateutil==2.9.0.post0",
            "python-dotenv==1.2.4",
            "python-multipart==0.0.34",
            "pytz==2026.6",
            "requests==2.34.2",
            "requests-oauthlib==2.0.0",
            "setuptools==84.2.1",
            "six==1.17.0",
            "starlette==1.10.0",
            "tabulate==0.10.0",
            "timing-asgi==0.3.2",
            "typing-inspection==0.4.5",
            "typing_extensions==4.16.0",
            "tzdata==2026.6",
            "urllib3==2.8.0",
            "uvicorn==0.55.0",
            "uvloop==0.23.0",
            "watchfiles==1.3.0",
            "websocket-client==1.9.2",
            "websockets==17.4",
            "yarl==1.25.1");

    /**
     * Seldon MLServer 1.7.1 with mlserver-sklearn 1.7.1, scikit-learn 1.9.1, joblib 1.6.0, NumPy 2.4.6, pandas 3.1.1
     * and {@code uvloop==0.21.0} (newer uvloop breaks MLServer's worker with "There is no current event loop"). A first
     * install took 75 s.
     *
     * <p>Verified live (2026-12-07, by {@code io.tango.testkit.oip.MlServerServer}): {@code mlserver start DIR} with
     * {@code settings.json} {@code {"host": "127.0.0.1", "metrics_endpoint": null, "parallel_workers": 0}}, a
     * joblib-saved iris {@code LogisticRegression} served by {@code mlserver_sklearn.SKLearnModel} and a custom
     * identity runtime in the folder answers REST and gRPC within about 5 s.
     *
     * <p>Quirks: the project is no longer maintained (a test peer, not a target); it has no BF16 and no binary tensor
     * data extension.
     */
    public static final List<String> OIP_MLSERVER = List.of(
            "aiofiles==25.1.0",
            "aiohappyeyeballs==2.7.1",
            "aiohttp==3.14.5",
            "aiokafka==0.14.0",
            "aiosignal==1.4.0",
            "annotated-types==0.8.0",
            "anyio==4.16.0",
            "asgiref==3.13.0",
            "async-timeout==5.0.1",
            "attrs==26.1.0",
            "brotli==1.2.1",
            "certifi==2026.10.19.post1",
            "click==8.5.1",
            "cloudpickle==3.1.3",
            "fastapi==0.115.14",
            "frozenlist==1.8.0",
            "gevent==26.9.0",
            "geventhttpclient==2.6.1",
            "googleapis-common-protos==1.76.0",
            "greenlet==3.3.2",
            "grpcio==1.85.4",
            "h11==0.16.0",
            "idna==3.21",
            "importlib_resources==6.5.2",
            "joblib==1.6.0",
            "ml_dtypes==0.5.4",
            "mlserver==1.7.1",
            "mlserver-sklearn==1.7.1",
            "multidict==7.2.1",
            "narwhals==2.29.0",
            "numpy==2.4.6",
            "opentelemetry-api==1.45.2",
            "opentelemetry-exporter-otlp-common==0.66b2",
            "opentelemetry-exporter-otlp-proto-common==1.45.2",
            "opentelemetry-exporter-otlp-proto-grpc==1.45.2",
            "opentelemetry-instrumentation==0.66b2",
            "opentelemetry-instrumentation-asgi==0.66b2",
            "opentelemetry-instrumentation-fastapi==0.66b2",
            "opentelemetry-instrumentation-grpc==0.66b2",
            "opentelemetry-proto==1.45.2",
            "opentelemetry-sdk==1.45.2",
            "opentelemetry-semantic-conventions==0.66b2",
            "opentelemetry-util-http==0.66b2",
            "orjson==3.13.0",
            "packaging==26.4",
            "pandas==3.1.1",
            "prometheus_client==0.26.0",
            "propcache==0.5.4",
            "protobuf==6.33.6",
            "py-grpc-prometheus==0.8.0",
            "pydantic==2.14.4",
            "pydantic-settings==2.16.3",
            "pydantic_core==2.50.5",
            "python-dateutil==4.0.0",
            "python-dotenv==1.2.4",
            "python-multipart==0.0.34",
            "python-rapidjson==1.25",
            "scikit-learn==1.9.1",
            "scipy==1.17.1",
            "setuptools==84.2.1",
            "starlette==0.46.2",
            "starlette_exporter==0.24.0",
            "threadpoolctl==3.8.0",
            "tritonclient==2.73.0",
            "typing-inspection==0.4.5",
            "typing_extensions==4.16.0",
            "tzdata==2026.6",
            "urllib3==2.8.0",
            "uvicorn==0.55.0",
            "uvloop==0.21.0",
            "wrapt==2.5.2",
            "yarl==1.25.1",
            "zope.event==6.2",
            "zope.interface==8.7");

    /**
     * PySpark 4.1.3 and its one dependency, Py4J 0.10.9.9: the same Spark as the {@code spark.version} of the Maven
     * build, so a standalone cluster started from this environment runs executors on the jars the driver was compiled
     * against. PyPI has only an sdist (455 MB), which pip builds into a wheel; about 490 MB installed, 462 MB of it in
     * {@code pyspark/jars}. A first install took about 40 s (download 10 s, build and install 31 s).
     *
     * <p>Verified live (2026-12-07): {@code pyspark/bin/spark-class org.apache.spark.deploy.master.Master} and
     * {@code ...deploy.worker.Worker} with {@code SPARK_HOME} set to the installed {@code pyspark} folder run a
     * standalone master and workers on 127.0.0.1 (see {@code io.tango.testkit.spark.StandaloneCluster}).
     *
     * <p>Quirks: the installed {@code pyspark/sbin} has no {@code start-master.sh} or {@code start-worker.sh}, so the
     * daemons are started through {@code bin/spark-class}; pip keeps the built wheel (about 440 MB) in its cache.
     */
    public static final List<String> SPARK = List.of(
            "py4j==0.10.9.9",
            "pyspark==4.1.3");

    private PythonRequirements() {
    }
}
