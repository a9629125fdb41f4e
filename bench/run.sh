#!/usr/bin/env bash
# Measures TANGO beside ONNX Runtime, MLflow, caikit and the OIP servers (Triton, KServe, MLServer); writes
# bench/results/<date>.json and bench/results/<date>.md.
# A full run (no --quick, no --only) also writes its table into BENCHMARKS.md's "Latest run" section.
#
#   bench/run.sh            build what is needed, then measure everything (about 20 minutes on a quiet 2-core machine,
#                           plus about 17 for serve, peers and grpc)
#   bench/run.sh --no-build measure with what is already built
#   bench/run.sh --quick    one short iteration of everything: checks the harness end to end; the numbers mean nothing
#   bench/run.sh --only predict,coldstart   only these phases (predict jobs boot memory http caikit coldstart
#                           mlflow-predict spark serve peers grpc); the others are reported "not measured"
#
# Every phase first waits (polling every 15 s, up to TANGO_BENCH_QUIET_DEADLINE seconds, default 900) until the
# 1-minute load average is below TANGO_BENCH_QUIET_LOAD (default 1.2): a figure measured under load is worthless. A
# phase whose machine never got quiet is skipped and the table says so; TANGO_BENCH_ALLOW_LOAD=1 measures it anyway
# and marks it void. The load average of every phase is recorded in the results.
#
# Needs: a JDK 17+, python3 with venv (the MLflow, caikit and OIP peers' environments are the tests' cached ones under
# ~/.cache/tango/venvs, built on first use), wrk and hyperfine (installed with apt-get when missing), curl.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
BUILD=true
QUICK=false
ONLY=""
expect_only=false
for arg in "$@"; do
  if $expect_only; then ONLY=",$arg,"; expect_only=false; continue; fi
  case "$arg" in
    --no-build) BUILD=false ;;
    --quick) QUICK=true ;;
    --only) expect_only=true ;;
    *) echo "unknown argument: $arg (use --no-build, --quick, --only PHASES; phases: predict jobs boot memory http" \
            "caikit coldstart mlflow-predict spark serve peers grpc)" >&2; exit 2 ;;
  esac
done
# Whether a phase runs: all of them, unless --only names some.
wanted() { [ -z "$ONLY" ] || [[ "$ONLY" == *",$1,"* ]]; }
COMMAND="bench/run.sh${*:+ $*}"

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DATE=$(date -u +%F)
RESULTS="$REPO/bench/results"
WORK="$REPO/tango-bench/target/bench-run-$STAMP"
mkdir -p "$RESULTS" "$WORK"
: > "$WORK/loads.tsv"
: > "$WORK/skipped.tsv"
LOG="$WORK/run.log"
QUIET_LOAD=${TANGO_BENCH_QUIET_LOAD:-1.2}
QUIET_DEADLINE=${TANGO_BENCH_QUIET_DEADLINE:-900}
CONCURRENCY=${TANGO_BENCH_CONCURRENCY:-16}

if $QUICK; then
  JMH_OPTS=(-f 1 -wi 1 -w 1s -i 1 -r 1s)
  WRK_WARMUP=1; WRK_SECONDS=2; WRK_RUNS=1
  CAIKIT_OPTS=(--warmup 1 --seconds 2 --runs 1)
  HYPERFINE_OPTS=(--warmup 1 --runs 2)
  MEMORY_RUNS=1
else
  JMH_OPTS=()
  WRK_WARMUP=5; WRK_SECONDS=20; WRK_RUNS=3
  CAIKIT_OPTS=(--warmup 3 --seconds 10 --runs 3)
  HYPERFINE_OPTS=(--warmup 3 --runs 15)
  MEMORY_RUNS=5
fi

say() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$LOG"; }
skip() { printf '%s\t%s\n' "$1" "$2" >> "$WORK/skipped.tsv"; say "SKIPPED $1: $2"; }

STARTED=()
cleanup() {
  for pid in "${STARTED[@]:-}"; do
    [ -n "$pid" ] && kill -TERM -- "-$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

# Waits for a quiet machine; records the load. Returns non-zero when the phase must not be measured.
wait_quiet() {
  local phase=$1 start now l1 l5 l15 rest quiet=false
  if ! wanted "${phase%%-*}" && ! wanted "$phase"; then
    skip "$phase" "not asked for (--only${ONLY//,/ })"
    return 1
  fi
  start=$(date +%s)
  while :; do
    read -r l1 l5 l15 rest < /proc/loadavg
    if awk -v load="$l1" -v limit="$QUIET_LOAD" 'BEGIN { exit !(load < limit) }'; then quiet=true; break; fi
    now=$(date +%s)
    if (( now - start >= QUIET_DEADLINE )); then break; fi
    say "waiting for a quiet machine before '$phase': load $l1 $l5 $l15"
    sleep 15
  done
  now=$(date +%s)
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$l1" "$l5" "$l15" "$((now - start))" "$quiet" >> "$WORK/loads.tsv"
  say "phase '$phase': load $l1 $l5 $l15 ($(uptime))"
  if ! $quiet && [ "${TANGO_BENCH_ALLOW_LOAD:-0}" != 1 ]; then
    skip "$phase" "the machine never got quiet (1-minute load $l1 after ${QUIET_DEADLINE} s)"
    return 1
  fi
}

ensure_tool() {
  if ! command -v "$1" > /dev/null; then
    say "installing $1 from Debian's packages"
    (apt-get update -qq && apt-get install -y -qq "$1") >> "$LOG" 2>&1 || true
  fi
  command -v "$1" > /dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

await_http() { # url seconds pid
  local deadline=$(( $(date +%s) + $2 ))
  while (( $(date +%s) < deadline )); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then return 1; fi
    sleep 0.5
  done
  return 1
}

stop() { # pid (a process group leader started with setsid)
  kill -TERM -- "-$1" 2>/dev/null || true
  local deadline=$(( $(date +%s) + 15 ))
  while kill -0 "$1" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 0.2; done
  kill -KILL -- "-$1" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------------- build
if $BUILD; then
  say "building tango-bench, the plugins and tango-cli (tests skipped)"
  if ! (cd "$REPO" && ./mvnw -B -q -fae -DskipTests \
      -pl tango-bench,plugin-local,plugin-mlflow,plugin-deepaas,plugin-devo,tango-cli -am package) >> "$LOG" 2>&1; then
    say "some modules did not build (see $LOG); measuring what did"
  fi
fi
CLASSPATH_FILE="$REPO/tango-bench/target/bench-classpath.txt"
if [ ! -f "$CLASSPATH_FILE" ]; then
  echo "tango-bench is not built: run bench/run.sh without --no-build" >&2
  exit 1
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# Every JVM gets the class path through a manifest-only jar: with Spark on it, the class path is over 20 KB, and on
# this machine a JVM whose command line is longer than about 4 KB dies with SIGSEGV (and no hs_err file) as soon as
# ONNX Runtime 1.29.0 initialises (OrtEnvironment.getEnvironment). The jar keeps every command line short; JMH's forks
# inherit it.
python3 - "$REPO/tango-bench/target/classes" "$CLASSPATH_FILE" "$WORK/classpath.mf" <<'PY'
import pathlib, sys
classes, listing, manifest = sys.argv[1:4]
entries = [classes] + [entry for entry in pathlib.Path(listing).read_text().strip().split(":") if entry]
uris = [pathlib.Path(entry).resolve().as_uri() + ("/" if pathlib.Path(entry).is_dir() else "") for entry in entries]
text = "Class-Path: " + " ".join(uris)
lines = [text[:72]] + [" " + text[i:i + 71] for i in range(72, len(text), 71)]
pathlib.Path(manifest).write_text("Manifest-Version: 1.0\n" + "\n".join(lines) + "\n")
PY
"${JAVA_HOME:+$JAVA_HOME/bin/}jar" --create --file "$WORK/classpath.jar" --manifest "$WORK/classpath.mf"
CP="$WORK/classpath.jar"

# One plugin directory with every plugin that built: local (required), mlflow, deepaas, devo.
PLUGINS="$WORK/plugins"
assemble() { # module name
  local jar
  jar=$(ls "$REPO/$1/target/$1"-*.jar 2>/dev/null | grep -v -e '-sources.jar' -e '-tests.jar' | head -1 || true)
  if [ -z "$jar" ] || [ ! -d "$REPO/$1/target/plugin-deps" ]; then return 1; fi
  mkdir -p "$PLUGINS/$2"
  cp "$jar" "$PLUGINS/$2/"
  cp "$REPO/$1/target/plugin-deps/"*.jar "$PLUGINS/$2/" 2>/dev/null || true
}
assemble plugin-local local || { echo "plugin-local is not packaged" >&2; exit 1; }
for plugin in mlflow deepaas devo; do
  assemble "plugin-$plugin" "$plugin" || skip "plugin-$plugin" "plugin-$plugin is not packaged (not built, or not landed yet)"
done
say "plugin directory: $(ls "$PLUGINS" | tr '\n' ' ')"

# -------------------------------------------------------------------------------------------------------- machine
{
  printf 'nproc\t%s\n' "$(nproc)"
  printf 'memory\t%s MiB\n' "$(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)"
  printf 'cpu\t%s\n' "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
  printf 'kernel\t%s\n' "$(uname -r)"
  printf 'java\t%s\n' "$("$JAVA" -version 2>&1 | head -1)"
  printf 'python\t%s\n' "$(python3 --version 2>&1)"
  printf 'started\t%s\n' "$STAMP"
} > "$WORK/machine.tsv"

run_jmh() { # phase benchmark output [extra JVM properties...]
  local phase=$1 benchmark=$2 output=$3
  shift 3
  if wait_quiet "$phase"; then
    say "JMH $benchmark"
    "$JAVA" -Dtango.bench.plugins="$PLUGINS" -Dtango.bench.work="$WORK/jmh-work" "$@" -cp "$CP" \
        org.openjdk.jmh.Main "io.tango.bench.jmh.$benchmark" "${JMH_OPTS[@]}" ${JMH_PROFILERS[@]+"${JMH_PROFILERS[@]}"} -foe true \
        -rf json -rff "$WORK/$output.json" > "$WORK/$output.txt" 2>&1 \
      || { rm -f "$WORK/$output.json"
           skip "$phase" "JMH failed: $(grep -m1 -E 'Exception|Error' "$WORK/$output.txt" | cut -c1-300)"; }
  fi
}

# --------------------------------------------------------------------------------------------- in-process figures
# The predict phase also records bytes allocated per call (JMH's gc profiler: gc.alloc.rate.norm), which its target
# bounds too.
JMH_PROFILERS=(-prof gc)
run_jmh predict PredictOverheadBenchmark jmh-predict
JMH_PROFILERS=()
run_jmh jobs JobThroughputBenchmark jmh-jobs
run_jmh boot RuntimeBootBenchmark jmh-boot

# ---------------------------------------------------------------------------------------------------------- memory
if wait_quiet memory; then
  : > "$WORK/memory.jsonl"
  for i in $(seq 1 "$MEMORY_RUNS"); do
    for mode in bare runtime model; do
      args=("$mode")
      [ "$mode" != bare ] && args+=("$PLUGINS")
      [ "$mode" = model ] && args+=("$WORK/memory-$i")
      "$JAVA" -Xmx1g -cp "$CP" io.tango.bench.memory.ResidentMemoryProbe "${args[@]}" >> "$WORK/memory.jsonl" 2>> "$LOG" \
        || skip memory "ResidentMemoryProbe $mode failed (see $LOG)"
    done
  done
fi

# ------------------------------------------------------------------------------------------------ Python baselines
MLFLOW_VENV=$("$JAVA" -cp "$CP" io.tango.bench.PythonEnvs mlflow 2>> "$LOG" | tail -1) || MLFLOW_VENV=""
CAIKIT_VENV=$("$JAVA" -cp "$CP" io.tango.bench.PythonEnvs caikit 2>> "$LOG" | tail -1) || CAIKIT_VENV=""

# The same model for everyone: the ONNX file, saved as an MLflow model folder (onnx flavor) that both servers load.
TINY=$("$JAVA" -cp "$CP" io.tango.bench.model.TinyOnnxModel "$WORK/tiny.onnx")
BODY=$(echo "$TINY" | sed -n 1p)
EXPECTED=$(echo "$TINY" | sed -n 2p | cut -c1-6)
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [=[%s]=]\n' "$BODY" > "$WORK/post.lua"
if [ -n "$MLFLOW_VENV" ] && "$MLFLOW_VENV/bin/python" "$REPO/bench/mlflow_model.py" "$WORK/tiny.onnx" "$WORK/mlflow-model" >> "$LOG" 2>&1; then
  MODEL_DIR="$WORK/mlflow-model"
else
  MODEL_DIR=""
  skip http-mlflow "the MLflow environment could not be built or could not save the model (see $LOG)"
fi

serve_and_load() { # name phase url pid
  local name=$1 phase=$2 url=$3 pid=$4 answer
  if ! await_http "$url/ping" 180 "$pid"; then
    skip "$phase" "$name did not answer /ping within 180 s"
    return
  fi
  answer=$(curl -s -H 'Content-Type: application/json' -d "$BODY" "$url/invocations")
  if [[ "$answer" != *"$EXPECTED"* ]]; then
    skip "$phase" "$name answered $answer, expected $EXPECTED"
    return
  fi
  say "$name answers $answer"
  if wait_quiet "$phase"; then
    wrk -t1 -c"$CONCURRENCY" -d"${WRK_WARMUP}s" -s "$WORK/post.lua" "$url/invocations" > /dev/null 2>&1 || true
    for i in $(seq 1 "$WRK_RUNS"); do
      wrk -t1 -c"$CONCURRENCY" -d"${WRK_SECONDS}s" --latency -s "$WORK/post.lua" "$url/invocations" \
        > "$WORK/wrk-$name-$i.txt" 2>&1
      say "$name run $i: $(grep -E 'Requests/sec|  99%' "$WORK/wrk-$name-$i.txt" | tr -s ' ' | tr '\n' ' ')"
    done
  fi
}

# Background commands run in the script's process group, so setsid makes each server a group leader without forking:
# $! is then the group to stop.
start_mlflow_server() { # port → pid in MLFLOW_PID
  PATH="$MLFLOW_VENV/bin:$PATH" VIRTUAL_ENV="$MLFLOW_VENV" setsid "$MLFLOW_VENV/bin/mlflow" models serve \
      -m "$MODEL_DIR" --env-manager local -h 127.0.0.1 -p "$1" -w "$(nproc)" > "$WORK/mlflow-serve-$1.log" 2>&1 &
  MLFLOW_PID=$!
  STARTED+=("$MLFLOW_PID")
}

# ------------------------------------------------------------------------------------------------------------ HTTP
if ! wanted http; then
  skip http-tango "not asked for (--only${ONLY//,/ })"
elif [ -n "$MODEL_DIR" ] && ensure_tool wrk; then
  port=$(free_port)
  setsid "$JAVA" -cp "$CP" io.tango.bench.serve.LocalServingMain "$MODEL_DIR" "$port" "$WORK/serve" \
      > "$WORK/tango-serve.log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  serve_and_load tango http-tango "http://127.0.0.1:$port" "$pid"
  stop "$pid"

  port=$(free_port)
  start_mlflow_server "$port"
  serve_and_load mlflow http-mlflow "http://127.0.0.1:$port" "$MLFLOW_PID"
  stop "$MLFLOW_PID"
elif [ -n "$MODEL_DIR" ]; then
  skip http-tango "wrk is not installed and could not be installed"
fi

# ---------------------------------------------------------------------------------------------------------- caikit
if [ -z "$CAIKIT_VENV" ]; then
  skip caikit "the caikit environment could not be built (see $LOG)"
elif wait_quiet caikit; then
  say "caikit LocalJobPredictor"
  "$CAIKIT_VENV/bin/python" "$REPO/bench/caikit_jobs.py" "$WORK/caikit.json" "${CAIKIT_OPTS[@]}" >> "$LOG" 2>&1 \
    || skip caikit "caikit_jobs.py failed (see $LOG)"
fi

# ------------------------------------------------------------------------------------------------------ cold start
TANGO_BIN="$REPO/tango-cli/target/tango/bin/tango"
if [ ! -x "$TANGO_BIN" ]; then
  skip coldstart "the tango-cli distribution ($TANGO_BIN) is not built (not landed yet, or its build failed)"
elif [ -z "$MLFLOW_VENV" ]; then
  skip coldstart "the MLflow environment could not be built"
elif ! "$TANGO_BIN" plugins > "$WORK/tango-plugins.txt" 2>&1; then
  skip coldstart "'tango plugins' failed: $(tail -3 "$WORK/tango-plugins.txt" | tr '\n\t' '  ')"
elif ensure_tool hyperfine && wait_quiet coldstart; then
  hyperfine "${HYPERFINE_OPTS[@]}" --export-json "$WORK/coldstart.json" \
      "$TANGO_BIN plugins" "$MLFLOW_VENV/bin/mlflow deployments --help" >> "$LOG" 2>&1 \
    || skip coldstart "hyperfine failed (see $LOG)"
fi

# --------------------------------------------------------------------------------- plugin-mlflow against a server
if ! wanted mlflow-predict; then
  skip mlflow-predict "not asked for (--only${ONLY//,/ })"
elif [ ! -d "$PLUGINS/mlflow" ]; then
  skip mlflow-predict "plugin-mlflow is not packaged (not built, or not landed yet)"
elif [ -n "$MODEL_DIR" ]; then
  port=$(free_port)
  start_mlflow_server "$port"
  if await_http "http://127.0.0.1:$port/ping" 180 "$MLFLOW_PID"; then
    run_jmh mlflow-predict MlflowPredictBenchmark jmh-mlflow -Dtango.bench.mlflow.url="http://127.0.0.1:$port"
  else
    skip mlflow-predict "mlflow models serve did not answer /ping within 180 s"
  fi
  stop "$MLFLOW_PID"
fi

# ----------------------------------------------------------------------------------------------------------- spark
# Rows per second scoring the tiny model over a cached table in Spark local[2], the scoring action only: TANGO's
# scorer and a hand-written mapPartitions calling ONNX Runtime (one JVM, taking turns), then mlflow.pyfunc.spark_udf
# in PySpark (the bench-only MLFLOW_SPARK environment), all with the same batch size.
if $QUICK; then
  SPARK_ROWS=100000; SPARK_WARMUPS=0; SPARK_RUNS=1
else
  SPARK_ROWS=1000000; SPARK_WARMUPS=1; SPARK_RUNS=3
fi
SPARK_BATCH=256
if ! wanted spark; then
  skip spark "not asked for (--only${ONLY//,/ })"
  skip spark-mlflow "not asked for (--only${ONLY//,/ })"
else
  # The --add-opens flags Spark needs on Java 17: the root pom's spark.argLine, which the tests use too.
  read -r -a SPARK_JVM_OPTS <<< "$(sed -n '/<spark.argLine>/,/<\/spark.argLine>/p' "$REPO/pom.xml" \
      | sed -e 's/<[^>]*>//g' | tr '\n' ' ')"
  if wait_quiet spark; then
    say "Spark local[2]: TANGO and ONNX Runtime's mapPartitions, $SPARK_ROWS rows"
    "$JAVA" -Xms2g -Xmx2g "${SPARK_JVM_OPTS[@]}" -cp "$CP" io.tango.bench.spark.SparkScoringMain "$WORK/spark" "$PLUGINS" \
        "$SPARK_ROWS" "$SPARK_WARMUPS" "$SPARK_RUNS" "$SPARK_BATCH" "$WORK/spark.json" > "$WORK/spark.txt" 2>&1 \
      || { rm -f "$WORK/spark.json"
           skip spark "SparkScoringMain failed: $(grep -m1 -E 'Exception|Error' "$WORK/spark.txt" | cut -c1-300)"; }
  fi
  MLFLOW_SPARK_VENV=$("$JAVA" -cp "$CP" io.tango.bench.PythonEnvs mlflow-spark 2>> "$LOG" | tail -1) || MLFLOW_SPARK_VENV=""
  if [ -z "$MLFLOW_SPARK_VENV" ]; then
    skip spark-mlflow "the MLFLOW_SPARK environment could not be built (see $LOG)"
  elif wait_quiet spark-mlflow; then
    say "Spark local[2]: mlflow.pyfunc.spark_udf, $SPARK_ROWS rows"
    "$JAVA" -cp "$CP" io.tango.bench.model.TinyOnnxModel "$WORK/spark-tiny.onnx" > /dev/null
    "$MLFLOW_SPARK_VENV/bin/python" "$REPO/bench/spark_udf.py" "$WORK/spark-tiny.onnx" "$WORK/spark-mlflow" \
        "$SPARK_ROWS" "$SPARK_WARMUPS" "$SPARK_RUNS" "$SPARK_BATCH" "$WORK/spark-mlflow.json" > "$WORK/spark-mlflow.txt" 2>&1 \
      || { rm -f "$WORK/spark-mlflow.json"
           skip spark-mlflow "spark_udf.py failed: $(grep -m1 -E 'Exception|Error' "$WORK/spark-mlflow.txt" | cut -c1-300)"; }
  fi
fi

# ------------------------------------------------------------------------------------------- serving near the ceiling
# The linear 4→3 ONNX model (LinearOnnxModel: the bytes tango-testkit's triton_peer.py writes) for TANGO and every OIP
# peer, one row per request. Every server's answer is checked (bench/check_answer.py) before it is loaded; every wrk
# run is kept (wrk-<server>-c<connections>-<i>.txt) and the report reads them all.
SERVE_CONNECTIONS_LOW=16
SERVE_CONNECTIONS_HIGH=64
BATCH_CONFIG=(max_batch_size=32 max_batch_delay=500)
LINEAR=$("$JAVA" -cp "$CP" io.tango.bench.model.LinearOnnxModel "$WORK/linear.onnx")
OIP_BODY=$(echo "$LINEAR" | sed -n 1p)
LINEAR_MLFLOW_BODY=$(echo "$LINEAR" | sed -n 2p)
LINEAR_EXPECTED=$(echo "$LINEAR" | sed -n 3p)
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [=[%s]=]\n' "$OIP_BODY" > "$WORK/oip.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [=[%s]=]\n' \
    "$LINEAR_MLFLOW_BODY" > "$WORK/linear-mlflow.lua"

check_answer() { # phase name base-url path body → 0 when the server answers the model's numbers
  local answer
  if answer=$(python3 "$REPO/bench/check_answer.py" "$3/${4#/}" "$5" "$LINEAR_EXPECTED" 120 2>&1); then
    say "$2 answers $(echo "$answer" | head -1 | cut -c1-200)"
  else
    skip "$1" "$2 answered $(echo "$answer" | tr '\n' ' ' | cut -c1-300), expected $LINEAR_EXPECTED"
    return 1
  fi
}

load_wrk() { # name url lua connections: warm-up, then WRK_RUNS timed runs, each kept as wrk-<name>-c<connections>-<i>.txt
  local name=$1 url=$2 lua=$3 connections=$4
  wrk -t1 -c"$connections" -d"${WRK_WARMUP}s" -s "$lua" "$url" > /dev/null 2>&1 || true
  for i in $(seq 1 "$WRK_RUNS"); do
    local out="$WORK/wrk-$name-c$connections-$i.txt"
    wrk -t1 -c"$connections" -d"${WRK_SECONDS}s" --latency -s "$lua" "$url" > "$out" 2>&1 || true
    if ! grep -q 'Requests/sec' "$out" || ! grep -q '  99%' "$out"; then
      # Kept for reading, out of the report's way: a run without figures is not a sample.
      mv "$out" "$out.failed"
      say "$name c$connections run $i: wrk printed no figures (see $out.failed)"
      continue
    fi
    say "$name c$connections run $i: $(grep -E 'Requests/sec|  50%|  99%' "$out" | tr -s ' ' | tr '\n' ' ')"
  done
}

start_tango_oip() { # work-subfolder [key=value ...] → TANGO_PID, TANGO_URL once it answers /ping
  local folder=$1 port
  shift
  port=$(free_port)
  rm -rf "${WORK:?}/$folder"
  setsid "$JAVA" -cp "$CP" io.tango.bench.serve.OipServingMain "$WORK/linear.onnx" linear "$port" "$WORK/$folder" "$@" \
      > "$WORK/$folder.log" 2>&1 &
  TANGO_PID=$!
  STARTED+=("$TANGO_PID")
  TANGO_URL="http://127.0.0.1:$port"
  await_http "$TANGO_URL/ping" 120 "$TANGO_PID"
}

# A peer's work folder is a short one under /tmp: PyTriton's workspace holds Unix sockets, whose paths must stay under
# 108 bytes (in the run's folder Triton fails with "AF_UNIX path too long"). stop_peer keeps its logs in the run's folder.
# Each start has its own log (peer-<name>-<phase>.log): a peer started again must not be read from the last one's.
start_peer() { # triton|kserve|mlserver phase → PEER_PID, PEER_URL, PEER_GRPC, PEER_MODEL, PEER_LOG once ready
  local name=$1 deadline
  PEER_DIR=$(mktemp -d /tmp/tango-peer-XXXXXX)
  PEER_LOG="$WORK/peer-$name-$2.log"
  rm -f "$PEER_LOG"
  setsid "$JAVA" -cp "$CP" io.tango.bench.peer.PeerServerMain "$name" "$PEER_DIR" > "$PEER_LOG" 2>&1 &
  PEER_PID=$!
  STARTED+=("$PEER_PID")
  deadline=$(( $(date +%s) + 900 ))
  while ! grep -q '^model ' "$PEER_LOG" 2>/dev/null; do
    if ! kill -0 "$PEER_PID" 2>/dev/null || (( $(date +%s) > deadline )); then return 1; fi
    sleep 1
  done
  PEER_URL=$(sed -n 's/^rest //p' "$PEER_LOG" | head -1)
  PEER_GRPC=$(sed -n 's/^grpc //p' "$PEER_LOG" | head -1)
  PEER_MODEL=$(sed -n 's/^model //p' "$PEER_LOG" | head -1)
}

stop_peer() { # name phase: stops the peer started last and keeps its logs in the run's folder
  stop "$PEER_PID"
  mkdir -p "$WORK/peer-$1-$2-logs"
  cp -r "$PEER_DIR/logs/." "$WORK/peer-$1-$2-logs/" 2>/dev/null || true
  rm -rf "${PEER_DIR:?}"
}

# TANGO's OIP REST JSON rows, batching off (plugin-local's defaults): c16 and c64 for the serve phase and the peers.
load_tango_oip_off() { # phase
  if start_tango_oip tango-oip && check_answer "$1" tango "$TANGO_URL" /v2/models/linear/infer "$OIP_BODY" \
      && check_answer "$1" tango-mlflow "$TANGO_URL" /invocations/linear "$LINEAR_MLFLOW_BODY"; then
    [ "$1" = serve-tango ] && load_wrk serve-mlflow "$TANGO_URL/invocations/linear" "$WORK/linear-mlflow.lua" "$SERVE_CONNECTIONS_LOW"
    load_wrk serve-oip "$TANGO_URL/v2/models/linear/infer" "$WORK/oip.lua" "$SERVE_CONNECTIONS_LOW"
    load_wrk serve-oip "$TANGO_URL/v2/models/linear/infer" "$WORK/oip.lua" "$SERVE_CONNECTIONS_HIGH"
  elif ! grep -q "^$1	" "$WORK/skipped.tsv"; then
    skip "$1" "TANGO's OipServingMain did not serve: $(grep -m1 -E 'Exception|Error' "$WORK/tango-oip.log" | cut -c1-300)"
  fi
  stop "$TANGO_PID"
}

if ! wanted serve; then
  skip serve-ceiling "not asked for (--only${ONLY//,/ })"
  skip serve-tango "not asked for (--only${ONLY//,/ })"
  skip serve-batched "not asked for (--only${ONLY//,/ })"
elif ! ensure_tool wrk; then
  skip serve-ceiling "wrk is not installed and could not be installed"
elif wait_quiet serve-ceiling; then
  port=$(free_port)
  setsid "$JAVA" -cp "$CP" io.tango.bench.serve.HelloWorldServerMain "$port" > "$WORK/hello-world.log" 2>&1 &
  pid=$!
  STARTED+=("$pid")
  if await_http "http://127.0.0.1:$port/" 60 "$pid" && [[ "$(curl -s "http://127.0.0.1:$port/")" == '{"ok":true}' ]]; then
    say "the hello-world ceiling answers $(curl -s "http://127.0.0.1:$port/")"
    load_wrk serve-ceiling "http://127.0.0.1:$port/" "$WORK/oip.lua" "$SERVE_CONNECTIONS_LOW"
    load_wrk serve-ceiling "http://127.0.0.1:$port/" "$WORK/oip.lua" "$SERVE_CONNECTIONS_HIGH"
  else
    skip serve-ceiling "HelloWorldServerMain did not answer (see $WORK/hello-world.log)"
  fi
  stop "$pid"
  if wait_quiet serve-tango; then
    load_tango_oip_off serve-tango
  fi
  if wait_quiet serve-batched; then
    printf '%s\n' "${BATCH_CONFIG[@]}" > "$WORK/serve-batched.conf"
    if start_tango_oip tango-batched "${BATCH_CONFIG[@]}" \
        && check_answer serve-batched tango-batched "$TANGO_URL" /v2/models/linear/infer "$OIP_BODY"; then
      load_wrk serve-batched "$TANGO_URL/v2/models/linear/infer" "$WORK/oip.lua" "$SERVE_CONNECTIONS_HIGH"
    elif ! grep -q "^serve-batched	" "$WORK/skipped.tsv"; then
      skip serve-batched "OipServingMain ${BATCH_CONFIG[*]} did not serve: $(grep -m1 -E 'Exception|Error' \
          "$WORK/tango-batched.log" | cut -c1-300)"
    fi
    stop "$TANGO_PID"
  fi
fi

# ---------------------------------------------------------------------------------------------------- the OIP peers
# Triton (PyTriton, dynamic batching on), KServe ModelServer and MLServer (its scikit-learn twin), each started from
# the testkit's cached venv by PeerServerMain, checked, then loaded with the same one-row OIP JSON body as TANGO.
if ! wanted peers; then
  for peer in triton kserve mlserver; do skip "peers-$peer" "not asked for (--only${ONLY//,/ })"; done
elif ! ensure_tool wrk; then
  skip peers-triton "wrk is not installed and could not be installed"
else
  # TANGO's side of these rows is the serve phase's batching-off OIP server; measured here when serve did not run.
  if ! ls "$WORK"/wrk-serve-oip-c"$SERVE_CONNECTIONS_HIGH"-*.txt > /dev/null 2>&1 && wait_quiet peers-tango; then
    load_tango_oip_off peers-tango
  fi
  for peer in triton kserve mlserver; do
    if ! start_peer "$peer" peers; then
      skip "peers-$peer" "PeerServerMain $peer did not start: $(grep -m1 -E 'Exception|Error' "$PEER_LOG" | cut -c1-300)"
    elif check_answer "peers-$peer" "$peer" "$PEER_URL" "/v2/models/$PEER_MODEL/infer" "$OIP_BODY" \
        && wait_quiet "peers-$peer"; then
      load_wrk "peer-$peer" "$PEER_URL/v2/models/$PEER_MODEL/infer" "$WORK/oip.lua" "$SERVE_CONNECTIONS_LOW"
      load_wrk "peer-$peer" "$PEER_URL/v2/models/$PEER_MODEL/infer" "$WORK/oip.lua" "$SERVE_CONNECTIONS_HIGH"
    fi
    stop_peer "$peer" peers
  done
fi

# ------------------------------------------------------------------------------------------------------ OIP gRPC
# GrpcLoadMain (Java, async ModelInfer with raw_input_contents, every answer checked) against TANGO's gRPC port and
# Triton's, same concurrency and durations; one JSON line per run in grpc-<server>-<i>.json.
GRPC_CONCURRENCY=${SERVE_CONNECTIONS_LOW}
load_grpc() { # name target model
  for i in $(seq 1 "$WRK_RUNS"); do
    if "$JAVA" -cp "$CP" io.tango.bench.grpc.GrpcLoadMain "$2" "$3" "$GRPC_CONCURRENCY" "$WRK_WARMUP" "$WRK_SECONDS" \
        > "$WORK/grpc-$1-$i.json" 2>> "$LOG"; then
      say "gRPC $1 run $i: $(cat "$WORK/grpc-$1-$i.json")"
    else
      skip "grpc-$1" "GrpcLoadMain against $1 failed or got wrong answers: $(cut -c1-300 "$WORK/grpc-$1-$i.json")"
      rm -f "$WORK/grpc-$1-$i.json"
      return
    fi
  done
}
if ! wanted grpc; then
  skip grpc-tango "not asked for (--only${ONLY//,/ })"
  skip grpc-triton "not asked for (--only${ONLY//,/ })"
else
  if wait_quiet grpc-tango; then
    grpc_port=$(free_port)
    if start_tango_oip tango-grpc "grpc_port=$grpc_port"; then
      load_grpc tango "127.0.0.1:$grpc_port" linear
    else
      skip grpc-tango "OipServingMain grpc_port=$grpc_port did not serve (see $WORK/tango-grpc.log)"
    fi
    stop "$TANGO_PID"
  fi
  if ! start_peer triton grpc; then
    skip grpc-triton "PeerServerMain triton did not start: $(grep -m1 -E 'Exception|Error' "$PEER_LOG" | cut -c1-300)"
  elif wait_quiet grpc-triton; then
    load_grpc triton "$PEER_GRPC" "$PEER_MODEL"
  fi
  stop_peer triton grpc
fi

# ---------------------------------------------------------------------------------------------------------- report
$QUICK && DATE="$DATE-quick"
"$JAVA" -cp "$CP" io.tango.bench.report.BenchReport "$WORK" "$RESULTS/$DATE.json" "$RESULTS/$DATE.md" "$COMMAND" | tee -a "$LOG"
say "results: $RESULTS/$DATE.json and $RESULTS/$DATE.md; raw outputs in $WORK"

# A full run (not --quick, not --only) also becomes BENCHMARKS.md's "Latest run": the table between its two markers is
# replaced by this run's Markdown, so what BENCHMARKS.md shows is always the output of the documented command.
if ! $QUICK && [ -z "$ONLY" ] && [ -f "$REPO/BENCHMARKS.md" ]; then
  python3 - "$REPO/BENCHMARKS.md" "$RESULTS/$DATE.md" "bench/results/$DATE" <<'PY'
import sys
doc_path, table_path, stem = sys.argv[1:4]
start, end = "<!-- latest-run:start -->", "<!-- latest-run:end -->"
doc = open(doc_path, encoding="utf-8").read()
if start not in doc or end not in doc:
    sys.exit("BENCHMARKS.md has no latest-run markers; paste " + table_path + " by hand")
table = open(table_path, encoding="utf-8").read().strip()
body = f"{start}\n_Written by `bench/run.sh` from `{stem}.md` (every number: `{stem}.json`)._\n\n{table}\n{end}"
head, rest = doc.split(start, 1)
open(doc_path, "w", encoding="utf-8").write(head + body + rest.split(end, 1)[1])
PY
  say "BENCHMARKS.md: 'Latest run' replaced by this run's table"
fi
