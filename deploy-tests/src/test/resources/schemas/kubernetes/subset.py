#!/usr/bin/env python3
"""Cuts the Kubernetes OpenAPI (v2, api/openapi-spec/swagger.json of a Kubernetes release) down to the kinds deploy/
renders, so the repository keeps ~85 KB per Kubernetes version instead of ~4 MB.

    python3 subset.py SWAGGER_JSON SOURCE_TEXT > 1.xx/definitions.json

Keeps every definition reachable from the kinds below, unchanged except that `description`s are dropped (they are
documentation only; the API server does not validate with them). DeployManifestsTest fails when deploy/ renders a
kind that is missing here: add it to KINDS and run this again.
"""
import json
import sys

KINDS = [
    ("apps", "v1", "Deployment"),
    ("", "v1", "Service"),
    ("", "v1", "ServiceAccount"),
    ("", "v1", "ConfigMap"),
    ("autoscaling", "v2", "HorizontalPodAutoscaler"),
    ("policy", "v1", "PodDisruptionBudget"),
    ("networking.k8s.io", "v1", "NetworkPolicy"),
    ("networking.k8s.io", "v1", "Ingress"),
]
# Object metadata of custom resources is checked against this one too.
ALSO = ["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def without_descriptions(node):
    if isinstance(node, dict):
        return {k: without_descriptions(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [without_descriptions(v) for v in node]
    return node


def main(swagger_path, source):
    with open(swagger_path, encoding="utf-8") as f:
        definitions = json.load(f)["definitions"]
    roots = list(ALSO)
    for group, version, kind in KINDS:
        matches = [name for name, schema in definitions.items()
                   if {"group": group, "version": version, "kind": kind} in schema.get("x-kubernetes-group-version-kind", [])]
        if len(matches) != 1:
            sys.exit(f"{group}/{version} {kind}: {len(matches)} definitions in {swagger_path}")
        roots.extend(matches)
    keep, todo = set(), roots
    while todo:
        name = todo.pop()
        if name not in keep:
            keep.add(name)
            todo.extend(refs(definitions[name]))
    subset = {name: without_descriptions(definitions[name]) for name in sorted(keep)}
    json.dump({"source": source, "definitions": subset}, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
