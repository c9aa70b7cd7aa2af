#!/usr/bin/env python3
"""Hand-run baseline for `cases-tui audit --output jsonl`: the same export as a boto3 loop, one
JSON object per line on stdout. Not part of `cargo test` or `cargo bench` (see BENCHMARKS.md).

    cargo bench --bench export          # prints the URL of a served 2,000-event history
    time python3 scripts/export_boto3.py http://127.0.0.1:PORT d c > /dev/null
"""
import json
import sys

import boto3
from botocore.config import Config

url, domain, case = sys.argv[1], sys.argv[2], sys.argv[3]
client = boto3.client(
    "connectcases", endpoint_url=url, region_name="us-east-1",
    aws_access_key_id="AKIDBOTO3", aws_secret_access_key="secret",
    config=Config(retries={"max_attempts": 1}),
)
out = sys.stdout
kwargs = {"domainId": domain, "caseId": case, "maxResults": 25}
while True:
    page = client.get_case_audit_events(**kwargs)
    for event in sorted(page["auditEvents"], key=lambda e: e["performedTime"]):
        out.write(json.dumps(event, default=str))
        out.write("\n")
    token = page.get("nextToken")
    if not token:
        break
    kwargs["nextToken"] = token
