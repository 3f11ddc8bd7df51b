//! Operator actions on the network: companies, identifiers, connections and tokens,
//! relationships. The command line and the demo seed call these.

use serde::Serialize;
use serde_json::json;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::model::{
    Actor, AuditAction, Company, Connection, Grant, IdentifierRecord, NewToken, Relationship, RelationshipState,
    TokenRecord, UserRecord,
};
use crate::store::StoreError;
use crate::{ApiToken, Error, Hub, effects, new_id};

/// A token just issued: the only moment its secret is known.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuedToken {
    pub token_id: Uuid,
    pub connection_id: Uuid,
    pub connection_name: String,
    pub company_id: Uuid,
    pub token: String,
    #[serde(flatten)]
    pub grant: Grant,
}

impl Hub {
    pub async fn add_company(&self, name: &str) -> Result<Company, Error> {
        let company = Company { id: new_id(), name: name.trim().to_owned(), created_at: self.now() };
        self.store.create_company(company.clone()).await?;
        Ok(company)
    }

    pub async fn company(&self, id_or_name: &str) -> Result<Company, Error> {
        self.store
            .find_company(id_or_name)
            .await?
            .ok_or_else(|| Error::not_found(format!("no company with id or name `{id_or_name}`")))
    }

    pub async fn add_identifier(
        &self,
        company: &Company,
        domain: &str,
        identifier: &str,
        label: Option<&str>,
    ) -> Result<IdentifierRecord, Error> {
        let record = IdentifierRecord {
            domain: domain.trim().to_owned(),
            identifier: identifier.trim().to_owned(),
            company_id: company.id,
            label: label.map(str::to_owned),
        };
        self.store.add_identifier(record.clone()).await?;
        Ok(record)
    }

    /// Issues a token that may do everything on the company's connection of that name, creating
    /// the connection if new.
    pub async fn issue_token(&self, company: &Company, connection_name: &str) -> Result<IssuedToken, Error> {
        self.issue_granted_token(company, connection_name, Grant::default(), &Actor::Operator).await
    }

    /// Issues a token limited to `grant` on the company's connection of that name, creating the
    /// connection if new.
    pub async fn issue_granted_token(
        &self,
        company: &Company,
        connection_name: &str,
        grant: Grant,
        actor: &Actor,
    ) -> Result<IssuedToken, Error> {
        if grant.expired(self.now()) {
            return Err(Error::invalid("expires", "the expiry date is in the past; the token would never work"));
        }
        let connection = if let Some(existing) = self.store.find_connection(company.id, connection_name).await? {
            existing
        } else {
            let connection = Connection {
                id: new_id(),
                company_id: company.id,
                name: connection_name.to_owned(),
                created_at: self.now(),
            };
            self.store.create_connection(connection.clone()).await?;
            connection
        };
        let (new_token, secret) = self.new_token(connection.id, grant.clone())?;
        let token_id = new_token.id;
        let detail = json!({
            "connection": connection.name, "token": new_token.hint, "scopes": grant.scopes,
            "networks": grant.allowed_from, "expiresAt": grant.expires_at,
        });
        let audit = effects::audited(company.id, actor, AuditAction::TokenIssued, self.now(), detail);
        self.store.add_token(new_token, vec![audit]).await?;
        Ok(IssuedToken {
            token_id,
            connection_id: connection.id,
            connection_name: connection.name,
            company_id: company.id,
            token: secret,
            grant,
        })
    }

    pub async fn list_companies(&self) -> Result<Vec<Company>, Error> {
        Ok(self.store.list_companies().await?)
    }

    pub async fn list_identifiers(&self, company: &Company) -> Result<Vec<IdentifierRecord>, Error> {
        Ok(self.store.list_identifiers(company.id).await?)
    }

    /// Relationships the company sends or receives through.
    pub async fn list_relationships(&self, company: &Company) -> Result<Vec<Relationship>, Error> {
        Ok(self.store.list_relationships(company.id).await?)
    }

    pub async fn list_tokens(&self, company: &Company) -> Result<Vec<TokenRecord>, Error> {
        Ok(self.store.list_tokens(company.id).await?)
    }

    /// Issues a new token on the same connection, with the same grant, and revokes the old one
    /// in the same step.
    pub async fn rotate_token(&self, token_id: Uuid) -> Result<IssuedToken, Error> {
        self.rotate_token_as(token_id, &Actor::Operator).await
    }

    async fn rotate_token_as(&self, token_id: Uuid, actor: &Actor) -> Result<IssuedToken, Error> {
        let old = self.active_token(token_id).await?;
        let (new_token, secret) = self.new_token(old.connection_id, old.grant.clone())?;
        let new_id = new_token.id;
        let detail = json!({ "connection": old.connection_name, "token": old.hint, "newToken": new_token.hint });
        let audit = effects::audited(old.company_id, actor, AuditAction::TokenRotated, self.now(), detail);
        self.store.replace_token(token_id, new_token, vec![audit]).await.map_err(|error| match error {
            StoreError::NotFound => unknown_token(token_id),
            other => other.into(),
        })?;
        Ok(IssuedToken {
            token_id: new_id,
            connection_id: old.connection_id,
            connection_name: old.connection_name,
            company_id: old.company_id,
            token: secret,
            grant: old.grant,
        })
    }

    /// [`Hub::rotate_token`] for a company's admin: a token of another company is not found.
    pub async fn rotate_own_token(&self, admin: &UserRecord, token_id: Uuid) -> Result<IssuedToken, Error> {
        self.own_token(admin.company_id, token_id).await?;
        self.rotate_token_as(token_id, &Actor::Person(admin.email.clone())).await
    }

    /// [`Hub::revoke_token`] for a company's admin: a token of another company is not found.
    pub async fn revoke_own_token(&self, admin: &UserRecord, token_id: Uuid) -> Result<TokenRecord, Error> {
        self.own_token(admin.company_id, token_id).await?;
        self.revoke_token_as(token_id, &Actor::Person(admin.email.clone())).await
    }

    async fn own_token(&self, company_id: Uuid, token_id: Uuid) -> Result<TokenRecord, Error> {
        let token = self.active_token(token_id).await?;
        if token.company_id == company_id { Ok(token) } else { Err(unknown_token(token_id)) }
    }

    pub async fn revoke_token(&self, token_id: Uuid) -> Result<TokenRecord, Error> {
        self.revoke_token_as(token_id, &Actor::Operator).await
    }

    async fn revoke_token_as(&self, token_id: Uuid, actor: &Actor) -> Result<TokenRecord, Error> {
        let token = self.active_token(token_id).await?;
        let detail = json!({ "connection": token.connection_name, "token": token.hint });
        let audit = effects::audited(token.company_id, actor, AuditAction::TokenRevoked, self.now(), detail);
        self.store.revoke_token(token_id, self.now(), vec![audit]).await?;
        Ok(TokenRecord { revoked_at: Some(self.now()), ..token })
    }

    pub async fn set_relationships(
        &self,
        sender: &Company,
        receiver: &Company,
        kinds: &[DocumentType],
        state: RelationshipState,
    ) -> Result<Vec<Relationship>, Error> {
        let mut set = Vec::with_capacity(kinds.len());
        for kind in kinds {
            let relationship = Relationship { sender_id: sender.id, receiver_id: receiver.id, kind: *kind, state };
            let detail =
                json!({ "sender": sender.name, "receiver": receiver.name, "type": kind.as_str(), "state": state });
            let audit = [sender.id, receiver.id].map(|company| {
                effects::audited(company, &Actor::Operator, AuditAction::RelationshipSet, self.now(), detail.clone())
            });
            self.store.set_relationship(relationship.clone(), audit.to_vec()).await?;
            set.push(relationship);
        }
        Ok(set)
    }

    async fn active_token(&self, token_id: Uuid) -> Result<TokenRecord, Error> {
        self.store
            .find_token(token_id)
            .await?
            .filter(|token| token.revoked_at.is_none())
            .ok_or_else(|| unknown_token(token_id))
    }

    fn new_token(&self, connection_id: Uuid, grant: Grant) -> Result<(NewToken, String), Error> {
        let token = ApiToken::generate()
            .map_err(|error| Error::Internal(format!("the operating system's random generator failed: {error}")))?;
        let record = NewToken {
            id: new_id(),
            connection_id,
            hash: token.hash,
            hint: token.hint(),
            created_at: self.now(),
            grant,
        };
        Ok((record, token.secret))
    }
}

fn unknown_token(token_id: Uuid) -> Error {
    Error::not_found(format!("no active token with id `{token_id}`"))
}
