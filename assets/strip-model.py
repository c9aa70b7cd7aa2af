#!/usr/bin/env python3
"""Writes assets/connectcases-model.json: the Connect Cases API model without `documentation` keys.

Usage: python3 assets/strip-model.py ../shared/reference/connectcases-2022-10-03.service-2.json
The test `spec::tests::committed_model_is_the_stripped_reference` checks the result.
"""
import json
import pathlib
import sys


def strip(value):
    if isinstance(value, dict):
        return {k: strip(v) for k, v in value.items() if k != "documentation"}
    if isinstance(value, list):
        return [strip(v) for v in value]
    return value


src = sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/connectcases-2022-10-03.service-2.json"
model = strip(json.loads(pathlib.Path(src).read_text()))
out = pathlib.Path(__file__).with_name("connectcases-model.json")
out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n")
