//! The people of a company: adding (inviting) them, one-time links to set a password, disabling
//! them, and their mail choices. The operator's command line and the portal's admins call these.

use serde::Serialize;
use uuid::Uuid;

use crate::effects::Effect;
use crate::model::{
    Actor, AuditAction, Company, LinkPurpose, MailChoices, MailOrder, NewUser, NewUserLink, Role, UserRecord,
};
use crate::{ApiToken, Error, Hub, Timestamp, new_id, password};

const HOUR: i64 = 3_600_000_000;
/// How long a link to set a password works.
pub const LINK_VALIDITY: i64 = 72 * HOUR;
const LINK_PREFIX: &str = "pw_";

/// Who adds a user: the operator (who hands the link over) or a company's admin (the link
/// goes out by mail).
#[derive(Clone, Copy, Debug)]
pub enum Inviter<'a> {
    Operator,
    Admin(&'a UserRecord),
}

/// A one-time link just made: the only moment its secret is known.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedLink {
    pub user_id: Uuid,
    pub email: String,
    /// `/portal/password/{secret}`, below the hub's public address.
    pub path: String,
    pub expires_at: Timestamp,
}

/// Whether `email` looks like a deliverable address: one `@`, a dotted domain, no spaces or
/// characters that would break a mail header.
fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control() || "<>,;\"".contains(c))
}

fn normalized_email(email: &str) -> Result<String, Error> {
    let email = email.trim().to_lowercase();
    if !is_plausible_email(&email) {
        return Err(Error::invalid("email", format!("`{email}` is not an e-mail address")));
    }
    Ok(email)
}

impl Hub {
    /// Adds a user to `company` with a link to set a first password.
    pub async fn add_user(
        &self,
        company: &Company,
        email: &str,
        role: Role,
        inviter: Inviter<'_>,
    ) -> Result<IssuedLink, Error> {
        let email = normalized_email(email)?;
        if let Inviter::Admin(admin) = inviter
            && (!admin.is_admin() || admin.company_id != company.id)
        {
            return Err(Error::not_found("only a company's admins invite its users"));
        }
        let now = self.now();
        let user = NewUser { id: new_id(), company_id: company.id, email: email.clone(), role, created_at: now };
        let (link, issued) = Self::new_link(user.id, &email, LinkPurpose::Invitation, now)?;
        let actor = match inviter {
            Inviter::Operator => Actor::Operator,
            Inviter::Admin(admin) => Actor::Person(admin.email.clone()),
        };
        let detail = serde_json::json!({ "email": email, "role": role });
        let audit = crate::effects::audited(company.id, &actor, AuditAction::UserInvited, now, detail);
        let mut effects = match inviter {
            Inviter::Operator => Vec::new(),
            Inviter::Admin(admin) => {
                let order = MailOrder::Invitation {
                    to: email.clone(),
                    company: company.name.clone(),
                    invited_by: Some(admin.email.clone()),
                    path: issued.path.clone(),
                    expires_at: issued.expires_at,
                };
                vec![Effect::Job(order.job(new_id(), now))]
            }
        };
        effects.push(audit);
        self.store.create_user(user, link, effects).await?;
        Ok(issued)
    }

    /// A fresh link for the user to choose a new password, for the operator to hand over.
    pub async fn password_reset_link(&self, email: &str) -> Result<IssuedLink, Error> {
        let user = self.enabled_user(email).await?;
        let (link, issued) = Self::new_link(user.id, &user.email, LinkPurpose::Reset, self.now())?;
        self.store.add_user_link(link, Vec::new()).await?;
        Ok(issued)
    }

    /// "Forgot password": mails a link to the user, if there is one with this address. Says
    /// nothing about whether there is, so that the form cannot be used to probe addresses.
    pub async fn request_password_reset(&self, email: &str) -> Result<(), Error> {
        let Ok(email) = normalized_email(email) else { return Ok(()) };
        let Some(user) = self.store.find_user_by_email(&email).await? else { return Ok(()) };
        if user.is_disabled() {
            return Ok(());
        }
        let now = self.now();
        let (link, issued) = Self::new_link(user.id, &user.email, LinkPurpose::Reset, now)?;
        let order = MailOrder::PasswordReset { to: user.email, path: issued.path, expires_at: issued.expires_at };
        self.store.add_user_link(link, vec![Effect::Job(order.job(new_id(), now))]).await?;
        Ok(())
    }

    /// Sets the password of the user the link `secret` was made for, and uses the link up.
    pub async fn set_password(&self, secret: &str, new_password: &str) -> Result<UserRecord, Error> {
        if let Some(problem) = password::problem(new_password) {
            return Err(Error::invalid("password", problem));
        }
        let hash = password::hash(new_password.to_owned()).await?;
        let used = self.store.use_user_link(crate::hash_token(secret), hash, self.now()).await?;
        let expired = || Error::not_found("this link has been used or has expired");
        let user_id = used.ok_or_else(expired)?;
        self.store.find_user(user_id).await?.ok_or_else(expired)
    }

    pub async fn disable_user(&self, email: &str) -> Result<UserRecord, Error> {
        let user = self.enabled_user(email).await?;
        let detail = serde_json::json!({ "email": user.email });
        let audit =
            crate::effects::audited(user.company_id, &Actor::Operator, AuditAction::UserDisabled, self.now(), detail);
        self.store.disable_user(user.id, self.now(), vec![audit]).await?;
        Ok(self.store.find_user(user.id).await?.unwrap_or(user))
    }

    /// A company's users, or everybody's.
    pub async fn users(&self, company: Option<&Company>) -> Result<Vec<UserRecord>, Error> {
        Ok(self.store.list_users(company.map(|company| company.id)).await?)
    }

    pub async fn set_mail_choices(&self, user: &UserRecord, choices: MailChoices) -> Result<(), Error> {
        Ok(self.store.set_mail_choices(user.id, choices).await?)
    }

    async fn enabled_user(&self, email: &str) -> Result<UserRecord, Error> {
        let email = normalized_email(email)?;
        match self.store.find_user_by_email(&email).await? {
            Some(user) if !user.is_disabled() => Ok(user),
            _ => Err(Error::not_found(format!("no enabled user with the e-mail `{email}`"))),
        }
    }

    fn new_link(
        user_id: Uuid,
        email: &str,
        purpose: LinkPurpose,
        now: Timestamp,
    ) -> Result<(NewUserLink, IssuedLink), Error> {
        let secret = ApiToken::with_prefix(LINK_PREFIX)
            .map_err(|error| Error::Internal(format!("no random numbers for a link: {error}")))?;
        let expires_at = now + LINK_VALIDITY;
        let link = NewUserLink { hash: secret.hash, user_id, purpose, created_at: now, expires_at };
        let path = format!("/portal/password/{}", secret.secret);
        Ok((link, IssuedLink { user_id, email: email.to_owned(), path, expires_at }))
    }
}

#[cfg(test)]
mod tests {
    use super::normalized_email;

    #[test]
    fn addresses_are_lower_cased_and_nonsense_refused() {
        assert_eq!(normalized_email(" Ann@Example.COM ").unwrap(), "ann@example.com");
        for wrong in ["ann", "ann@", "@example.com", "ann@example", "a b@example.com", "ann@@example.com", "<a>@x.de"] {
            assert!(normalized_email(wrong).is_err(), "{wrong}");
        }
    }
}

/// A mail to one of a company's people that was given up on after a day of failures.
#[derive(Clone, Debug)]
pub struct UndeliveredMail {
    pub to: String,
    /// `invitation`, `password reset`, `issues`.
    pub what: &'static str,
    pub error: Option<String>,
    pub given_up_at: Option<Timestamp>,
}

impl Hub {
    /// The latest mails to `admin`'s company's people that could not be delivered.
    pub async fn undelivered_mails(&self, admin: &UserRecord) -> Result<Vec<UndeliveredMail>, Error> {
        let users = self.store.list_users(Some(admin.company_id)).await?;
        let kinds = vec![crate::model::MAIL_JOB.to_owned(), crate::usecases::notify::DIGEST_JOB.to_owned()];
        let dead = self.store.list_dead_jobs(kinds, 500).await?;
        let ours = dead.into_iter().filter_map(|job| {
            let (to, what) = match serde_json::from_value::<MailOrder>(job.payload.clone()) {
                Ok(MailOrder::Invitation { to, .. }) => (to, "invitation"),
                Ok(MailOrder::PasswordReset { to, .. }) => (to, "password reset"),
                Ok(MailOrder::WebhookDisabled { to, .. }) => (to, "webhook turned off"),
                Err(_) => {
                    let user_id = job.payload["userId"].as_str()?.parse::<Uuid>().ok()?;
                    (users.iter().find(|user| user.id == user_id)?.email.clone(), "errors to resolve")
                }
            };
            users.iter().any(|user| user.email == to).then_some(UndeliveredMail {
                to,
                what,
                error: job.record.last_error,
                given_up_at: job.settled_at,
            })
        });
        Ok(ours.take(50).collect())
    }
}
