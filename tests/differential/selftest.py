#!/usr/bin/env python3
"""The harness's own logic, without clusters or kubectl: diffing, normalisation, the YAML
emitter, renaming, mutations, the allow-list and the attribution of apply errors."""
import os
import random
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402
import corpus  # noqa: E402
import differential  # noqa: E402
import kube  # noqa: E402
import normalize  # noqa: E402
import yamlish  # noqa: E402


class DiffTest(unittest.TestCase):
    def test_conditions_are_compared_by_type(self):
        a = {"conditions": [{"type": "A", "status": "True"}, {"type": "B", "status": "False"}]}
        b = {"conditions": [{"type": "B", "status": "False"}, {"type": "A", "status": "False"}]}
        self.assertEqual(compare.diff(a, b), [("conditions[type=A].status", "True", "False")])

    def test_missing_key_and_list_length(self):
        self.assertEqual(compare.diff({"x": 1}, {}), [("x", 1, compare.ABSENT)])
        self.assertEqual(compare.diff({"l": [1]}, {"l": [1, 2]}), [("l", [1], [1, 2])])
        self.assertEqual(compare.diff({"l": [1, 2]}, {"l": [1, 3]}), [("l[1]", 2, 3)])
        self.assertEqual(compare.diff(None, {"a": 1}), [(".", None, {"a": 1})])


class NormalizeTest(unittest.TestCase):
    def test_scrub(self):
        uid = "0f1e2d3c-4b5a-4978-8899-aabbccddeeff"
        got = normalize.scrub({"metadata": {"resourceVersion": "7", "labels": {"id": uid}},
                               "spec": {"clusterIP": "10.0.0.1", "ports": [{"nodePort": 31000}]},
                               "t": "2026-12-07T16:00:00Z", f"k:{{\"uid\":\"{uid}\"}}": 1})
        self.assertEqual(got, {"metadata": {"labels": {"id": "<uid>"}},
                               "spec": {"clusterIP": "<ip>", "ports": [{"nodePort": "<port>"}]},
                               "t": "<time>", 'k:{"uid":"<uid>"}': 1})

    def test_object_view_keeps_managers_only(self):
        obj = {"metadata": {"name": "x", "uid": "u", "creationTimestamp": "t", "managedFields": [
            {"manager": "kro", "operation": "Update", "subresource": "status", "time": "t"},
            {"manager": "kubectl", "operation": "Apply", "fieldsV1": {}}]}}
        self.assertEqual(normalize.object_view(obj)["metadata"],
                         {"name": "x", "managedFields": ["kro Update status", "kubectl Apply"]})


class YamlTest(unittest.TestCase):
    def test_block_style_one_scalar_per_line(self):
        doc = {"a": {"b": [{"c": 1, "d": "x"}, "y"], "on": True, "e": {}}, "f": "${g}"}
        self.assertEqual(yamlish.dump(doc), "a:\n  b:\n    - c: 1\n      d: \"x\"\n    - \"y\"\n"
                         "  \"on\": true\n  e: {}\nf: \"${g}\"\n")


def _rgd(name, kind, resources, group=None):
    schema = {"kind": kind, "apiVersion": "v1alpha1"}
    if group:
        schema["group"] = group
    return {"apiVersion": "kro.run/v1alpha1", "kind": "ResourceGraphDefinition",
            "metadata": {"name": name}, "spec": {"schema": schema, "resources": resources}}


class CorpusTest(unittest.TestCase):
    def test_tags_are_unique_letters(self):
        tags = [corpus._tag(i) for i in range(800)]
        self.assertEqual(len(set(tags)), 800)
        self.assertTrue(all(t.isalpha() and t.islower() for t in tags))

    def test_renaming_keeps_nested_references_in_their_group(self):
        outer = _rgd("app", "App", [
            {"id": "db", "template": {"apiVersion": "kro.run/v1alpha1", "kind": "Database"}},
            {"id": "np", "template": {"apiVersion": "networking.k8s.io/v1", "kind": "Policy"}}])
        inner = _rgd("database", "Database", [])
        policy = _rgd("policy", "Policy", [], group="security.example.org")
        kinds = corpus._rename_rgds([outer, inner, policy], "xq")
        self.assertEqual(kinds, {"App": "XqApp", "Database": "XqDatabase", "Policy": "XqPolicy"})
        self.assertEqual(outer["metadata"]["name"], "xq-app")
        res = outer["spec"]["resources"]
        self.assertEqual(res[0]["template"]["kind"], "XqDatabase")
        self.assertEqual(res[1]["template"]["kind"], "Policy")  # networking's, not ours
        lower = _rgd("x", "webApp", [])
        corpus._rename_rgds([lower], "xq")
        self.assertEqual(lower["spec"]["schema"]["kind"], "xqwebApp")  # still not UpperCamel

    def test_each_mutation_changes_one_line_its_way(self):
        lines = yamlish.dump(_rgd("app", "App", [{"id": "cm", "template": {
            "apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "${schema.spec.n}"},
            "data": {"replicas": 3}}}])).splitlines()
        for mutate in corpus.MUTATIONS:
            new, what = mutate(lines, random.Random(1))
            self.assertNotEqual(new, lines, what)
            self.assertLessEqual(abs(len(new) - len(lines)), 1, what)
            self.assertEqual(new[:4], lines[:4], what)
        changed = set()
        for seed in range(40):
            new, _ = corpus._wrong_type(lines, random.Random(seed))
            changed |= {n.strip() for n, o in zip(new, lines) if n != o}
        self.assertIn('replicas: "3"', changed)  # integer -> string
        self.assertTrue(changed & {"kind: 0", "kind: 3", "kind: 42"}, changed)  # string -> int


class ReportTest(unittest.TestCase):
    def test_validate_problems_are_parsed_without_excerpts(self):
        text = ('f.yaml:16:17: error: failed to validate resource "a": ERROR: <input>:1:12: x\n'
                ' | schema.spec.p\n'
                ' | ...........^\n'
                '          type: "${schema.spec.p}"\n'
                '                ^\n'
                'f.yaml:37:11: error: plain problem\n'
                '        - "${x}"\n'
                '2 errors generated.\n')
        self.assertEqual(differential.parse_problems(text), [
            'failed to validate resource "a": ERROR: <input>:1:12: x\n | schema.spec.p\n'
            ' | ...........^',
            "plain problem"])

    def test_allow_list(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("# comment\ngolden/* | rgd/* | verdict.*.message | wording\n")
        entries = compare.load_allow_list(f.name)
        os.unlink(f.name)
        allowed = compare.Difference("golden/x", "rgd/xa-x", "verdict.Ready.message", 1, 2)
        other = compare.Difference("golden/x", "rgd/xa-x", "verdict.Ready.status", 1, 2)
        self.assertEqual(compare.allowed_reason(entries, allowed), "wording")
        self.assertEqual(compare.allowed_reason(entries, other), "")
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
            f.write("golden/* | rgd/*\n")
        with self.assertRaises(ValueError):
            compare.load_allow_list(f.name)
        os.unlink(f.name)

    def test_report_counts_items_not_paths(self):
        report = differential.Report([], {})
        report.item("c", "o", {"a": 1, "b": 2}, {"a": 2, "b": 3})
        report.item("c", "p", {"a": 1}, {"a": 1})
        self.assertEqual((report.same, report.differing_items, len(report.differences)),
                         (1, 1, 2))

    def test_undeclared_field_is_normalised(self):
        err = ("Error from server: failed to create typed patch object (/x; kro.run/v1alpha1, "
               "Kind=ResourceGraphDefinition): .metadata.schema: field not declared in schema")
        self.assertTrue(differential.apply_result(err).endswith(
            "): <field>: field not declared in schema"))
        self.assertEqual(differential.apply_result(None), "applied")

    def test_batch_errors_are_attributed_by_object_or_file(self):
        messages = ['Error from server: failed to create typed patch object (/xa-app; ...): bad\n',
                    "error parsing /w/xb-0.yaml: yaml: line 3\n"]
        self.assertIn("(/xa-app;", kube._attribute(messages, "/w/xa-0.yaml", "xa-app"))
        self.assertIn("line 3", kube._attribute(messages, "/w/xb-0.yaml", "xb-other"))
        self.assertEqual(kube._attribute(messages, "/w/xc-0.yaml", "xa-ap"), "")
        self.assertEqual(kube._clean_error("error: error parsing /w/xb-0.yaml: x", "/w"),
                         "error parsing xb-0.yaml: x")


if __name__ == "__main__":
    unittest.main()
