"""One side of the comparison: a cluster reached with kubectl (no client library needed)."""
import json
import os
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

    def apply_files(self, folder, names):
        """Server-side applies the files; returns {file name: None if applied, else the error}.

        Files go in batches. A batch with any error is applied again one file at a time, since
        kubectl names the object (not the file) in server errors and nothing at all for a file
        it cannot parse; applying again is harmless (server-side apply is idempotent).
        """
        outcome = {}
        for start in range(0, len(names), BATCH):
            batch = names[start:start + BATCH]
            args = ["apply", "--server-side"]
            for n in batch:
                args += ["-f", os.path.join(folder, n)]
            rc, _, _ = self.run(*args)
            if rc == 0:
                outcome.update({n: None for n in batch})
                continue
            for n in batch:
                rc, _, err = self.run("apply", "--server-side", "-f", os.path.join(folder, n))
                outcome[n] = None if rc == 0 else _clean_error(err, folder)
        return outcome


def _clean_error(err, folder):
    """kubectl's error with the work folder's path removed (it differs between runs)."""
    return err.strip().replace(folder + os.sep, "")
