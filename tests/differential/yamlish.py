"""YAML without PyYAML: reading through kubectl, writing with a small block-style emitter.

A fresh machine has python3 but no PyYAML, and the harness must not need more. kubectl parses
YAML exactly as the API clients of both controllers' users do, so it is the reader; the writer
only has to produce text that kubectl reads back to the same JSON, one scalar per line, so that
line-level mutations (corpus.py) stay meaningful.
"""
import json
import re
import subprocess

# Keys kubectl's YAML 1.1 reader would turn into booleans or null unless quoted.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-/]*")


class YamlError(Exception):
    """kubectl could not read a file (its message, with the file path in it)."""


def load_file(kubectl, path):
    """Every document of a YAML file as JSON objects (a `kind: List` is flattened).

    `kubectl label --local` reads files without a server and without knowing the kinds; removing
    a label that is not there changes nothing but may leave an empty `labels` map, dropped here.
    """
    proc = subprocess.run([kubectl, "label", "--local", "-o", "json", "-f", path,
                           "kro-differential-none-"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise YamlError(proc.stderr.strip())
    docs = []
    decoder = json.JSONDecoder()
    text, pos = proc.stdout, 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        doc, pos = decoder.raw_decode(text, pos)
        docs.extend(_flatten(doc))
    for doc in docs:
        meta = doc.get("metadata", {})
        if meta.get("labels") == {}:
            del meta["labels"]
    return docs


def _flatten(doc):
    if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
        return [d for item in doc["items"] for d in _flatten(item)]
    return [doc]


def _key(k):
    if _PLAIN_KEY.fullmatch(k) and k.lower() not in _RESERVED:
        return k
    return json.dumps(k)


def _scalar(v):
    # JSON scalars are YAML flow scalars; strings are double-quoted so no value is misread.
    return json.dumps(v)


def _emit(value, indent):
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                lines.append(f"{pad}{_key(k)}:")
                lines.extend(_emit(v, indent + 2))
            else:
                lines.append(f"{pad}{_key(k)}: {_scalar(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                inner = _emit(item, indent + 2)
                # The item's first line carries the dash in place of its indentation.
                inner[0] = f"{pad}- {inner[0][indent + 2:]}"
                lines.extend(inner)
            else:
                lines.append(f"{pad}- {_scalar(item)}")
    else:
        lines.append(f"{pad}{_scalar(value)}")
    return lines


def dump(doc):
    """Block-style YAML of one JSON document, one scalar per line."""
    return "\n".join(_emit(doc, 0)) + "\n"


def dump_all(docs):
    return "---\n".join(dump(d) for d in docs)
