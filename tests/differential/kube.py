"""One side of the comparison: a cluster reached with kubectl (no client library needed)."""
import json
import os
import re
import subprocess

BATCH = 40  # files per `kubectl apply`: large enough to be fast, small enough to re-run

class Side:
    def __init__(self, label, kubectl, kubeconfig, cache_dir):
        self.label = label
        self.kubectl = kubectl
        self.kubeconfig = kubeconfig
        self.cache_dir = cache_dir

    def run(self, *args, stdin=None, timeout=120):
        """(exit code, stdout, stderr) of one kubectl call against this side's cluster."""
        cmd = [self.kubectl, f"--kubeconfig={self.kubeconfig}", f"--cache-dir={self.cache_dir}",
               *args]
        try:
            proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            return 124, "", f"kubectl {' '.join(args)}: timed out after {timeout}s"
        return proc.returncode, proc.stdout, proc.stderr

    def get_json(self, *args):
        """Parsed `kubectl get -o json` output, or None when kubectl fails (e.g. no such kind)."""
        rc, out, _ = self.run("get", *args, "--show-managed-fields", "-o", "json")
        if rc != 0:
            return None
        return json.loads(out)

    def items(self, *args):
        doc = self.get_json(*args)
        if doc is None:
            return []
        return doc.get("items", [doc]) if doc.get("kind", "").endswith("List") else [doc]

    def apply_files(self, folder, names, objects=None):
        """Server-side applies the files; returns {file name: None if applied, else the error}.

        `objects` maps a file to the name of the one object in it, when known. Files go in
        batches; kubectl keeps going after an error and names the object (server errors) or the
        file (parse errors) in each message, so a failed batch's messages are attributed by
        those names. A file whose outcome stays unclear is applied again alone (server-side
        apply is idempotent).
        """
        objects = objects or {}
        outcome = {}
        for start in range(0, len(names), BATCH):
            batch = names[start:start + BATCH]
            args = ["apply", "--server-side"]
            for n in batch:
                args += ["-f", os.path.join(folder, n)]
            rc, out, err = self.run(*args)
            if rc == 0:
                outcome.update({n: None for n in batch})
                continue
            applied = {line.split("/", 1)[1].split(" ")[0] for line in out.splitlines()
                       if line.endswith(" serverside-applied") and "/" in line}
            messages = re.split(r"(?m)^(?=error|Error)", err)
            for n in batch:
                found = _attribute(messages, os.path.join(folder, n), objects.get(n, ""))
                if found:
                    outcome[n] = _clean_error(found, folder)
                elif objects.get(n) and objects[n] in applied:
                    outcome[n] = None
                else:
                    rc, _, err = self.run("apply", "--server-side", "-f", os.path.join(folder, n))
                    outcome[n] = None if rc == 0 else _clean_error(err, folder)
        return outcome


def _attribute(messages, path, name):
    """The messages naming this file, or this object the way the API server names it."""
    marks = [path + ":", f'"{path}"']
    if name:
        marks += [f"(/{name};", f'"{name}"']
    hits = [m.strip() for m in messages if any(mark in m for mark in marks)]
    return "\n".join(hits)


def _clean_error(err, folder):
    """kubectl's error with the work folder's path removed (it differs between runs), and the
    error: prefix that kubectl adds to parse errors of a lone file only."""
    err = err.strip().replace(folder + os.sep, "")
    return re.sub(r"(?m)^error: (error parsing )", r"\1", err)
