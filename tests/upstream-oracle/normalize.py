#!/usr/bin/env python3
"""Reads `kubectl get -o json` output on stdin, writes stable YAML on stdout.

Values that change from run to run are replaced by placeholders so that two captures of the same
scenario give the same files: UIDs -> <uid>, RFC 3339 times -> <time>, Service cluster IPs ->
<ip>. metadata.resourceVersion is dropped; everything else (managedFields included, with their
times replaced) is kept, because which field manager wrote what is part of the oracle. The API
server orders managedFields by write time, which ties within a second, so they are sorted by
manager, operation and subresource. Condition lists are ordered by lastTransitionTime upstream
(root condition last), which depends on timing at second resolution, so they are sorted by type.
"""
import json
import re
import sys

import yaml

UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IP_KEYS = {"clusterIP", "clusterIPs"}


def field_manager_key(entry):
    return (entry.get("manager", ""), entry.get("operation", ""), entry.get("subresource", ""))


def scrub(value, key=None):
    if isinstance(value, dict):
        # Keys too: managedFields name list items by UID (k:{"uid":"..."}).
        return {UID.sub("<uid>", k): scrub(v, k) for k, v in value.items() if k != "resourceVersion"}
    if isinstance(value, list):
        items = [scrub(v, key) for v in value]
        if key == "managedFields":
            items.sort(key=field_manager_key)
        elif key == "conditions" and all(isinstance(c, dict) and "type" in c for c in items):
            items.sort(key=lambda c: c["type"])
        return items
    if isinstance(value, str):
        if key in IP_KEYS and value != "None":
            return "<ip>"
        if TIME.match(value):
            return "<time>"
        return UID.sub("<uid>", value)
    return value


doc = scrub(json.load(sys.stdin))
if doc.get("kind", "").endswith("List") and "items" in doc:
    doc.pop("metadata", None)
yaml.safe_dump(doc, sys.stdout, sort_keys=True, default_flow_style=False, width=100)
