"""Checks a server's answer before bench/run.sh loads it: POSTs the body (JSON) to the URL until the server answers
(up to DEADLINE seconds, for a model still loading), then compares every number of the answer's prediction with the
expected values. OIP answers: the first output's "data"; MLflow answers: "predictions", flattened.
Prints the answer; exits 0 when it matches (within 1e-4), 1 otherwise.
Usage: check_answer.py URL BODY EXPECTED(comma-separated) [DEADLINE seconds, default 120]
"""
import json
import sys
import time
import urllib.error
import urllib.request


def flatten(value):
    if isinstance(value, list):
        return [number for item in value for number in flatten(item)]
    return [value]


def numbers(answer):
    if "outputs" in answer:
        return flatten(answer["outputs"][0]["data"])
    if "predictions" in answer:
        return flatten(answer["predictions"])
    raise ValueError("neither 'outputs' nor 'predictions'")


def main():
    url, body, expected = sys.argv[1], sys.argv[2].encode(), [float(v) for v in sys.argv[3].split(",")]
    deadline = time.monotonic() + (float(sys.argv[4]) if len(sys.argv) > 4 else 120)
    text = None
    while True:
        request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                break
        except (urllib.error.URLError, ConnectionError) as error:
            text = str(error)
            if isinstance(error, urllib.error.HTTPError):
                text += ": " + error.read().decode(errors="replace")
            if time.monotonic() > deadline:
                print(text)
                return 1
            time.sleep(1)
    print(text)
    try:
        actual = [float(v) for v in numbers(json.loads(text))]
    except (ValueError, KeyError, IndexError, TypeError) as error:
        print("not an answer with predictions: %s" % error)
        return 1
    if len(actual) != len(expected) or any(abs(a - e) > 1e-4 for a, e in zip(actual, expected)):
        print("expected %s" % expected)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
