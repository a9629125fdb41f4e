"""A minimal model without a response schema (DEEPaaS wraps its output in {"status", "predictions"}) and without
training (DEEPaaS answers 501). Its display name differs from its entry-point name on purpose."""

import time

from marshmallow import fields


def get_metadata():
    return {
        "id": "echo-1",
        "name": "Echo",
        "description": "Repeats its text.",
    }


def get_predict_args():
    return {
        "text": fields.Str(required=True, metadata={"description": "The text to repeat; 'fail' makes it fail"}),
        "times": fields.Int(load_default=2, metadata={"description": "How often"}),
        "delay": fields.Float(load_default=0.0, metadata={"description": "Seconds to wait before answering"}),
    }


def predict(**kwargs):
    time.sleep(kwargs["delay"])
    if kwargs["text"] == "fail":
        raise RuntimeError("the echo model was asked to fail")
    return {"echo": " ".join([kwargs["text"]] * kwargs["times"])}
