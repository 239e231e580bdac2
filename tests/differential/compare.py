"""Structural comparison of two JSON values, the difference records and the allow-list."""
import dataclasses
import fnmatch
import json

ABSENT = "<absent>"


@dataclasses.dataclass
class Difference:
    case: str
    obj: str      # e.g. rgd/xa-webapp, crd/..., instance/ns/name, child/Deployment/ns/name
    path: str
    upstream: object
    ours: object
    allowed: str = ""  # the allow-list's reason, when listed
    note: str = ""     # e.g. a mutant's typo


def _keyed_by_type(items):
    """Condition-like lists are compared by type: their order follows transition times."""
    if items and all(isinstance(i, dict) and isinstance(i.get("type"), str) for i in items):
        keys = [i["type"] for i in items]
        if len(set(keys)) == len(keys):
            return dict(zip(keys, items))
    return None


def _diff_maps(a, b, name_of):
    out = []
    for k in sorted(set(a) | set(b)):
        sub = name_of(k)
        if k not in a or k not in b:
            out.append((sub, a.get(k, ABSENT), b.get(k, ABSENT)))
        else:
            out.extend(diff(a[k], b[k], sub))
    return out


def diff(a, b, path=""):
    """[(path, upstream value, our value)] of every leaf-most place where a and b differ.

    A key or list item present on one side only is one difference holding the whole value; lists
    of different lengths are one difference too (an index-wise walk would blame every item after
    an insertion).
    """
    if isinstance(a, dict) and isinstance(b, dict):
        return _diff_maps(a, b, lambda k: f"{path}.{k}" if path else k)
    if isinstance(a, list) and isinstance(b, list):
        ka, kb = _keyed_by_type(a), _keyed_by_type(b)
        if ka is not None and kb is not None:
            return _diff_maps(ka, kb, lambda k: f"{path}[type={k}]")
        if len(a) == len(b):
            out = []
            for i, (x, y) in enumerate(zip(a, b)):
                out.extend(diff(x, y, f"{path}[{i}]"))
            return out
    if a != b:
        return [(path or ".", a, b)]
    return []


def load_allow_list(path):
    """Entries `case-glob | object-glob | path-glob | reason` (fnmatch globs); # comments."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|", 3)]
            if len(parts) != 4 or not parts[3]:
                raise ValueError(f"{path}:{number}: want 'case | object | path | reason'")
            entries.append(parts)
    return entries


def allowed_reason(entries, d):
    for case, obj, path, reason in entries:
        if fnmatch.fnmatchcase(d.case, case) and fnmatch.fnmatchcase(d.obj, obj) \
                and fnmatch.fnmatchcase(d.path, path):
            return reason
    return ""


def show(value, limit=800):
    text = value if isinstance(value, str) and value == ABSENT else json.dumps(value,
                                                                               sort_keys=True)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def block(d):
    lines = [f"--- {d.case}  {d.obj}"]
    if d.note:
        lines.append(f"    typo:     {d.note}")
    lines += [f"    path:     {d.path}",
             f"    upstream: {show(d.upstream)}", f"    ours:     {show(d.ours)}"]
    if d.allowed:
        lines.append(f"    allowed:  {d.allowed}")
    return "\n".join(lines)
