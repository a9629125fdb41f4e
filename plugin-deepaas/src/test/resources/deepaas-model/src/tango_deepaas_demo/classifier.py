"""A rule-based iris classifier with typed predict arguments, a file argument, a response schema and a slow,
cancellable training. DEEPaaS calls these module-level functions (the entry point is this module)."""

import hashlib
import time

from marshmallow import fields
from marshmallow import validate

_LABELS = ["setosa", "versicolor", "virginica"]

schema = {
    "status": fields.Str(required=True, metadata={"description": "Always 'OK'"}),
    "predictions": fields.List(
        fields.Nested(
            {
                "label": fields.Str(required=True),
                "probability": fields.Float(required=True),
            }
        ),
        required=True,
        metadata={"description": "The labels, most probable first"},
    ),
    "unit": fields.Str(required=True, metadata={"description": "The unit the lengths were given in"}),
    "attachment_sha256": fields.Str(
        allow_none=True, metadata={"description": "SHA-256 of the attachment, when one was sent"}
    ),
}


def get_metadata():
    return {
        "id": "iris-rules",
        "name": "Iris rules",
        "description": "Classifies iris flowers with three hand-written rules.",
        "author": "TANGO tests",
        "version": "1.2.0",
        "license": "Apache-2.0",
        "url": "https://example.invalid/iris-rules",
        "labels": list(_LABELS),
    }


def warm():
    pass


def get_predict_args():
    return {
        "petal_length": fields.Float(
            required=True, metadata={"description": "Petal length"}
        ),
        "petal_width": fields.Float(
            load_default=0.2, metadata={"description": "Petal width"}
        ),
        "unit": fields.Str(
            load_default="cm",
            validate=validate.OneOf(["cm", "mm"]),
            metadata={"description": "Unit of the lengths", "enum": ["cm", "mm"]},
        ),
        "top_k": fields.Int(
            load_default=1,
            validate=validate.Range(min=1, max=3),
            metadata={"description": "How many labels to return"},
        ),
        "calibrated": fields.Bool(
            load_default=False, metadata={"description": "Whether to sharpen the probabilities"}
        ),
        "attachment": fields.Field(
            required=False,
            metadata={
                "description": "Any file; its SHA-256 is echoed back",
                "location": "form",
                "type": "file",
            },
        ),
        "accept": fields.Str(
            metadata={"description": "Media type of the response", "location": "headers"},
            validate=validate.OneOf(["application/json", "text/plain"]),
        ),
    }


def _scores(length_cm, width_cm, calibrated):
    if length_cm < 2.5:
        scores = [0.90, 0.07, 0.03]
    elif length_cm < 5.0 and width_cm < 1.8:
        scores = [0.05, 0.85, 0.10]
    else:
        scores = [0.02, 0.18, 0.80]
    if calibrated:
        scores = [round(s * s / sum(x * x for x in scores), 4) for s in scores]
    return scores


def predict(**kwargs):
    factor = 10.0 if kwargs["unit"] == "mm" else 1.0
    scores = _scores(kwargs["petal_length"] / factor, kwargs["petal_width"] / factor, kwargs["calibrated"])
    ranked = sorted(zip(_LABELS, scores), key=lambda pair: -pair[1])[: kwargs["top_k"]]
    if kwargs.get("accept") == "text/plain":
        return ranked[0][0]
    attachment = kwargs.get("attachment")
    digest = None
    if attachment is not None:
        with open(attachment.filename, "rb") as data:
            digest = hashlib.sha256(data.read()).hexdigest()
    return {
        "status": "OK",
        "predictions": [{"label": label, "probability": score} for label, score in ranked],
        "unit": kwargs["unit"],
        "attachment_sha256": digest,
    }


def get_train_args():
    return {
        "epochs": fields.Int(
            required=True,
            validate=validate.Range(min=1),
            metadata={"description": "Number of epochs"},
        ),
        "epoch_seconds": fields.Float(
            load_default=0.2, metadata={"description": "How long one epoch takes, in seconds"}
        ),
        "learning_rate": fields.Float(
            load_default=0.1, metadata={"description": "Step size; above 1.0 the training fails"}
        ),
        "optimizer": fields.Str(
            load_default="sgd",
            validate=validate.OneOf(["sgd", "adam"]),
            metadata={"description": "Optimizer", "enum": ["sgd", "adam"]},
        ),
    }


def train(**kwargs):
    if kwargs["learning_rate"] > 1.0:
        raise ValueError("learning_rate must be at most 1.0, got %s" % kwargs["learning_rate"])
    for _ in range(kwargs["epochs"]):
        time.sleep(kwargs["epoch_seconds"])
    return {"accuracy": 0.96, "epochs": kwargs["epochs"], "optimizer": kwargs["optimizer"]}
