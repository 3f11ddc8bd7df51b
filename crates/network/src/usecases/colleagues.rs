//! An admin manages the people of the admin's own company in the portal: changes a role,
//! disables someone. Nobody acts on their own account here (another admin must), so that a
//! company always keeps an admin; a person of another company is not found.

use uuid::Uuid;

use crate::model::{Role, UserRecord};
use crate::{Error, Hub};

const NOT_YOURSELF: &str =
    "You cannot change your own role or disable yourself here: ask another admin of your company.";

impl Hub {
    /// Gives `user_id` the role `role`; answers the person as now stored.
    pub async fn change_role(&self, admin: &UserRecord, user_id: Uuid, role: Role) -> Result<UserRecord, Error> {
        let colleague = self.colleague(admin, user_id).await?;
        self.store.set_role(colleague.id, role).await?;
        self.reread(colleague).await
    }

    /// Disables `user_id`: their sessions end at once and they get no more mail.
    pub async fn disable_colleague(&self, admin: &UserRecord, user_id: Uuid) -> Result<UserRecord, Error> {
        let colleague = self.colleague(admin, user_id).await?;
        self.store.disable_user(colleague.id, self.now()).await?;
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

    async fn reread(&self, user: UserRecord) -> Result<UserRecord, Error> {
        Ok(self.store.find_user(user.id).await?.unwrap_or(user))
    }
}
