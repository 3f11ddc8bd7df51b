//! An admin manages the people of the admin's own company in the portal: changes a role,
//! disables someone. Nobody acts on their own account here (another admin must), so that a
//! company always keeps an admin; a person of another company is not found. Admins read what
//! was changed in their company in its audit log.

use serde_json::json;
use uuid::Uuid;

use crate::effects::{self, Effect};
use crate::model::{Actor, AuditAction, Role, UserRecord};
use crate::{Error, Hub};

const NOT_YOURSELF: &str =
    "You cannot change your own role or disable yourself here: ask another admin of your company.";

impl Hub {
    /// Gives `user_id` the role `role`; answers the person as now stored.
    pub async fn change_role(&self, admin: &UserRecord, user_id: Uuid, role: Role) -> Result<UserRecord, Error> {
        let colleague = self.colleague(admin, user_id).await?;
        let detail = json!({ "email": colleague.email, "role": role });
        self.store.set_role(colleague.id, role, vec![self.audited_by(admin, AuditAction::RoleChanged, detail)]).await?;
        self.reread(colleague).await
    }

    /// Disables `user_id`: their sessions end at once and they get no more mail.
    pub async fn disable_colleague(&self, admin: &UserRecord, user_id: Uuid) -> Result<UserRecord, Error> {
        let colleague = self.colleague(admin, user_id).await?;
        let audit = self.audited_by(admin, AuditAction::UserDisabled, json!({ "email": colleague.email }));
        self.store.disable_user(colleague.id, self.now(), vec![audit]).await?;
        self.reread(colleague).await
    }

    /// The enabled person `user_id` of the admin's company, other than the admin.
    async fn colleague(&self, admin: &UserRecord, user_id: Uuid) -> Result<UserRecord, Error> {
        if admin.id == user_id && admin.is_admin() {
            return Err(Error::Conflict(NOT_YOURSELF.into()));
        }
        let found = self.store.find_user(user_id).await?;
        // A member manages nobody: for them, as for a stranger, there is no such person.
        found
            .filter(|user| admin.is_admin() && user.company_id == admin.company_id && !user.is_disabled())
            .ok_or_else(|| Error::not_found(format!("no enabled person {user_id} in the company")))
    }

    /// An entry of the admin's company's log, naming the admin.
    fn audited_by(&self, admin: &UserRecord, action: AuditAction, detail: serde_json::Value) -> Effect {
        effects::audited(admin.company_id, &Actor::Person(admin.email.clone()), action, self.now(), detail)
    }

    async fn reread(&self, user: UserRecord) -> Result<UserRecord, Error> {
        Ok(self.store.find_user(user.id).await?.unwrap_or(user))
    }
}

/// A page of a company's audit log.
#[derive(Clone, Debug)]
pub struct AuditPage {
    pub records: Vec<crate::model::AuditRecord>,
    /// Where the next (older) page starts.
    pub older: Option<i64>,
}

impl Hub {
    /// The admin's company's audit log, newest first, `limit` entries older than `before`.
    pub async fn audit_log(&self, admin: &UserRecord, before: Option<i64>, limit: usize) -> Result<AuditPage, Error> {
        if !admin.is_admin() {
            return Err(Error::not_found("the audit log is for a company's admins"));
        }
        let mut records = self.store.list_audit(admin.company_id, before, limit + 1).await?;
        let older = if records.len() > limit {
            records.truncate(limit);
            records.last().map(|record| record.seq)
        } else {
            None
        };
        Ok(AuditPage { records, older })
    }
}
