#!/usr/bin/env python3
"""Hand-run check: boto3 against `cases-tui serve` builds a domain from nothing and calls every
operation the local service implements, parsing each response. Not part of `cargo test`.

    cargo run -- serve --addr 127.0.0.1:4566 &
    pip install boto3
    python3 scripts/boto3_smoke.py http://127.0.0.1:4566
"""
import sys
import boto3
from botocore.config import Config

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4566"
c = boto3.client(
    "connectcases", endpoint_url=url, region_name="us-east-1",
    aws_access_key_id="AKIDBOTO3", aws_secret_access_key="secret",
    config=Config(retries={"max_attempts": 1}),
)
calls = 0


def call(op, **kw):
    global calls
    calls += 1
    resp = getattr(c, op)(**kw)
    resp.pop("ResponseMetadata", None)
    return resp


import uuid
name = f"boto3 smoke {uuid.uuid4().hex[:8]}"
d = call("create_domain", name=name)["domainId"]
assert call("get_domain", domainId=d)["name"] == name
assert any(x["domainId"] == d for x in call("list_domains")["domains"])

ids = {}
for name, t in [("Order", "Text"), ("Amount", "Number"), ("VIP", "Boolean"), ("Due", "DateTime"),
                ("Priority", "SingleSelect"), ("Receipt", "Url"), ("Owner", "User")]:
    ids[t] = call("create_field", domainId=d, name=name, type=t)["fieldId"]
call("batch_put_field_options", domainId=d, fieldId=ids["SingleSelect"],
     options=[{"name": "High", "value": "high", "active": True}, {"name": "Low", "value": "low", "active": True}])
assert [o["value"] for o in call("list_field_options", domainId=d, fieldId=ids["SingleSelect"])["options"]] == ["high", "low"]
fields = call("list_fields", domainId=d)["fields"]
assert {"title", "status"} <= {f["fieldId"] for f in fields}
got = call("batch_get_field", domainId=d, fields=[{"id": ids["Number"]}, {"id": "nope"}])
assert got["fields"][0]["type"] == "Number" and got["errors"][0]["id"] == "nope"

layout = call("create_layout", domainId=d, name="L", content={"basic": {"topPanel": {"sections": [
    {"fieldGroup": {"fields": [{"id": "title"}]}}]}}})["layoutId"]
assert call("get_layout", domainId=d, layoutId=layout)["name"] == "L"
assert call("list_layouts", domainId=d)["layouts"]
tpl = call("create_template", domainId=d, name="T", layoutConfiguration={"defaultLayout": layout},
           status="Active")["templateId"]
assert call("get_template", domainId=d, templateId=tpl)["status"] == "Active"
assert call("list_templates", domainId=d)["templates"]

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
items = {}
for kind, content in [
    ("Comment", {"comment": {"body": "hello", "contentType": "Text/Plain"}}),
    ("Contact", {"contact": {"contactArn": arn + "/contact/c1"}}),
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
case2 = call("create_case", domainId=d, templateId=tpl, fields=[{"id": "title", "value": {"stringValue": "second"}}])["caseId"]
call("delete_case", domainId=d, caseId=case)

try:
    c.get_domain(domainId="no-such-domain")
    raise SystemExit("expected ResourceNotFoundException")
except c.exceptions.ResourceNotFoundException as e:
    assert e.response["Error"]["Code"] == "ResourceNotFoundException"
try:
    c.create_related_item(domainId=d, caseId=case2, type="Comment", content={"comment": {"body": "x" * 15001, "contentType": "Text/Plain"}})
    raise SystemExit("expected ValidationException")
except c.exceptions.ValidationException as e:
    print("validation message:", e.response["Error"]["Message"])

print(f"boto3 smoke: {calls} calls, all responses parsed and checked")
