"""Normalisation: what may legitimately differ between two clusters is replaced or dropped.

The rules are those of tests/upstream-oracle/normalize.py, applied to JSON in memory: UIDs (also
inside strings and map keys) -> <uid>, RFC 3339 times -> <time>, Service cluster IPs -> <ip>,
node ports -> <port>, resourceVersion dropped. managedFields are reduced to the sorted list of
"manager operation subresource" (which field manager wrote, and how; not when, nor the
fieldsV1 set, whose key order follows write order), and condition lists are keyed by type by
compare.py, since their order follows transition times at second resolution.
"""
import re

UID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
IP_KEYS = {"clusterIP", "clusterIPs"}
PORT_KEYS = {"nodePort", "healthCheckNodePort"}  # allocated at random by the API server
# Per-object bookkeeping of the API server: differs between any two clusters.
VOLATILE_METADATA = ("uid", "resourceVersion", "creationTimestamp", "selfLink")


def scrub(value, key=None):
    if isinstance(value, dict):
        return {UID.sub("<uid>", k): scrub(v, k) for k, v in value.items()
                if k != "resourceVersion"}
    if isinstance(value, list):
        return [scrub(v, key) for v in value]
    if key in PORT_KEYS and isinstance(value, int):
        return "<port>"
    if isinstance(value, str):
        if key in IP_KEYS and value != "None":
            return "<ip>"
        if TIME.match(value):
            return "<time>"
        return UID.sub("<uid>", value)
    return value


def managers(obj):
    """The sorted "manager operation [subresource]" entries of an object's managedFields."""
    out = []
    for entry in obj.get("metadata", {}).get("managedFields", []) or []:
        words = [entry.get("manager", ""), entry.get("operation", "")]
        if entry.get("subresource"):
            words.append(entry["subresource"])
        out.append(" ".join(words))
    return sorted(out)


def object_view(obj):
    """An object as compared: everything but the API server's bookkeeping, scrubbed."""
    obj = dict(obj)
    meta = dict(obj.get("metadata", {}))
    for k in VOLATILE_METADATA + ("managedFields",):
        meta.pop(k, None)
    meta["managedFields"] = managers(obj)
    obj["metadata"] = meta
    return scrub(obj)
