#!/usr/bin/env python3
"""Snapshots and compares the objects of the migration test (tests/migration/migrate.sh).

  snapshot.py take OUT.json LIST.json...   merge kubectl `get -o json` lists into one snapshot
  snapshot.py compare BEFORE.json AFTER.json LABEL
      prints every object that was written between the snapshots (its resourceVersion moved),
      created or deleted, with the paths that changed, and a last line
      "LABEL: N objects, M written, C created, D deleted"; exits 1 when a write is not allowed.

A write is allowed only where docs/controller.md ("Taking over from upstream") says so; the
allow-list below names each with its reason. Everything else a controller writes on a take-over
is a failure: a drop-in replacement leaves what the other one made untouched.
"""
import json
import re
import sys

# (comparison label, kind, changed path without list indexes) a take-over may write, with the
# reason (docs/controller.md, "Taking over from upstream").
ALLOWED = {
    ("kro-cpp -> upstream", "ResourceGraphDefinition", "status.conditions.lastTransitionTime"):
        "upstream re-warms its GraphRevision registry after any restart of its own too: "
        "GraphRevisionsResolved goes Unknown, then True again with a new transition time, "
        "which also moves it in the time-ordered list",
    ("kro-cpp -> upstream", "ResourceGraphDefinition", "status.conditions.message"):
        "the same reordering of upstream's conditions",
    ("kro-cpp -> upstream", "ResourceGraphDefinition", "status.conditions.reason"):
        "the same reordering of upstream's conditions",
    ("kro-cpp -> upstream", "ResourceGraphDefinition", "status.conditions.type"):
        "the same reordering of upstream's conditions",
}

VOLATILE = ("metadata.resourceVersion", "metadata.managedFields")


def key(obj):
    meta = obj.get("metadata", {})
    return "%s %s/%s" % (obj.get("kind", "?"), meta.get("namespace", ""), meta.get("name", ""))


def take(out, lists):
    objects = {}
    for path in lists:
        with open(path) as f:
            data = json.load(f)
        for obj in data.get("items", [data]):
            objects[key(obj)] = obj
    with open(out, "w") as f:
        json.dump(objects, f, indent=1, sort_keys=True)


def paths(a, b, prefix=""):
    """The dotted paths where a and b differ (leaves, or the first level where types differ)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            p = prefix + "." + k if prefix else k
            if k not in a or k not in b:
                out.append(p)
            else:
                out.extend(paths(a[k], b[k], p))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(paths(x, y, "%s[%d]" % (prefix, i)))
        return out
    return [] if a == b else [prefix]


def compare(before_path, after_path, label):
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    written = created = deleted = 0
    failed = False
    for k in sorted(set(before) | set(after)):
        if k not in after:
            print("deleted  %s" % k)
            deleted += 1
            failed = True
            continue
        if k not in before:
            print("created  %s" % k)
            created += 1
            failed = True
            continue
        a, b = before[k], after[k]
        if a["metadata"].get("resourceVersion") == b["metadata"].get("resourceVersion"):
            continue
        written += 1
        changed = [p for p in paths(a, b) if not p.startswith(VOLATILE)]
        kind = b.get("kind", "?")
        rules = [(label, kind, unindexed(p)) for p in changed]
        reasons = {ALLOWED[r] for r in rules if r in ALLOWED}
        allowed = bool(changed) and all(r in ALLOWED for r in rules)
        print("%s %s" % ("written " if allowed else "WRITTEN ", k))
        for p in changed:
            print("    %s: %s -> %s" % (p, json.dumps(lookup(a, p))[:120], json.dumps(lookup(b, p))[:120]))
        if not changed:
            print("    (only resourceVersion/managedFields moved)")
        for r in sorted(reasons):
            print("    allowed: %s" % r)
        failed = failed or not allowed
    print("%s: %d objects, %d written, %d created, %d deleted" %
          (label, len(after), written, created, deleted))
    return 1 if failed else 0


def unindexed(path):
    """status.conditions[3].type -> status.conditions.type"""
    return re.sub(r"\[\d+\]", "", path)


def lookup(obj, path):
    cur = obj
    for part in path.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("["):
            idx = int(part[1:-1])
            cur = cur[idx] if isinstance(cur, list) and idx < len(cur) else None
        else:
            cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def main(argv):
    if len(argv) >= 3 and argv[1] == "take":
        take(argv[2], argv[3:])
        return 0
    if len(argv) == 5 and argv[1] == "compare":
        return compare(argv[2], argv[3], argv[4])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
