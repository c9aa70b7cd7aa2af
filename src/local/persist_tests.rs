//! The log's one promise: loading the files gives back exactly the store in memory, whatever
//! the writes were, with compactions running in between.

use chrono::Utc;
use serde_json::{Value, json};

use super::*;
use crate::local::demo::demo_seed;
use crate::local::effects::{Before, finish_due_merges};
use crate::local::error::{CallContext, ROOT_PRINCIPAL};

struct Logged {
    store: Store,
    log: StateLog,
    cache: crate::local::effects::Fingerprints,
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Logged {
    fn new() -> Logged {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = Store::default();
        let log = StateLog::open(&path, &store, 0, true).unwrap();
        Logged {
            store,
            log,
            cache: Default::default(),
            path,
            _dir: dir,
        }
    }

    /// Runs one call as the server does: due merges, capture (writes only), call, effects,
    /// append.
    fn call(&mut self, op: &str, input: Value, ctx: &CallContext) -> Result<Value, String> {
        let mut effects = finish_due_merges(&mut self.store, ctx.now, &mut self.cache);
        let before = crate::local::server::is_mutation(op)
            .then(|| Before::capture(&mut self.store, op, &input, &mut self.cache));
        let out = self.store.call(op, &input, ctx);
        let output = out.as_ref().unwrap_or(&Value::Null);
        if let Some(before) = before {
            effects.extend(before.effects(&mut self.store, output, &mut self.cache));
        }
        if !effects.is_empty() {
            // Syncing each write would only slow the test down: files are read back whole.
            self.log.append(&effects).unwrap();
        }
        out.map_err(|e| format!("{op}: {}", e.message))
    }

    fn ok(&mut self, op: &str, input: Value) -> Value {
        let ctx = CallContext {
            now: Utc::now(),
            iam_principal_arn: ROOT_PRINCIPAL.into(),
            id_override: None,
        };
        self.call(op, input, &ctx).unwrap()
    }

    fn at(&mut self, op: &str, input: Value, now: chrono::DateTime<Utc>) -> Value {
        let ctx = CallContext {
            now,
            iam_principal_arn: ROOT_PRINCIPAL.into(),
            id_override: None,
        };
        self.call(op, input, &ctx).unwrap()
    }

    fn assert_reloads(&self) {
        self.log.wait_compacted();
        let loaded = load(&self.path).unwrap();
        assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        let on_disk = serde_json::to_value(loaded.store.unwrap()).unwrap();
        let in_memory = serde_json::to_value(&self.store).unwrap();
        if on_disk != in_memory {
            let (a, b) = (on_disk.to_string(), in_memory.to_string());
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            panic!(
                "the files differ from memory near byte {at}:\n disk:   {}\n memory: {}",
                &a[at.saturating_sub(200)..(at + 200).min(a.len())],
                &b[at.saturating_sub(200)..(at + 200).min(b.len())]
            );
        }
    }
}

#[test]
fn the_demo_and_every_kind_of_write_reload_exactly_through_compactions() {
    let mut s = Logged::new();
    s.log.compact_after(256 * 1024);
    // The demo's set-up and its cases 2 to 12: every kind of write it makes, without the time
    // the big case's long history and the other cases' would add.
    let steps = demo_seed().into_iter().filter(|step| {
        let case = step.input["caseId"].as_str().unwrap_or_default();
        step.operation == "CreateCase"
            || case.is_empty()
            || ("case-0002"..="case-0012").contains(&case)
    });
    for step in steps {
        let ctx = CallContext {
            now: step.at.unwrap_or_else(Utc::now),
            iam_principal_arn: step.principal.clone().unwrap_or(ROOT_PRINCIPAL.into()),
            id_override: step.id.clone(),
        };
        s.call(&step.operation, step.input, &ctx).unwrap();
    }
    s.assert_reloads();

    let d = "demo";
    let case = "case-0003".to_owned();
    let made = s.ok(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": case, "type": "Comment",
               "content": {"comment": {"body": "to edit", "contentType": "Text/Plain"}}}),
    );
    let comment = made["relatedItemId"].as_str().unwrap().to_owned();
    let items = s.ok("SearchRelatedItems", json!({"domainId": d, "caseId": case}));
    let item = |i: usize| {
        items["relatedItems"][i]["relatedItemId"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(
        items["relatedItems"].as_array().unwrap().len() > 3,
        "{items}"
    );
    s.ok(
        "UpdateRelatedItem",
        json!({"domainId": d, "caseId": case, "relatedItemId": comment, "type": "Comment",
               "content": {"comment": {"body": "edited", "contentType": "Text/Plain"}}}),
    );
    s.ok(
        "DeleteRelatedItem",
        json!({"domainId": d, "caseId": case, "relatedItemId": item(2)}),
    );
    s.ok(
        "UpdateCase",
        json!({"domainId": d, "caseId": case,
               "fields": [{"id": "title", "value": {"stringValue": "renamed"}}]}),
    );
    let template = s.ok(
        "CreateTemplate",
        json!({"domainId": d, "name": "Plain", "status": "Active"}),
    )["templateId"]
        .as_str()
        .unwrap()
        .to_owned();
    let made = s.ok(
        "CreateCase",
        json!({"domainId": d, "templateId": template, "clientToken": "retry-safe",
               "fields": [{"id": "title", "value": {"stringValue": "new"}}]}),
    );
    let new_case = made["caseId"].as_str().unwrap().to_owned();
    s.ok(
        "CreateRelatedItem",
        json!({"domainId": d, "caseId": new_case, "type": "Comment",
               "content": {"comment": {"body": "first", "contentType": "Text/Plain"}}}),
    );
    let field = s.ok(
        "CreateField",
        json!({"domainId": d, "name": "Region", "type": "SingleSelect"}),
    )["fieldId"]
        .as_str()
        .unwrap()
        .to_owned();
    s.ok(
        "BatchPutFieldOptions",
        json!({"domainId": d, "fieldId": field,
               "options": [{"name": "EU", "value": "eu", "active": true}]}),
    );
    s.ok(
        "UpdateField",
        json!({"domainId": d, "fieldId": field, "name": "Sales region"}),
    );
    let arn = |tail: &str| format!("{}:domain/{d}{tail}", crate::local::store::ARN_PREFIX);
    for target in [
        arn(""),
        arn(&format!("/case/{case}")),
        arn(&format!("/field/{field}")),
    ] {
        s.ok(
            "TagResource",
            json!({"arn": target, "tags": {"team": "blue"}}),
        );
    }
    s.ok(
        "UntagResource",
        json!({"arn": arn(&format!("/case/{case}")), "tagKeys": ["team"]}),
    );
    s.ok("DeleteCase", json!({"domainId": d, "caseId": new_case}));
    let other = s.ok("CreateDomain", json!({"name": "Second"}))["domainId"]
        .as_str()
        .unwrap()
        .to_owned();
    s.ok("CreateDomain", json!({"name": "Third"}));
    s.ok("DeleteDomain", json!({"domainId": other}));
    s.assert_reloads();
    let snapshot: Value = serde_json::from_slice(&std::fs::read(&s.path).unwrap()).unwrap();
    assert!(snapshot["seq"].as_u64().unwrap() > 0, "compactions ran");
}

#[test]
fn a_torn_last_record_is_ignored_and_damage_before_it_is_an_error() {
    let mut s = Logged::new();
    s.ok("CreateDomain", json!({"name": "One"}));
    s.ok("CreateDomain", json!({"name": "Two"}));
    let log = log_path(&s.path);
    let good = std::fs::read(&log).unwrap();

    let mut torn = good.clone();
    torn.truncate(good.len() - 5);
    std::fs::write(&log, &torn).unwrap();
    let loaded = load(&s.path).unwrap();
    assert_eq!(loaded.store.unwrap().domains.len(), 1);
    assert!(
        loaded.warnings[0].contains("ignored a torn last record"),
        "{:?}",
        loaded.warnings
    );

    // The first record's payload changed on disk while a valid record follows: not a crash.
    let mut damaged = good.clone();
    damaged[HEADER + 3] ^= 0x20;
    std::fs::write(&log, &damaged).unwrap();
    let err = load(&s.path).err().expect("damage is an error");
    assert!(format!("{err:#}").contains("is damaged"), "{err:#}");
}

/// The writes that change cases the request does not name by id (batches by reference id, a
/// merge completing at a later call, even a read) and the domain-level ones, each followed by a
/// reload.
#[test]
fn batches_merges_rules_and_deletes_reload_exactly_through_compactions() {
    let mut s = Logged::new();
    s.log.compact_after(2 * 1024);
    let d = s.ok("CreateDomain", json!({"name": "Batches"}))["domainId"]
        .as_str()
        .unwrap()
        .to_owned();
    let id = |v: Value, key: &str| v[key].as_str().unwrap().to_owned();
    let template = id(
        s.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "Plain", "status": "Active"}),
        ),
        "templateId",
    );
    let case = |s: &mut Logged, title: &str| {
        id(
            s.ok(
                "CreateCase",
                json!({"domainId": d, "templateId": template,
                       "fields": [{"id": "title", "value": {"stringValue": title}}]}),
            ),
            "caseId",
        )
    };
    let cases: Vec<String> = (0..6).map(|i| case(&mut s, &format!("case {i}"))).collect();
    let reference = |s: &mut Logged, c: &str| {
        let got = s.ok(
            "GetCase",
            json!({"domainId": d, "caseId": c, "fields": [{"id": "reference_number"}]}),
        );
        id(got["fields"][0]["value"].clone(), "stringValue")
    };
    let (r1, r2) = (reference(&mut s, &cases[1]), reference(&mut s, &cases[2]));
    s.assert_reloads();

    // Batches naming cases by reference id only.
    s.ok(
        "BatchCreateRelatedItem",
        json!({"domainId": d, "content": {"comment": {"body": "bulk", "contentType": "Text/Plain"}},
               "cases": [{"caseIdentifier": {"caseId": cases[0]}},
                         {"caseIdentifier": {"referenceId": r1.to_lowercase()}}]}),
    );
    s.assert_reloads();
    s.ok(
        "BatchUpdateCase",
        json!({"domainId": d,
               "fields": [{"fieldIdentifier": {"id": "summary"}, "value": {"stringValue": "bulk"}}],
               "cases": [{"caseIdentifier": {"referenceId": r2}},
                         {"caseIdentifier": {"caseId": cases[3]}}]}),
    );
    s.assert_reloads();

    // An SLA, then its target moved.
    let sla = id(
        s.ok(
            "CreateRelatedItem",
            json!({"domainId": d, "caseId": cases[3], "type": "Sla", "content": {"sla": {
                "slaInputConfiguration": {"name": "Reply", "type": "CaseField",
                                          "targetSlaMinutes": 60}}}}),
        ),
        "relatedItemId",
    );
    s.ok(
        "UpdateRelatedItem",
        json!({"domainId": d, "caseId": cases[3], "relatedItemId": sla,
               "content": {"sla": {"slaUpdateConfiguration": {"targetSlaMinutes": 90}}}}),
    );
    s.assert_reloads();

    // A merge completed by a read, and one completed by a write naming another case.
    let now = Utc::now();
    let later = now + chrono::Duration::minutes(10);
    s.at(
        "StartMergeCases",
        json!({"domainId": d, "caseId": cases[0], "secondaryCaseIds": [cases[2]],
               "fieldsConfiguration": [{"sourceCaseId": cases[2], "fieldIds": [{"id": "summary"}]}],
               "relatedItemsConfiguration": {"comment": true}}),
        now,
    );
    s.assert_reloads();
    let status = s.at(
        "GetMergeCasesStatus",
        json!({"domainId": d, "caseId": cases[2]}),
        later,
    );
    assert!(status.to_string().contains("COMPLETED"), "{status}");
    s.assert_reloads();
    s.at(
        "StartMergeCases",
        json!({"domainId": d, "caseId": cases[1], "secondaryCaseIds": [cases[3]],
               "relatedItemsConfiguration": {"comment": true}}),
        later,
    );
    let later = later + chrono::Duration::minutes(10);
    s.at(
        "UpdateCase",
        json!({"domainId": d, "caseId": cases[5],
               "fields": [{"id": "title", "value": {"stringValue": "elsewhere"}}]}),
        later,
    );
    s.assert_reloads();

    // Domain-level writes.
    let field = id(
        s.ok(
            "CreateField",
            json!({"domainId": d, "name": "Order", "type": "Text"}),
        ),
        "fieldId",
    );
    let rule = id(
        s.ok(
            "CreateCaseRule",
            json!({"domainId": d, "name": "Summary on close", "rule": {"required": {
                "defaultValue": false, "conditions": [{"equalTo": {
                    "operandOne": {"fieldId": "status"},
                    "operandTwo": {"stringValue": "closed"}, "result": true}}]}}}),
        ),
        "caseRuleId",
    );
    s.assert_reloads();
    s.ok(
        "UpdateCaseRule",
        json!({"domainId": d, "caseRuleId": rule, "name": "Renamed"}),
    );
    s.assert_reloads();
    s.ok(
        "PutCaseEventConfiguration",
        json!({"domainId": d, "eventBridge": {"enabled": true, "includedData": {
            "caseData": {"fields": [{"id": "title"}, {"id": field}]},
            "relatedItemData": {"includeContent": true}}}}),
    );
    s.assert_reloads();
    s.ok("DeleteCaseRule", json!({"domainId": d, "caseRuleId": rule}));
    s.ok("DeleteField", json!({"domainId": d, "fieldId": field}));
    s.assert_reloads();
    let layout = id(
        s.ok(
            "CreateLayout",
            json!({"domainId": d, "name": "Spare", "content": {"basic": {
                "topPanel": {"sections": []}, "moreInfo": {"sections": []}}}}),
        ),
        "layoutId",
    );
    let spare = id(
        s.ok(
            "CreateTemplate",
            json!({"domainId": d, "name": "Spare", "status": "Active"}),
        ),
        "templateId",
    );
    s.ok(
        "DeleteTemplate",
        json!({"domainId": d, "templateId": spare}),
    );
    s.ok("DeleteLayout", json!({"domainId": d, "layoutId": layout}));
    s.assert_reloads();
    let snapshot: Value = serde_json::from_slice(&std::fs::read(&s.path).unwrap()).unwrap();
    assert!(snapshot["seq"].as_u64().unwrap() > 0, "compactions ran");
}
