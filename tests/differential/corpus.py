"""The corpus: every RGD of the repository plus seeded random typo mutants of the valid ones.

All of it is applied to one cluster at once, so every case gets a tag that makes its RGD names,
schema kinds (hence CRD names), instance namespace and cluster-scoped instance names unique; the
renaming is done consistently inside a case so that nested RGDs still find each other's kinds.
"""
import copy
import dataclasses
import glob
import os
import random
import re

import yamlish

RGD_KIND = "ResourceGraphDefinition"


@dataclasses.dataclass
class Unit:
    """One file applied on both sides: one document, or text kubectl may not even parse."""
    name: str           # file name in the work folder, unique
    text: str
    rgd_name: str = ""  # the RGD it should create, when known


@dataclasses.dataclass
class Case:
    name: str                 # e.g. golden/nested-rgd, error/cycle, mutant/0007-seed-application
    units: list
    rgds: list = dataclasses.field(default_factory=list)      # renamed RGD documents
    instance: dict = None     # renamed instance, namespace set
    observed: list = dataclasses.field(default_factory=list)  # externalRef targets to create
    namespaces: list = dataclasses.field(default_factory=list)
    mutation: str = ""        # what was changed, for mutants
    source: list = dataclasses.field(default_factory=list)    # RGDs before renaming


def _tag(index):
    """x, then base-26 letters: xa, xb, ... (letters only, so kinds stay UpperCamel-like)."""
    letters = ""
    n = index
    while True:
        letters = chr(ord("a") + n % 26) + letters
        n = n // 26
        if n == 0:
            break
    return "x" + letters


def _kind_prefix(tag, kind):
    # A prefix keeps the plural rules of the kind's end (Policy -> policies) and the case of the
    # first letter (an error case's lower-case kind must stay wrong).
    return (tag.capitalize() if kind[:1].isupper() else tag) + kind


def _group_of(api_version):
    return api_version.split("/")[0] if isinstance(api_version, str) and "/" in api_version else ""


def _rename_rgds(rgds, tag):
    """Renames RGD names and schema kinds (in place); returns {old kind: new kind}.

    A template is another RGD's instance only when its group is that RGD's group too: crd-extras
    defines a kind NetworkPolicy in its own group and templates networking.k8s.io's.
    """
    kinds = {}
    groups = {}
    for rgd in rgds:
        schema = rgd.get("spec", {}).get("schema", {})
        kind = schema.get("kind")
        if isinstance(kind, str) and kind:
            kinds[kind] = _kind_prefix(tag, kind)
            groups[kind] = schema.get("group", "kro.run")
    for rgd in rgds:
        meta = rgd.setdefault("metadata", {})
        if isinstance(meta.get("name"), str):
            meta["name"] = f"{tag}-{meta['name']}"
        schema = rgd.get("spec", {}).get("schema", {})
        if schema.get("kind") in kinds:
            schema["kind"] = kinds[schema["kind"]]
        # Two CRDs claiming one short name: the second never becomes Established.
        if isinstance(schema.get("shortNames"), list):
            schema["shortNames"] = [f"{tag}{n}" if isinstance(n, str) else n
                                    for n in schema["shortNames"]]
        for res in rgd.get("spec", {}).get("resources", []) or []:
            template = res.get("template") if isinstance(res, dict) else None
            if isinstance(template, dict) and template.get("kind") in kinds and \
                    _group_of(template.get("apiVersion")) == groups[template["kind"]]:
                template["kind"] = kinds[template["kind"]]
    return kinds


def _external_kinds(rgds):
    out = set()
    for rgd in rgds:
        for res in rgd.get("spec", {}).get("resources", []) or []:
            ref = res.get("externalRef") if isinstance(res, dict) else None
            if isinstance(ref, dict):
                out.add((ref.get("apiVersion"), ref.get("kind")))
    return out


def _cluster_scoped(rgds, kind):
    for rgd in rgds:
        schema = rgd.get("spec", {}).get("schema", {})
        if schema.get("kind") == kind:
            return schema.get("scope") == "Cluster"
    return False


def _place_instance(case, instance, observed, kinds, tag):
    """Puts the instance (and the externalRef targets) into the case's own namespace(s)."""
    instance = copy.deepcopy(instance)
    instance["kind"] = kinds.get(instance.get("kind"), instance.get("kind"))
    meta = instance.setdefault("metadata", {})
    home = f"{tag}-{case.name.split('/')[-1]}"[:63].rstrip("-")
    original_ns = meta.get("namespace", "default")
    ns_map = {original_ns: home}
    if _cluster_scoped(case.rgds, instance["kind"]):
        # Cluster-scoped instances (and their cluster-scoped children, named after them) of two
        # cases would collide: give the instance the tag too.
        meta.pop("namespace", None)
        meta["name"] = f"{tag}-{meta['name']}"
    else:
        meta["namespace"] = home
    wanted = _external_kinds(case.rgds)
    for obj in observed:
        if (obj.get("apiVersion"), obj.get("kind")) not in wanted:
            continue  # a simulated child for `kro render --observed`, not something to create
        obj = copy.deepcopy(obj)
        m = obj.setdefault("metadata", {})
        for volatile in ("uid", "resourceVersion", "creationTimestamp", "generation",
                         "managedFields"):
            m.pop(volatile, None)
        ns = m.get("namespace", original_ns)
        ns_map.setdefault(ns, f"{home}-{ns}"[:63].rstrip("-"))
        m["namespace"] = ns_map[ns]
        case.observed.append(obj)
    case.instance = instance
    case.namespaces = sorted(set(ns_map.values()))


def _load_docs(kubectl, paths):
    docs = []
    for path in paths:
        docs.extend(yamlish.load_file(kubectl, path))
    return docs


def _original_case(kubectl, name, rgd_paths, instance_path, observed_paths, tag):
    """A case of the repository, renamed with `tag`; an unreadable file becomes raw text."""
    try:
        rgds = _load_docs(kubectl, rgd_paths)
    except yamlish.YamlError:
        # Not YAML at all (errors/yaml-syntax.yaml): both sides must reject the same text.
        text = "".join(open(p, encoding="utf-8").read() for p in rgd_paths)
        return Case(name, [Unit(f"{tag}-raw.yaml", text)])
    rgds = [d for d in rgds if d.get("kind") == RGD_KIND]
    source = copy.deepcopy(rgds)
    kinds = _rename_rgds(rgds, tag)
    units = [Unit(f"{tag}-{i}.yaml", yamlish.dump(d), d.get("metadata", {}).get("name", ""))
             for i, d in enumerate(rgds)]
    case = Case(name, units, rgds, source=source)
    if instance_path:
        instances = _load_docs(kubectl, [instance_path])
        observed = _load_docs(kubectl, observed_paths)
        _place_instance(case, instances[0], observed, kinds, tag)
    return case


def _case_sources(root):
    """(case name, RGD files, instance file or None, observed files) of the repository."""
    golden = os.path.join(root, "tests", "golden")
    for d in sorted(glob.glob(os.path.join(golden, "cases", "*", ""))):
        rgds = [os.path.join(d, "rgd.yaml")] + sorted(glob.glob(os.path.join(d, "crds", "*.yaml")))
        yield ("golden/" + os.path.basename(d.rstrip("/")), rgds, _maybe(d, "instance.yaml"),
               sorted(glob.glob(os.path.join(d, "observed", "*.yaml"))))
    for f in sorted(glob.glob(os.path.join(golden, "errors", "*.yaml"))):
        yield ("error/" + os.path.basename(f)[:-5], [f], None, [])
    for d in sorted(glob.glob(os.path.join(root, "examples", "*", ""))):
        rgds = sorted(f for f in glob.glob(os.path.join(d, "*.yaml"))
                      if os.path.basename(f) != "instance.yaml")
        yield ("example/" + os.path.basename(d.rstrip("/")), rgds, _maybe(d, "instance.yaml"),
               sorted(glob.glob(os.path.join(d, "observed", "*.yaml"))))


def _maybe(folder, name):
    path = os.path.join(folder, name)
    return path if os.path.exists(path) else None


# --- mutants: the typos a user makes --------------------------------------------------------

_KEY_LINE = re.compile(r'^(\s*(?:- )?)([A-Za-z_][A-Za-z0-9_.\-/]*)(:.*)$')
_INT_VALUE = re.compile(r'^(\s*(?:- )?[^:]+: )(-?\d+)$')
_STR_VALUE = re.compile(r'^(\s*(?:- )?[^:]+: )"([^"$\\]*)"$')


def _delete_line(lines, rng):
    i = rng.randrange(4, len(lines))  # keep apiVersion/kind/metadata/name: a rejection only
    return lines[:i] + lines[i + 1:], f"deleted line {i + 1}: {lines[i].strip()}"


def _duplicate_line(lines, rng):
    i = rng.randrange(4, len(lines))
    return lines[:i + 1] + lines[i:], f"duplicated line {i + 1}: {lines[i].strip()}"


def _wrong_type(lines, rng):
    candidates = [i for i, l in enumerate(lines[4:], 4)
                  if _INT_VALUE.match(l) or _STR_VALUE.match(l)]
    if not candidates:
        return None
    i = rng.choice(candidates)
    m = _INT_VALUE.match(lines[i])
    if m:
        new = f'{m.group(1)}"{m.group(2)}"'
    else:
        new = f"{_STR_VALUE.match(lines[i]).group(1)}{rng.choice([0, 3, 42])}"
    return lines[:i] + [new] + lines[i + 1:], f"wrong type on line {i + 1}: {new.strip()}"


def _misspell(word, rng):
    i = rng.randrange(len(word))
    how = rng.choice(["swap", "drop", "double"]) if len(word) > 2 else "double"
    if how == "swap" and i < len(word) - 1 and word[i] != word[i + 1]:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def _misspelled_field(lines, rng):
    candidates = [i for i, l in enumerate(lines[4:], 4) if _KEY_LINE.match(l)]
    if not candidates:
        return None
    i = rng.choice(candidates)
    m = _KEY_LINE.match(lines[i])
    word = _misspell(m.group(2), rng)
    new = f"{m.group(1)}{word}{m.group(3)}"
    return lines[:i] + [new] + lines[i + 1:], f"misspelled field on line {i + 1}: {new.strip()}"


def _broken_expression(lines, rng):
    candidates = [i for i, l in enumerate(lines) if "${" in l]
    if not candidates:
        return None
    i = rng.choice(candidates)
    line = lines[i]
    start = line.index("${")
    end = line.find("}", start)
    how = rng.choice(["unclosed", "dollar", "paren"])
    if how == "unclosed" and end > 0:
        new = line[:end] + line[end + 1:]
    elif how == "dollar":
        new = line[:start] + "{" + line[start + 2:]
    else:
        new = line[:start + 2] + "(" + line[start + 2:]
    return lines[:i] + [new] + lines[i + 1:], f"broken expression on line {i + 1}: {new.strip()}"


MUTATIONS = [_delete_line, _duplicate_line, _wrong_type, _misspelled_field, _broken_expression]


def _mutant(base, index, tag, rng):
    """A copy of a one-RGD case with one typo; the instance is not reused (it may not fit)."""
    rgd = copy.deepcopy(base.source[0])
    _rename_rgds([rgd], tag)
    lines = yamlish.dump(rgd).splitlines()
    while True:
        result = rng.choice(MUTATIONS)(lines, rng)
        if result:
            break
    new_lines, what = result
    name = rgd["metadata"]["name"]
    text = "\n".join(new_lines) + "\n"
    return Case(f"mutant/{index:04d}-{base.name.split('/')[-1]}",
                [Unit(f"{tag}-0.yaml", text, name)], [rgd], mutation=what)


def build(root, kubectl, seed, mutants):
    """Every case of the repository, then `mutants` seeded variants of the valid one-RGD ones."""
    cases = []
    for index, (name, rgds, instance, observed) in enumerate(_case_sources(root)):
        cases.append(_original_case(kubectl, name, rgds, instance, observed, _tag(index)))
    valid = [c for c in cases if not c.name.startswith("error/") and len(c.source) == 1]
    rng = random.Random(seed)
    for m in range(mutants):
        base = rng.choice(valid)
        cases.append(_mutant(base, m, _tag(len(cases)), rng))
    return cases
