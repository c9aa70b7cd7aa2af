#!/usr/bin/env python3
"""boto3 against `cases-tui serve`: builds a domain from nothing, calls every operation of the API
model and boto3's four paginators, and checks each answer. `tests/boto3_smoke.rs` runs it (ignored
by `cargo test`; `.ci/run` runs it when boto3 is installed). By hand:

    cargo run -- serve --addr 127.0.0.1:4566 &
    pip install boto3
    python3 scripts/boto3_smoke.py http://127.0.0.1:4566

The client is built from the repository's model (assets/connectcases-model.json), not from the
model bundled with botocore, which may be older and lack operations (BatchUpdateCase, ...).
"""
import json
import os
import shutil
import sys
import tempfile
import uuid

import boto3
import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
model_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "assets", "connectcases-model.json")

# botocore reads a service's model from `DIR/connectcases/API_VERSION/`; a directory searched
# first wins over the bundled one. The paginators are those of AWS's published paginators-1.json.
PAGINATORS = {"pagination": {
    name: {"input_token": "nextToken", "output_token": "nextToken", "limit_key": "maxResults", "result_key": key}
    for name, key in [("SearchCases", "cases"), ("SearchRelatedItems", "relatedItems"),
                      ("ListCaseRules", "caseRules"), ("SearchAllRelatedItems", "relatedItems")]
}}
with open(model_path) as f:
    model = json.load(f)
data = tempfile.mkdtemp(prefix="boto3-smoke-")
service_dir = os.path.join(data, "connectcases", model["metadata"]["apiVersion"])
os.makedirs(service_dir)
shutil.copy(model_path, os.path.join(service_dir, "service-2.json"))
with open(os.path.join(service_dir, "paginators-1.json"), "w") as f:
    json.dump(PAGINATORS, f)
session = botocore.session.get_session()
session.get_component("data_loader").search_paths.insert(0, data)
c = boto3.Session(botocore_session=session).client(
    "connectcases", endpoint_url=url, region_name="us-east-1",
    aws_access_key_id="AKIDBOTO3", aws_secret_access_key="secret",
    config=Config(retries={"max_attempts": 1}),
)
api_name = c.meta.method_to_api_mapping
called = set()
calls = 0


def call(op, **kw):
    global calls
    calls += 1
    called.add(api_name[op])
    resp = getattr(c, op)(**kw)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200, resp
    resp.pop("ResponseMetadata", None)
    return resp


def refused(code, op, **kw):
    """Calls `op` expecting the modelled error `code`; returns its message."""
    global calls
    calls += 1
    called.add(api_name[op])
    try:
        getattr(c, op)(**kw)
    except ClientError as e:
        assert e.response["Error"]["Code"] == code, (op, e.response["Error"])
        return e.response["Error"]["Message"]
    raise SystemExit(f"{op}: expected {code}")


def paginate(op, result_key, page_size, **kw):
    """Every item of a paginated listing, and how many pages it took."""
    global calls
    called.add(api_name[op])
    pages = list(c.get_paginator(op).paginate(PaginationConfig={"PageSize": page_size}, **kw))
    calls += len(pages)
    return [item for page in pages for item in page[result_key]], len(pages)


name = f"boto3 smoke {uuid.uuid4().hex[:8]}"
d = call("create_domain", name=name)["domainId"]
assert call("get_domain", domainId=d)["name"] == name
assert any(x["domainId"] == d for x in call("list_domains")["domains"])

ids = {}
for fname, t in [("Order", "Text"), ("Amount", "Number"), ("VIP", "Boolean"), ("Due", "DateTime"),
                 ("Priority", "SingleSelect"), ("Receipt", "Url"), ("Owner", "User")]:
    ids[t] = call("create_field", domainId=d, name=fname, type=t)["fieldId"]
call("update_field", domainId=d, fieldId=ids["Text"], description="ERP order number")
call("batch_put_field_options", domainId=d, fieldId=ids["SingleSelect"],
     options=[{"name": "High", "value": "high", "active": True}, {"name": "Low", "value": "low", "active": True}])
assert [o["value"] for o in call("list_field_options", domainId=d, fieldId=ids["SingleSelect"])["options"]] == ["high", "low"]
fields = call("list_fields", domainId=d)["fields"]
assert {"title", "status"} <= {f["fieldId"] for f in fields}
got = call("batch_get_field", domainId=d, fields=[{"id": ids["Number"]}, {"id": "nope"}])
assert got["fields"][0]["type"] == "Number" and got["errors"][0]["id"] == "nope"

layout = call("create_layout", domainId=d, name="L", content={"basic": {"topPanel": {"sections": [
    {"fieldGroup": {"fields": [{"id": "summary"}]}}]}}})["layoutId"]
call("update_layout", domainId=d, layoutId=layout, name="Main")
assert call("get_layout", domainId=d, layoutId=layout)["name"] == "Main"
assert call("list_layouts", domainId=d)["layouts"]
tpl = call("create_template", domainId=d, name="T", layoutConfiguration={"defaultLayout": layout},
           status="Active")["templateId"]
call("update_template", domainId=d, templateId=tpl, description="the default")
assert call("get_template", domainId=d, templateId=tpl)["status"] == "Active"
assert call("list_templates", domainId=d)["templates"]

# Case rules: "summary is required once the case is closed".
closed = {"equalTo": {"operandOne": {"fieldId": "status"}, "operandTwo": {"stringValue": "closed"}, "result": True}}
rule = call("create_case_rule", domainId=d, name="Summary on close",
            rule={"required": {"defaultValue": False, "conditions": [closed]}})["caseRuleId"]
for i in range(3):
    call("create_case_rule", domainId=d, name=f"Hidden {i}", rule={"hidden": {"defaultValue": True, "conditions": []}})
call("update_case_rule", domainId=d, caseRuleId=rule, description="close with a summary")
rules, pages = paginate("list_case_rules", "caseRules", 2, domainId=d)
assert len(rules) == 4 and pages == 2, (len(rules), pages)
assert rules[0]["ruleType"] == "Required" and rules[0]["description"] == "close with a summary"
got = call("batch_get_case_rule", domainId=d, caseRules=[{"id": rule}, {"id": "ghost"}])
assert got["caseRules"][0]["rule"]["required"]["conditions"] == [closed] and got["errors"][0]["id"] == "ghost"
strict = call("create_template", domainId=d, name="Strict", status="Active",
              rules=[{"caseRuleId": rule, "fieldId": "summary"}])["templateId"]
msg = refused("ValidationException", "create_case", domainId=d, templateId=strict, fields=[
    {"id": "title", "value": {"stringValue": "closed without summary"}},
    {"id": "status", "value": {"stringValue": "closed"}}])
assert "summary" in msg, msg
refused("ConflictException", "delete_case_rule", domainId=d, caseRuleId=rule)

case = call("create_case", domainId=d, templateId=tpl, fields=[
    {"id": "title", "value": {"stringValue": "Parcel lost in transit"}},
    {"id": ids["Number"], "value": {"doubleValue": 12.5}},
], performedBy={"customEntity": "boto3"})["caseId"]
got = call("get_case", domainId=d, caseId=case, fields=[{"id": "title"}, {"id": "status"}, {"id": "reference_number"}])
assert {f["id"] for f in got["fields"]} >= {"title", "status", "reference_number"}
call("update_case", domainId=d, caseId=case, fields=[{"id": "status", "value": {"stringValue": "closed"}}])
found = call("search_cases", domainId=d, searchTerm="parcel", fields=[{"id": "title"}],
             sorts=[{"fieldId": "title", "sortOrder": "Asc"}],
             filter={"field": {"equalTo": {"id": "status", "value": {"stringValue": "closed"}}}})["cases"]
assert [x["caseId"] for x in found] == [case]

arn = "arn:aws:connect:us-east-1:123456789012:instance/i"
contact_arn = arn + "/contact/c1"
items = {}
for kind, content in [
    ("Comment", {"comment": {"body": "hello", "contentType": "Text/Plain"}}),
    ("Contact", {"contact": {"contactArn": contact_arn}}),
    ("File", {"file": {"fileArn": arn + "/file/f1"}}),
    ("Sla", {"sla": {"slaInputConfiguration": {"name": "Close in a day", "type": "CaseField", "fieldId": "status",
                                                "targetFieldValues": [{"stringValue": "closed"}], "targetSlaMinutes": 1440}}}),
    ("ConnectCase", {"connectCase": {"caseId": case}}),
    ("Custom", {"custom": {"fields": [{"id": ids["Text"], "value": {"stringValue": "A-1"}},
                                      {"id": ids["Boolean"], "value": {"booleanValue": True}}]}}),
]:
    items[kind] = call("create_related_item", domainId=d, caseId=case, type=kind, content=content)["relatedItemId"]
assert len(call("search_related_items", domainId=d, caseId=case)["relatedItems"]) == 6
only = call("search_related_items", domainId=d, caseId=case, filters=[{"custom": {"fields": {"field": {
    "equalTo": {"id": ids["Text"], "value": {"stringValue": "A-1"}}}}}}])["relatedItems"]
assert [i["relatedItemId"] for i in only] == [items["Custom"]]
assert [x["caseId"] for x in call("list_cases_for_contact", domainId=d, contactArn=contact_arn)["cases"]] == [case]

upd = call("update_related_item", domainId=d, caseId=case, relatedItemId=items["Custom"],
           content={"custom": {"fields": [{"id": ids["Text"], "value": {"stringValue": "A-2"}}]}})
assert [f["id"] for f in upd["content"]["custom"]["fields"]] == [ids["Text"]]  # VIP left out: removed
call("update_related_item", domainId=d, caseId=case, relatedItemId=items["Comment"],
     content={"comment": {"body": "hello again", "contentType": "Text/Plain"}})
call("delete_related_item", domainId=d, caseId=case, relatedItemId=items["Contact"])

events = call("get_case_audit_events", domainId=d, caseId=case)["auditEvents"]
types = [e["type"] for e in events]
assert types[0] == "Case.Created" and "Case.Updated" in types and "RelatedItem.Deleted" in types, types
upd_ev = [e for e in events if e["type"] == "RelatedItem.Updated" and e["relatedItemType"] == "Custom"][0]
removed = [f for f in upd_ev["fields"] if f["eventFieldId"] == ids["Boolean"]][0]
assert removed["newValue"] == {"emptyValue": {}}, removed

domain_arn = call("get_domain", domainId=d)["domainArn"]
call("tag_resource", arn=domain_arn, tags={"team": "support", "tmp": "x"})
call("untag_resource", arn=domain_arn, tagKeys=["tmp"])
assert call("list_tags_for_resource", arn=domain_arn)["tags"] == {"team": "support"}

# Batch operations, by case id and by reference id.
others = [call("create_case", domainId=d, templateId=tpl, fields=[{"id": "title", "value": {"stringValue": f"bulk {i}"}}])["caseId"]
          for i in range(3)]
reference = call("get_case", domainId=d, caseId=others[2], fields=[{"id": "reference_number"}])["fields"][0]["value"]["stringValue"]
targets = [{"caseIdentifier": {"caseId": others[0]}}, {"caseIdentifier": {"caseId": others[1]}},
           {"caseIdentifier": {"referenceId": reference}}, {"caseIdentifier": {"caseId": "no-such-case"}}]
made = call("batch_create_related_item", domainId=d, cases=targets,
            content={"comment": {"body": "Carrier delay across the region", "contentType": "Text/Plain"}})
assert len(made["successfulItems"]) == 3 and made["failedItems"][0]["errorCode"] == "CASE_NOT_FOUND", made
updated = call("batch_update_case", domainId=d, cases=targets[:3], status="closed",
               fields=[{"fieldIdentifier": {"name": "Priority"}, "value": {"stringValue": "high"}}])
assert len(updated["successfulCases"]) == 3 and updated["failedCases"] == [], updated
refused("ValidationException", "batch_update_case", domainId=d, cases=targets[:1], fields=[])

# SearchAllRelatedItems across cases, walked by its paginator.
comments, pages = paginate("search_all_related_items", "relatedItems", 2, domainId=d, filters=[{"comment": {}}],
                           sorts=[{"sortProperty": "CaseId", "sortOrder": "Asc"}])
assert len(comments) == 4 and pages == 2, (len(comments), pages)
assert [i["caseId"] for i in comments] == sorted(i["caseId"] for i in comments)
everything, _ = paginate("search_all_related_items", "relatedItems", 3, domainId=d)
assert len(everything) == 8, len(everything)
# The two paginators that existed before.
found, pages = paginate("search_cases", "cases", 2, domainId=d)
assert len(found) == 4 and pages == 2, (len(found), pages)
related, pages = paginate("search_related_items", "relatedItems", 2, domainId=d, caseId=case)
assert len(related) == 5 and pages == 3, (len(related), pages)

# Case event configuration.
assert call("get_case_event_configuration", domainId=d)["eventBridge"]["enabled"] is False
config = {"enabled": True, "includedData": {"caseData": {"fields": [{"id": "title"}, {"id": ids["Text"]}]},
                                             "relatedItemData": {"includeContent": True}}}
call("put_case_event_configuration", domainId=d, eventBridge=config)
assert call("get_case_event_configuration", domainId=d)["eventBridge"] == config

# Deletes, and what they refuse.
refused("ValidationException", "delete_field", domainId=d, fieldId="status")
call("delete_field", domainId=d, fieldId=ids["Url"])
assert ids["Url"] not in {f["fieldId"] for f in call("list_fields", domainId=d)["fields"]}
refused("ConflictException", "delete_layout", domainId=d, layoutId=layout)
spare = call("create_layout", domainId=d, name="Spare", content={"basic": {}})["layoutId"]
call("delete_layout", domainId=d, layoutId=spare)
assert call("get_layout", domainId=d, layoutId=spare)["deleted"] is True
call("delete_template", domainId=d, templateId=strict)
call("delete_case_rule", domainId=d, caseRuleId=rule)
assert call("get_template", domainId=d, templateId=strict)["deleted"] is True

# A merge: it runs for `serve --merge-ms` (5 s by default), so this sees it started, not finished.
# Two open cases of their own: the batch update above may have closed the others.
pair = [call("create_case", domainId=d, templateId=tpl,
             fields=[{"id": "title", "value": {"stringValue": f"merge {i}"}}])["caseId"]
        for i in range(2)]
call("start_merge_cases", domainId=d, caseId=pair[0], secondaryCaseIds=[pair[1]])
assert call("get_merge_cases_status", domainId=d, caseId=pair[0])["status"] in ("IN_PROGRESS", "COMPLETED")

call("delete_case", domainId=d, caseId=case)
try:
    c.get_domain(domainId="no-such-domain")
    raise SystemExit("expected ResourceNotFoundException")
except c.exceptions.ResourceNotFoundException as e:
    assert e.response["Error"]["Code"] == "ResourceNotFoundException"
try:
    c.create_related_item(domainId=d, caseId=others[0], type="Comment", content={"comment": {"body": "x" * 15001, "contentType": "Text/Plain"}})
    raise SystemExit("expected ValidationException")
except c.exceptions.ValidationException as e:
    print("validation message:", e.response["Error"]["Message"])
call("delete_domain", domainId=d)
refused("ResourceNotFoundException", "get_domain", domainId=d)

missing = sorted(set(model["operations"]) - called)
assert not missing, f"operations never called: {missing}"
shutil.rmtree(data)
print(f"boto3 smoke: {len(called)} operations, {calls} calls, 4 paginators; all responses parsed and checked")
