#!/usr/bin/env python3
"""Reads `kubectl get -o json` output on stdin, writes stable YAML on stdout.

Values that change from run to run are replaced by placeholders so that two captures of the same
scenario give the same files: UIDs -> <uid>, RFC 3339 times -> <time>, Service cluster IPs ->
<ip>. metadata.resourceVersion is dropped; everything else (managedFields included, with their
times replaced) is kept, because which field manager wrote what is part of the oracle.
"""
import json
import re
import sys

import yaml

UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IP_KEYS = {"clusterIP", "clusterIPs"}


def scrub(value, key=None):
    if isinstance(value, dict):
        return {k: scrub(v, k) for k, v in value.items() if k != "resourceVersion"}
    if isinstance(value, list):
        return [scrub(v, key) for v in value]
    if isinstance(value, str):
        if key in IP_KEYS and value != "None":
            return "<ip>"
        if UID.match(value):
            return "<uid>"
        if TIME.match(value):
            return "<time>"
    return value


doc = scrub(json.load(sys.stdin))
if doc.get("kind", "").endswith("List") and "items" in doc:
    doc.pop("metadata", None)
yaml.safe_dump(doc, sys.stdout, sort_keys=True, default_flow_style=False, width=100)
