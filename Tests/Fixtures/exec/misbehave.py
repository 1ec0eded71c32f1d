#!/usr/bin/env python3
"""An exec stage that goes wrong in the way its argument names, for the exec stage's tests."""
import json
import sys
import time

mode = sys.argv[1]
artifact = json.load(sys.stdin)
if mode == "fail":
    print("reading the fee table: column 3 is missing", file=sys.stderr)
    sys.exit(3)
elif mode == "hang":
    print("thinking...", file=sys.stderr, flush=True)
    time.sleep(600)
elif mode == "garbage":
    print("this is not an artifact")
elif mode == "change-id":
    artifact["id"] = "something-else"
    json.dump(artifact, sys.stdout)
elif mode == "argument":
    artifact["record"]["argument"] = sys.argv[2]
    json.dump(artifact, sys.stdout, ensure_ascii=False)
elif mode == "orphan":
    # Exits at once, leaving a child that keeps standard output open.
    import subprocess
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    json.dump(artifact, sys.stdout)
