//! Tasks for a company's ERP: operators create them, the ERP lists and closes them, and an
//! export's result is checked and kept so that ERP records can be matched to companies.

use serde_json::Value;
use switchyard_documents::Problems;
use uuid::Uuid;

use crate::model::{Answering, Caller, ErrorOrigin, ErrorType, NewError, NewTask, TaskClosing, TaskRecord, TaskType};
use crate::routing_table::RoutingTable;
use crate::store::{TaskClosed, TaskQuery};
use crate::{Cursor, Error, Hub, Page, new_id};

/// The ERP's report on a task.
#[derive(Clone, Debug)]
pub struct TaskReport {
    pub success: bool,
    pub result: Option<Value>,
    pub error_reason: Option<String>,
    pub error_type: ErrorType,
    pub error_context: Option<Value>,
}

impl Hub {
    /// Hands a task to the company's ERP, told to its endpoints that listen to `task.created`.
    pub async fn create_task(&self, company_id: Uuid, kind: TaskType, payload: Option<Value>) -> Result<Uuid, Error> {
        let routing = self.latest_routing_table().await?;
        let mut task = NewTask { id: new_id(), company_id, kind, payload, created_at: self.now(), effects: Vec::new() };
        let data = serde_json::json!({ "procurosTaskId": task.id });
        let event = crate::model::WebhookEvent::TaskCreated;
        task.effects = crate::effects::of_webhook(&routing, company_id, event, None, Some(&data), task.created_at);
        let id = task.id;
        self.store.create_task(task).await?;
        Ok(id)
    }

    pub async fn list_tasks(
        &self,
        caller: Caller,
        kinds: Vec<TaskType>,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Page<TaskRecord>, Error> {
        self.company_open_tasks(caller.company_id, kinds, after, limit).await
    }

    /// A page of the company's open tasks, oldest first (its ERP's view, and the operator's).
    pub async fn company_open_tasks(
        &self,
        company_id: Uuid,
        kinds: Vec<TaskType>,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<Page<TaskRecord>, Error> {
        let query = TaskQuery { company_id, kinds, after, limit: limit + 1 };
        let rows = self.store.list_open_tasks(query).await?;
        Ok(Page::from_overfetch(rows, limit, |row| Cursor { created_at: row.created_at, id: row.id }))
    }

    /// Closes the caller's open task `id`; a failure opens an error, whose id comes back.
    /// Under an idempotency key, `answering` renders the answer stored with the closing.
    pub async fn report_task(
        &self,
        caller: Caller,
        id: Uuid,
        report: TaskReport,
        answering: Option<&Answering<Option<Uuid>>>,
    ) -> Result<Option<Uuid>, Error> {
        let Some(task) = self.store.find_task(id).await?.filter(|task| task.company_id == caller.company_id) else {
            return Err(unknown_task(id));
        };
        if task.closed_at.is_some() {
            return Err(not_open());
        }
        if report.success {
            let problems = check_result(task.kind, report.result.as_ref());
            if !problems.is_empty() {
                return Err(Error::Invalid(problems));
            }
        }
        let routing = self.routing_table(caller.routing_version).await?;
        let mut closing = self.closing_of(caller, &task, report, &routing);
        let error_id = closing.error.as_ref().map(|error| error.id);
        closing.effects.extend(answering.map(|answering| answering.effect(&error_id)));
        match self.store.close_task(caller.company_id, id, closing).await? {
            TaskClosed::Closed => Ok(error_id),
            TaskClosed::NotFound => Err(unknown_task(id)),
            TaskClosed::AlreadyClosed => Err(not_open()),
        }
    }

    /// Any task, for operators.
    pub async fn find_task(&self, id: Uuid) -> Result<TaskRecord, Error> {
        self.store.find_task(id).await?.ok_or_else(|| unknown_task(id))
    }

    fn closing_of(&self, caller: Caller, task: &TaskRecord, report: TaskReport, routing: &RoutingTable) -> TaskClosing {
        let error = (!report.success).then(|| {
            let reason = report.error_reason.unwrap_or_else(|| "The task failed.".into());
            NewError::new(caller.company_id, ErrorOrigin::TaskFailed, report.error_type, reason, self.now())
                .about(None, None, Some(format!("{} task {}", task.kind, task.id)))
                .with_context(report.error_context)
                .told(routing)
        });
        TaskClosing {
            success: report.success,
            result: report.result,
            error,
            closed_at: self.now(),
            effects: Vec::new(),
        }
    }
}

fn unknown_task(id: Uuid) -> Error {
    Error::not_found(format!("no task {id}"))
}

fn not_open() -> Error {
    Error::invalid("procurosTaskId", "The task is not open.")
}

/// An export's result must list trade partners: `systemIdentifier`, `isEnabled`, `mainParty`.
fn check_result(kind: TaskType, result: Option<&Value>) -> Problems {
    let mut problems = Problems::new();
    if kind == TaskType::SyncEnabledTradePartners {
        return problems;
    }
    let Some(partners) = result.and_then(Value::as_array) else {
        problems.add("result", "An export needs a result: the list of trade partners.");
        return problems;
    };
    for (index, partner) in partners.iter().enumerate() {
        check_partner(partner, &format!("result.{index}"), &mut problems);
    }
    problems
}

fn check_partner(partner: &Value, path: &str, problems: &mut Problems) {
    let text = partner.get("systemIdentifier").and_then(Value::as_str);
    if text.is_none_or(|text| text.trim().is_empty()) {
        problems.add(format!("{path}.systemIdentifier"), "The systemIdentifier field is required.");
    }
    if !partner.get("isEnabled").is_some_and(Value::is_boolean) {
        problems.add(format!("{path}.isEnabled"), "The isEnabled field must be true or false.");
    }
    if !partner.get("mainParty").is_some_and(Value::is_object) {
        problems.add(format!("{path}.mainParty"), "The mainParty field must be a party object.");
    }
    let additional = partner.get("additionalParties");
    if additional.is_some_and(|parties| !parties.is_null() && !parties.is_object()) {
        problems.add(format!("{path}.additionalParties"), "The additionalParties field must be an object.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_export_result_names_each_missing_field() {
        let result = json!([{"systemIdentifier": "KU-1", "isEnabled": true, "mainParty": {}}, {"isEnabled": "yes"}]);
        let problems = check_result(TaskType::ExportCustomers, Some(&result));
        let paths: Vec<String> = problems.by_path().into_keys().collect();
        assert_eq!(paths, ["result.1.isEnabled", "result.1.mainParty", "result.1.systemIdentifier"]);
    }

    #[test]
    fn a_sync_task_needs_no_result() {
        assert!(check_result(TaskType::SyncEnabledTradePartners, None).is_empty());
        assert!(!check_result(TaskType::ExportSuppliers, None).is_empty());
    }
}
