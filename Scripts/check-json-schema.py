#!/usr/bin/env python3
"""Judges nianbao's JSON against docs/report.schema.json with the jsonschema package (draft 2020-12).

Usage: Scripts/check-json-schema.py SCHEMA FILE...
A file holding an array (check --json, rollup --each-folder --json) has each entry judged: an object with "members"
(rollup --json) against $defs/rollup, one with "folder" and "error" (a county not written) against
$defs/rollup_failed, any other object (check --json, convert --to json) against the schema.
Exit 0 when every file conforms, 1 when one does not, 3 when jsonschema is not installed."""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("check-json-schema: python3 jsonschema is not installed (Scripts/install-judges.sh)", file=sys.stderr)
    sys.exit(3)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
entry = jsonschema.Draft202012Validator(schema)
rollup = jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/rollup"})
failed = jsonschema.Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/rollup_failed"})


def judge_of(item):
    if "members" in item:
        return rollup
    return failed if "folder" in item and "error" in item else entry


failures = 0
for path in sys.argv[2:]:
    document = json.load(open(path, encoding="utf-8"))
    judged = [(judge_of(item), item) for item in (document if isinstance(document, list) else [document])]
    for judge, item in judged:
        for error in judge.iter_errors(item):
            failures += 1
            where = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: {item.get('source', item.get('folder', '?'))}: /{where}: {error.message[:300]}")
    print(f"{path}: {len(judged)} judged")
sys.exit(1 if failures else 0)
