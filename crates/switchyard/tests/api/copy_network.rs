//! `switchyard copy-network`: a network started on SQLite moves to PostgreSQL whole; tokens,
//! queues, versions, errors and tasks keep working there.

use std::process::Command;
use std::sync::Arc;

use serde_json::Value;
use switchyard::config::Settings;
use switchyard_documents::DocumentType;
use switchyard_network::finding::Side;
use switchyard_network::model::{ProposedChange, RelationshipState, TaskType};
use switchyard_network::usecases::incoming::ProcessingReport;
use switchyard_network::usecases::send::{SendOutcome, Submission};
use switchyard_network::{PageBudget, SystemClock};
use switchyard_store_postgres::testing::TestServer;

async fn send_order(hub: &switchyard_network::Hub, token: &str, number: &str) -> uuid::Uuid {
    let caller = hub.authenticate(token, None).await.unwrap().caller().unwrap();
    let mut content = crate::helpers::readme_order();
    content["header"]["orderIdentifier"] = Value::from(number);
    let submission = Submission { kind: Some(Value::from("ORDER")), content: Some(content.to_string()) };
    match hub.send(caller, submission, None).await.unwrap() {
        SendOutcome::Delivered { id, .. } => id,
        other => panic!("not delivered: {other:?}"),
    }
}

#[tokio::test]
async fn a_network_copied_to_postgres_carries_on_there() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Settings::on(dir.path(), None);
    let hub = switchyard::server::open_hub(&sqlite, Arc::new(SystemClock)).await.unwrap();
    let demo = hub.seed_demo().await.unwrap();
    let (acme, supplier) = (&demo.companies[0].token, &demo.companies[1].token);
    let processed = send_order(&hub, acme, "PO-1").await;
    let pending = send_order(&hub, acme, "PO-2").await;
    let supplier_caller = hub.authenticate(supplier, None).await.unwrap().caller().unwrap();
    let failure = ProcessingReport {
        transaction_id: processed,
        success: false,
        error_reason: Some("unknown article".into()),
        error_type: switchyard_network::model::ErrorType::Data,
        error_context: None,
    };
    let marked = hub.mark_one(supplier_caller, failure, None).await.unwrap();
    hub.create_task(supplier_caller.company_id, TaskType::ExportCustomers, None).await.unwrap();
    let users = hub.users(None).await.unwrap();
    let acme_admin = users.iter().find(|user| user.email == "admin@acmecoltd.example").unwrap();
    let newcomer = demo.companies[4].company_id.parse().unwrap();
    let live = ProposedChange { kind: DocumentType::Order, state: RelationshipState::Active };
    let proposal = hub.propose_relationship(acme_admin, newcomer, Side::Sent, live).await.unwrap();
    drop(hub);

    let postgres = TestServer::start().expect("a private PostgreSQL server (install postgresql)");
    let url = postgres.fresh_database().await.unwrap();
    let copy = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_switchyard")).arg("--data").arg(dir.path()).args(args).output().unwrap()
    };
    let output = copy(&["copy-network", "--to", &url, "--json"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let counts: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (counts["companies"].as_u64(), counts["transactions"].as_u64(), counts["tasks"].as_u64()),
        (Some(5), Some(2), Some(1))
    );

    let migrate = Command::new(env!("CARGO_BIN_EXE_switchyard"))
        .args(["--database", &url, "migrate", "--json"])
        .output()
        .unwrap();
    let migrated: Value = serde_json::from_slice(&migrate.stdout).unwrap();
    let on_sqlite: Value = serde_json::from_slice(&copy(&["migrate", "--json"]).stdout).unwrap();
    assert!(migrated["schemaVersion"].as_u64().is_some_and(|version| version > 0));
    assert_eq!(migrated["schemaVersion"], on_sqlite["schemaVersion"], "both backends know the same migrations");
    assert!(!migrated["database"].as_str().unwrap().contains("secret"));

    let target = Settings::on(dir.path(), Some(&url));
    let moved = switchyard::server::open_hub(&target, Arc::new(SystemClock)).await.unwrap();
    let supplier_there = moved.authenticate(supplier, None).await.unwrap().caller().expect("tokens keep working");
    let queue = moved.list_incoming(supplier_there, Vec::new(), None, PageBudget::items(100)).await.unwrap();
    assert_eq!(queue.items.iter().map(|t| t.id).collect::<Vec<_>>(), [pending]);
    let (failed, story) = moved.transaction_story(supplier_there, processed).await.unwrap();
    assert_eq!(failed.status.as_str(), "FAILED");
    let kinds: Vec<&str> = story.iter().map(|event| event.kind.as_str()).collect();
    assert_eq!(kinds, ["SENT", "DELIVERED", "FAILED", "ERROR_OPENED"], "the story comes along, in order");
    let error = moved.error_details(marked.error_id.unwrap()).await.unwrap().unwrap();
    assert_eq!(error.0.reason, "unknown article");
    assert_eq!(moved.list_tasks(supplier_there, Vec::new(), None, 10).await.unwrap().items.len(), 1);
    let next = send_order(&moved, acme, "PO-3").await;
    assert!(
        moved
            .list_incoming(supplier_there, Vec::new(), None, PageBudget::items(100))
            .await
            .unwrap()
            .items
            .iter()
            .any(|t| t.id == next)
    );

    let proposals = moved.proposals(acme_admin.company_id).await.unwrap();
    assert_eq!(proposals, [proposal], "the proposal comes along, still waiting");
    let copied_entries = counts["auditEntries"].as_u64().unwrap_or_default();
    assert!(copied_entries > 0, "the audit log comes along: {counts}");
    let users = moved.users(None).await.unwrap();
    let admin = users.iter().find(|user| user.email == "admin@acmecoltd.example").unwrap();
    let log = moved.audit_log(admin, None, 500).await.unwrap();
    let actions: Vec<&str> = log.records.iter().map(|record| record.entry.action.as_str()).collect();
    assert!(actions.contains(&"RELATIONSHIP_SET") && actions.contains(&"USER_INVITED"), "{actions:?}");

    let again = copy(&["copy-network", "--to", &url]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}
