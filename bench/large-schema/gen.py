#!/usr/bin/env python3
"""Inputs of bench/large-schema/run: one CustomResourceDefinition with a large OpenAPI schema and
N ResourceGraphDefinitions whose resources are of that kind.

    gen.py --out DIR [--rgds N] [--schema-bytes B] [--seed S] [--same-ids]

Writes DIR/crd.json (kind BigThing, group largeschema.bench.kro.run, version v1, cluster
scoped) and DIR/rgds.yaml (N RGDs, one YAML stream). Everything is deterministic for a seed.

The schema is shaped like the CRDs of big cloud providers' operators (Crossplane or ACK
providers): spec.forProvider and status.atProvider hold deep trees of objects with many
properties each, string enums, integers, booleans, arrays of objects, string maps and a long
description on every node. Sections are added until the compact JSON of openAPIV3Schema reaches
--schema-bytes (default 1,000,000); descriptions are most of the bulk, so the CRD object's
managedFields (keys only) stay well below etcd's request limit.

Each RGD i (kind LargeSchemaApp<i>) has a BigThing `thing<i>` whose spec is set from the
instance's spec, and a ConfigMap whose data reads the region and eight string fields of the
BigThing (spec and status, chosen per RGD, most of them deep) and one integer field through
string(); its status reads the ARN and two more. Ids differ per RGD, as separate teams' RGDs would, so no two compiles share a resource id;
--same-ids names them `thing` and `config` in every RGD instead (the RGDs are otherwise the same).
"""
import argparse
import json
import os
import random

WORDS = (
    "the resource configuration provider region instance cluster network subnet security group "
    "policy role access key encryption storage bucket replica backup snapshot retention window "
    "maintenance endpoint port protocol certificate domain zone record value weight priority "
    "timeout interval threshold metric alarm notification topic queue stream shard capacity "
    "throughput version engine parameter option tag label annotation identifier reference "
    "selector match controller field required optional default when set is not supported"
).split()
ENUMS = [
    ["Enabled", "Disabled"],
    ["Standard", "Premium", "Basic", "Archive", "Intelligent"],
    ["TCP", "UDP", "HTTP", "HTTPS", "GRPC"],
    ["Create", "Update", "Delete", "Observe", "LateInitialize", "*"],
    ["Retain", "Snapshot", "Delete"],
    ["ipv4", "ipv6", "dualstack"],
]


def description(rng, lo=40, hi=300):
    n = rng.randint(lo, hi)
    out = []
    size = 0
    while size < n:
        w = rng.choice(WORDS)
        out.append(w)
        size += len(w) + 1
    text = " ".join(out)
    return text[0].upper() + text[1:] + "."


def leaf(rng, kind):
    if kind == "string":
        return {"type": "string", "description": description(rng)}
    if kind == "enum":
        return {"type": "string", "enum": list(rng.choice(ENUMS)), "description": description(rng)}
    if kind == "integer":
        return {"type": "integer", "format": "int64", "minimum": 0, "description": description(rng)}
    if kind == "boolean":
        return {"type": "boolean", "description": description(rng)}
    if kind == "map":
        return {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": description(rng),
        }
    raise ValueError(kind)


def tree(rng, depth, paths, prefix, width):
    """An object of `width` properties; below depth 0 only leaves. Appends (path, type) of every
    string and integer leaf outside arrays to `paths`."""
    props = {}
    for i in range(width):
        name = f"{rng.choice(WORDS)}{rng.choice(WORDS).capitalize()}{i}"
        roll = rng.random()
        if depth > 0 and roll < 0.25:
            props[name] = tree(rng, depth - 1, paths, prefix + [name], width)
        elif depth > 0 and roll < 0.32:
            props[name] = {
                "type": "array",
                "description": description(rng),
                "items": tree(rng, depth - 1, [], prefix + [name], max(3, width // 2)),
            }
        else:
            kind = rng.choice(["string", "string", "enum", "integer", "boolean", "map"])
            props[name] = leaf(rng, kind)
            if kind in ("string", "enum"):
                paths.append((prefix + [name], "string"))
            elif kind == "integer":
                paths.append((prefix + [name], "integer"))
    return {"type": "object", "description": description(rng), "properties": props}


def conditions():
    cond = {
        "type": "object",
        "required": ["type", "status"],
        "properties": {
            "type": {"type": "string"},
            "status": {"type": "string", "enum": ["True", "False", "Unknown"]},
            "reason": {"type": "string"},
            "message": {"type": "string"},
            "lastTransitionTime": {"type": "string", "format": "date-time"},
        },
    }
    return {"type": "array", "items": cond, "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["type"]}


def schema(rng, target):
    spec_paths, status_paths = [], []
    for_provider = {
        "type": "object",
        "description": description(rng),
        "required": ["region"],
        "properties": {
            "region": {"type": "string", "description": "Region of the resource."},
            "name": {"type": "string", "description": "Name of the resource at the provider."},
        },
    }
    at_provider = {
        "type": "object",
        "description": description(rng),
        "properties": {"arn": {"type": "string"}, "id": {"type": "string"}},
    }
    root = {
        "type": "object",
        "properties": {
            "apiVersion": {"type": "string"},
            "kind": {"type": "string"},
            "metadata": {"type": "object"},
            "spec": {
                "type": "object",
                "required": ["forProvider"],
                "properties": {
                    "forProvider": for_provider,
                    "managementPolicies": {
                        "type": "array",
                        "items": {"type": "string", "enum": ENUMS[3]},
                    },
                    "deletionPolicy": {"type": "string", "enum": ["Orphan", "Delete"]},
                },
            },
            "status": {
                "type": "object",
                "properties": {"atProvider": at_provider, "conditions": conditions()},
            },
        },
    }
    section = 0
    while len(json.dumps(root, separators=(",", ":"))) < target:
        # Three of every four sections go to spec, as in providers' CRDs.
        if section % 4 != 3:
            name = f"section{section}"
            for_provider["properties"][name] = tree(
                rng, 3, spec_paths, ["spec", "forProvider", name], 7)
        else:
            name = f"observed{section}"
            at_provider["properties"][name] = tree(
                rng, 3, status_paths, ["status", "atProvider", name], 7)
        section += 1
    return root, spec_paths, status_paths


def crd(root):
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "bigthings.largeschema.bench.kro.run"},
        "spec": {
            "group": "largeschema.bench.kro.run",
            "scope": "Cluster",
            "names": {"kind": "BigThing", "plural": "bigthings", "singular": "bigthing",
                      "listKind": "BigThingList"},
            "versions": [{
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}},
                "schema": {"openAPIV3Schema": root},
            }],
        },
    }


def expr_path(path):
    return ".".join(path)


def rgd(i, rng, spec_paths, status_paths, same_ids):
    tid = "thing" if same_ids else f"thing{i}"
    cid = "config" if same_ids else f"config{i}"
    strings = [p for p, t in spec_paths + status_paths if t == "string"]
    integers = [p for p, t in spec_paths + status_paths if t == "integer"]
    # The deepest fields first, so every RGD walks far into the tree.
    strings.sort(key=len, reverse=True)
    deep = strings[: max(40, len(strings) // 4)]
    reads = rng.sample(deep, 6) + rng.sample(strings, 2)
    number = rng.choice(integers)
    status_reads = rng.sample([p for p, t in status_paths if t == "string"], 2)
    lines = [
        "---",
        "apiVersion: kro.run/v1alpha1",
        "kind: ResourceGraphDefinition",
        "metadata:",
        f"  name: large-schema-{i}",
        "spec:",
        "  schema:",
        "    apiVersion: v1alpha1",
        f"    kind: LargeSchemaApp{i}",
        "    spec:",
        "      name: string",
        '      region: string | default="eu-west-1"',
        "    status:",
        f"      arn: ${{{tid}.status.atProvider.arn}}",
    ]
    for n, p in enumerate(status_reads):
        lines.append(f"      observed{n}: ${{{tid}.{expr_path(p)}}}")
    lines += [
        "  resources:",
        f"    - id: {tid}",
        "      template:",
        "        apiVersion: largeschema.bench.kro.run/v1",
        "        kind: BigThing",
        "        metadata:",
        "          name: ${schema.spec.name}",
        "        spec:",
        "          deletionPolicy: Delete",
        "          forProvider:",
        "            region: ${schema.spec.region}",
        "            name: ${schema.spec.name}",
        f"    - id: {cid}",
        "      template:",
        "        apiVersion: v1",
        "        kind: ConfigMap",
        "        metadata:",
        "          name: ${schema.spec.name}-config",
        "          namespace: default",
        "        data:",
        f"          region: ${{{tid}.spec.forProvider.region}}",
    ]
    for n, p in enumerate(reads):
        lines.append(f"          read{n}: ${{{tid}.{expr_path(p)}}}")
    lines.append(f"          number: ${{string({tid}.{expr_path(number)})}}")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--rgds", type=int, default=50)
    ap.add_argument("--schema-bytes", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=724)
    ap.add_argument("--same-ids", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    root, spec_paths, status_paths = schema(rng, a.schema_bytes)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "crd.json"), "w") as f:
        json.dump(crd(root), f, separators=(",", ":"))
    with open(os.path.join(a.out, "rgds.yaml"), "w") as f:
        for i in range(1, a.rgds + 1):
            f.write(rgd(i, rng, spec_paths, status_paths, a.same_ids))
    size = len(json.dumps(root, separators=(",", ":")))
    print(f"schema {size} bytes, {len(spec_paths)} spec and {len(status_paths)} status leaves, "
          f"{a.rgds} RGDs")


if __name__ == "__main__":
    main()
