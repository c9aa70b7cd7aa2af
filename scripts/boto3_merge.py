#!/usr/bin/env python3
"""boto3 against `cases-tui serve`, with a client built from the API model in assets/ (so it knows
StartMergeCases, GetMergeCasesStatus and SLA updates even where the installed botocore does not):
changes an SLA's target, merges two cases, is refused while the merge runs, waits for the merge to
finish and finds Case.Merged with its mergeMetadata on both cases. Run by tests/boto3_merge.rs.

    python3 scripts/boto3_merge.py http://127.0.0.1:4566 assets/connectcases-model.json
"""
import json
import os
import shutil
import sys
import tempfile
import time

import botocore.loaders
import botocore.session
from botocore.config import Config

url = sys.argv[1]
model_path = sys.argv[2]

# A data folder holding only this service's model, searched before botocore's own; the endpoint
# rules still come from botocore's data.
data = tempfile.mkdtemp()
folder = os.path.join(data, "connectcases", "2022-10-03")
os.makedirs(folder)
shutil.copy(model_path, os.path.join(folder, "service-2.json"))
session = botocore.session.get_session()
session.register_component("data_loader", botocore.loaders.Loader(extra_search_paths=[data]))
c = session.create_client(
    "connectcases", endpoint_url=url, region_name="us-east-1",
    aws_access_key_id="AKIDBOTO3", aws_secret_access_key="secret",
    config=Config(retries={"max_attempts": 1}),
)
assert c.meta.service_model.operation_model("StartMergeCases").http["requestUri"].endswith("/merge")


def call(op, **kw):
    resp = getattr(c, op)(**kw)
    resp.pop("ResponseMetadata", None)
    return resp


d = call("create_domain", name="boto3 merge")["domainId"]
tpl = call("create_template", domainId=d, name="T", status="Active")["templateId"]


def new_case(title, summary):
    return call("create_case", domainId=d, templateId=tpl, fields=[
        {"id": "title", "value": {"stringValue": title}},
        {"id": "summary", "value": {"stringValue": summary}},
    ])["caseId"]


p = new_case("Primary", "from primary")
s = new_case("Secondary", "from secondary")
call("create_related_item", domainId=d, caseId=s, type="Comment",
     content={"comment": {"body": "moves to the primary", "contentType": "Text/Plain"}})
sla = call("create_related_item", domainId=d, caseId=s, type="Sla",
           content={"sla": {"slaInputConfiguration": {"name": "Reply", "type": "CaseField",
                                                     "targetSlaMinutes": 60}}})["relatedItemId"]
updated = call("update_related_item", domainId=d, caseId=s, relatedItemId=sla,
               content={"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": 120}}})
config = updated["content"]["sla"]["slaConfiguration"]
assert (config["targetTime"] - updated["associationTime"]).total_seconds() == 7200, updated
try:
    call("update_related_item", domainId=d, caseId=s, relatedItemId=sla,
         content={"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": 1051201}}})
    raise SystemExit("a target of 2 years + 1 minute was accepted")
except c.exceptions.ValidationException as e:
    assert "1051200" in str(e), e

call("start_merge_cases", domainId=d, caseId=p, secondaryCaseIds=[s],
     fieldsConfiguration=[{"fieldIds": [{"id": "summary"}], "sourceCaseId": s}],
     relatedItemsConfiguration={"comment": True})
status = call("get_merge_cases_status", domainId=d, caseId=p)
assert status["status"] == "IN_PROGRESS" and status["secondaryCaseIds"] == [s], status
try:
    call("update_case", domainId=d, caseId=s,
         fields=[{"id": "summary", "value": {"stringValue": "too late"}}])
    raise SystemExit("an edit to the secondary case during the merge was accepted")
except c.exceptions.ConflictException as e:
    assert "being merged" in str(e), e

deadline = time.time() + 60
while call("get_merge_cases_status", domainId=d, caseId=s)["status"] != "COMPLETED":
    assert time.time() < deadline, "the merge never completed"
    time.sleep(0.05)
try:
    call("get_merge_cases_status", domainId=d, caseId=p)
    raise SystemExit("the primary still reports a merge after it finished")
except c.exceptions.ResourceNotFoundException:
    pass

got = call("get_case", domainId=d, caseId=p, fields=[{"id": "summary"}])["fields"]
assert got[0]["value"]["stringValue"] == "from secondary", got
for case in (p, s):
    events = call("get_case_audit_events", domainId=d, caseId=case, maxResults=25)["auditEvents"]
    merged = [e for e in events if e["type"] == "Case.Merged"]
    assert len(merged) == 1, events
    meta = merged[0]["mergeMetadata"]
    assert meta["primaryCaseId"] == p and meta["secondaryCaseId"] == s, meta
types = sorted(i["type"] for i in call("search_related_items", domainId=d, caseId=p)["relatedItems"])
assert types == ["Comment", "ConnectCase"], types
shutil.rmtree(data)
print("boto3 merge: ok")
