//! Errors for people to resolve, and tasks for the companies' ERPs.

use std::sync::Arc;

use serde_json::json;

use super::fixture;
use crate::model::{ErrorOrigin, ErrorType, NewError, NewTask, TaskClosing, TaskType};
use crate::new_id;
use crate::store::{Store, TaskClosed, TaskQuery};

pub async fn an_error_is_read_back_with_its_company(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let error = NewError::new(fixture.sender, ErrorOrigin::Reported, ErrorType::Internal, "ERP export failed", 7)
        .about(None, Some(switchyard_documents::DocumentType::Invoice), Some("INV-9".into()))
        .with_context(Some(json!({"step": "export"})));
    store.open_error(error.clone()).await.expect("opened");
    let stored = store.find_error(error.id).await.expect("read").expect("found");
    assert_eq!((stored.company_name.as_str(), stored.reason.as_str()), ("Sender", "ERP export failed"));
    assert_eq!((stored.origin, stored.error_type), (ErrorOrigin::Reported, ErrorType::Internal));
    assert_eq!(stored.transaction_identifier.as_deref(), Some("INV-9"));
    assert_eq!(stored.context, Some(json!({"step": "export"})));
    assert_eq!((stored.created_at, stored.resolved_at), (7, None));
    assert!(store.find_error(new_id()).await.expect("read").is_none());
}

fn task(company_id: uuid::Uuid, kind: TaskType, at: i64) -> NewTask {
    NewTask {
        id: new_id(),
        company_id,
        kind,
        payload: Some(json!({"since": "2024-01-01"})),
        created_at: at,
        effects: Vec::new(),
    }
}

pub async fn open_tasks_are_listed_and_a_task_closes_once(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let export = task(fixture.receiver, TaskType::ExportCustomers, 1);
    let sync = task(fixture.receiver, TaskType::SyncEnabledTradePartners, 2);
    for task in [&export, &sync] {
        store.create_task(task.clone()).await.expect("created");
    }
    let query = |kinds| TaskQuery { company_id: fixture.receiver, kinds, after: None, limit: 10 };
    let open: Vec<_> = store.list_open_tasks(query(vec![])).await.expect("listed").into_iter().map(|t| t.id).collect();
    assert_eq!(open, [export.id, sync.id]);
    let syncs = store.list_open_tasks(query(vec![TaskType::SyncEnabledTradePartners])).await.expect("listed");
    assert_eq!(syncs.iter().map(|t| t.id).collect::<Vec<_>>(), [sync.id]);
    let closing =
        TaskClosing { success: true, result: Some(json!([])), error: None, closed_at: 3, effects: Vec::new() };
    assert_eq!(
        store.close_task(fixture.sender, export.id, closing.clone()).await.expect("answered"),
        TaskClosed::NotFound
    );
    assert_eq!(
        store.close_task(fixture.receiver, export.id, closing.clone()).await.expect("answered"),
        TaskClosed::Closed
    );
    assert_eq!(
        store.close_task(fixture.receiver, export.id, closing).await.expect("answered"),
        TaskClosed::AlreadyClosed
    );
    let closed = store.find_task(export.id).await.expect("read").expect("kept");
    assert_eq!((closed.closed_at, closed.success, closed.result), (Some(3), Some(true), Some(json!([]))));
    let open: Vec<_> = store.list_open_tasks(query(vec![])).await.expect("listed").into_iter().map(|t| t.id).collect();
    assert_eq!(open, [sync.id], "a closed task leaves the list");
}

pub async fn a_failed_task_opens_its_error(store: Arc<dyn Store>) {
    let fixture = fixture(&store).await;
    let export = task(fixture.receiver, TaskType::ExportSuppliers, 1);
    store.create_task(export.clone()).await.expect("created");
    let error = NewError::new(fixture.receiver, ErrorOrigin::TaskFailed, ErrorType::Data, "no access", 2);
    let closing =
        TaskClosing { success: false, result: None, error: Some(error.clone()), closed_at: 2, effects: Vec::new() };
    assert_eq!(store.close_task(fixture.receiver, export.id, closing).await.expect("answered"), TaskClosed::Closed);
    assert_eq!(store.find_task(export.id).await.expect("read").expect("kept").error_id, Some(error.id));
    assert_eq!(store.find_error(error.id).await.expect("read").expect("opened").reason, "no access");
}
