"""Runs scenarios with the real Python client devo-mlmodelmanager and writes each outcome as JSON.

Usage: python devo_scenarios.py <scenarios.json> <outcomes.json>

Each scenario builds a client (or reads a profile) and runs one operation; its outcome is "ok" with a result, or the
kind of error raised. The Java fidelity test runs the same scenarios with the Java client and compares the outcomes.
"""
import hashlib
import json
import os
import sys

import requests

from devo_ml.modelmanager import Client, LegacyClient
from devo_ml.modelmanager import create_client_from_profile, create_client_from_token
from devo_ml.modelmanager import error
from devo_ml.modelmanager.auth import create_auth_from_token
from devo_ml.modelmanager.downloader import FileSystemDownloader
from devo_ml.modelmanager.profile import read_profile_from_file


def make_client(spec):
    kwargs = {}
    if spec.get("timeout") is not None:
        kwargs["timeout"] = spec["timeout"]
    kind = spec["kind"]
    if kind == "from_token":
        return create_client_from_token(spec["url"], spec["token"], auth_type=spec.get("auth_type"),
                                        download_path=spec.get("download_path"), **kwargs)
    if kind == "from_profile":
        return create_client_from_profile(spec["profile"], path=spec.get("path"), **kwargs)
    auth = create_auth_from_token(spec["token"], auth_type=spec.get("auth_type") or "standalone")
    downloader = FileSystemDownloader(spec["download_path"]) if spec.get("download_path") else None
    if kind == "latest":
        return Client(spec["url"], auth, downloader=downloader, **kwargs)
    if kind == "legacy":
        return LegacyClient(spec["url"], spec["domain"], auth, downloader=downloader, **kwargs)
    raise AssertionError("unknown client kind " + kind)


def relative(path, work):
    path = str(path)
    return "<work>" + path[len(work):] if path.startswith(work) else path


def describe(model, work):
    if model is None:
        return None
    record = dict(model)
    file = record.pop("file", None)
    described = {"record": record, "file": None}
    if file is not None:
        with open(file, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        described["file"] = {"path": relative(file, work), "sha256": digest}
    return described


def run(step, work):
    op = step["op"]
    if op == "read_profile":
        os.chdir(step["cwd"])
        os.environ["HOME"] = step["home"]
        profile = read_profile_from_file(step["profile"], path=step.get("path"))
        return {
            "url": profile["url"].rstrip("/"),
            "token": profile["token"],
            "auth_type": profile["auth_type"],
            "download_path": relative(profile["download_path"], work) if profile["download_path"] else None,
        }
    if step["client"]["kind"] == "from_profile":
        os.chdir(step["cwd"])
        os.environ["HOME"] = step["home"]
    client = make_client(step["client"])
    if op == "none":
        return None
    if op == "get_models":
        return sorted(client.get_models(), key=lambda model: model["name"])
    if op == "get_model":
        return describe(client.get_model(step["name"], download_file=step.get("download")), work)
    if op == "find_model":
        return describe(client.find_model(step["name"], download_file=step.get("download")), work)
    if op == "add_model":
        kwargs = {}
        if "description" in step:
            kwargs["description"] = step["description"]
        if step.get("force"):
            kwargs["force"] = True
        return client.add_model(step["name"], step["engine"], step["file"], **kwargs)
    raise AssertionError("unknown operation " + op)


def classify(e):
    if isinstance(e, error.TokenError):
        return "token-error"
    if isinstance(e, error.ModelNotFound):
        return "model-not-found"
    if isinstance(e, error.ModelAlreadyExists):
        return "model-already-exists"
    if isinstance(e, error.ProfileValueRequired):
        return "profile-value-required"
    if isinstance(e, error.ProfileError):
        return "profile-error"
    if isinstance(e, error.ModelManagerError):
        if isinstance(e.__cause__, requests.RequestException):
            return "transport-error"
        # The Python client raises ModelManagerError for its own argument checks too; Java raises
        # IllegalArgumentException for those, so both are "value-error".
        if e.code == 0 and str(e).startswith(("Invalid url", "Invalid name")):
            return "value-error"
        return "model-manager-error:%d" % e.code
    if isinstance(e, ValueError):
        return "value-error"
    if isinstance(e, FileNotFoundError):
        return "file-not-found"
    return "unexpected:" + type(e).__name__


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        document = json.load(f)
    work = document["work"]
    outcomes = []
    for step in document["scenarios"]:
        try:
            outcomes.append({"id": step["id"], "outcome": "ok", "result": run(step, work)})
        except Exception as e:  # every outcome is recorded, none stops the run
            outcomes.append({"id": step["id"], "outcome": classify(e), "result": None, "message": str(e)})
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(outcomes, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
