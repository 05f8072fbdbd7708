#!/usr/bin/env python3
"""Judges nianbao's JSON against docs/report.schema.json with the jsonschema package (draft 2020-12).

Usage: Scripts/check-json-schema.py SCHEMA FILE...
A file holding an array (check --json) has each entry judged against the schema; an object with "members"
(rollup --json) against $defs/rollup; any other object (convert --to json) against the schema.
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
failures = 0
for path in sys.argv[2:]:
    document = json.load(open(path, encoding="utf-8"))
    judged = [(entry, item) for item in document] if isinstance(document, list) else \
        [(rollup if "members" in document else entry, document)]
    for validator, item in judged:
        for error in validator.iter_errors(item):
            failures += 1
            where = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: {item.get('source', '?')}: /{where}: {error.message[:300]}")
    print(f"{path}: {len(judged)} judged")
sys.exit(1 if failures else 0)
