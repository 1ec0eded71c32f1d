#!/usr/bin/env python3
"""An exec stage in Python: counts the pages and characters of the document and records them.

Reads the artifact (docs/artifact.schema.json) on standard input, prints it back changed on
standard output. Everything it does not touch is printed back as it came in.
"""
import json
import os
import sys

artifact = json.load(sys.stdin)
pages = artifact.get("pages", [])
record = artifact.setdefault("record", {})
record["stats"] = {
    "pages": len(pages),
    "characters": sum(len(page["text"]) for page in pages),
}
artifact.setdefault("issues", []).append({
    "stage": os.environ["INGEST_STAGE"],
    "severity": "info",
    "message": f"counted {len(pages)} page(s) of {os.environ['INGEST_DOCUMENT_ID'][:12]}",
})
artifact.setdefault("extensions", {})["python"] = {"greeting": os.environ.get("GREETING", "")}
json.dump(artifact, sys.stdout, ensure_ascii=False)
