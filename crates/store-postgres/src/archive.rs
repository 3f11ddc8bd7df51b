//! Exporting the whole network as rows, and importing rows into an empty database in one
//! transaction.

use async_trait::async_trait;
use deadpool_postgres::Transaction;
use switchyard_network::archive::{ErrorRow, JobRow, Snapshot, TaskRow, TokenRow, TransactionRow, UserRow};
use switchyard_network::effects::Effect;
use switchyard_network::model::{AuditEntry, Company, Connection, Event, IdentifierRecord, Relationship};
use switchyard_network::store::{Archive, StoreError};
use tokio_postgres::{Client, Row};

use crate::PostgresStore;
use crate::events::{EVENT_COLUMNS, event_from_row};
use crate::proposals;
use crate::rows::{db_error, get, parsed};

async fn all<T>(db: &Client, sql: &str, map: impl Fn(&Row) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
    db.query(sql, &[]).await.map_err(db_error)?.iter().map(map).collect()
}

async fn export(db: &Client) -> Result<Snapshot, StoreError> {
    Ok(Snapshot {
        companies: all(db, "SELECT id, name, created_at FROM companies", |r| {
            Ok(Company { id: get(r, 0)?, name: get(r, 1)?, created_at: get(r, 2)? })
        })
        .await?,
        identifiers: all(db, "SELECT domain, identifier, company_id, label FROM party_identifiers", |r| {
            Ok(IdentifierRecord {
                domain: get(r, 0)?,
                identifier: get(r, 1)?,
                company_id: get(r, 2)?,
                label: get(r, 3)?,
            })
        })
        .await?,
        connections: all(db, "SELECT id, company_id, name, created_at FROM connections", |r| {
            Ok(Connection { id: get(r, 0)?, company_id: get(r, 1)?, name: get(r, 2)?, created_at: get(r, 3)? })
        })
        .await?,
        tokens: tokens(db).await?,
        relationships: all(db, "SELECT sender_id, receiver_id, document_type, state FROM relationships", |r| {
            Ok(Relationship {
                sender_id: get(r, 0)?,
                receiver_id: get(r, 1)?,
                kind: parsed(r, 2)?,
                state: parsed(r, 3)?,
            })
        })
        .await?,
        transactions: all(
            db,
            "SELECT t.id, t.document_type, t.sender_id, t.receiver_id, t.connection_id, t.flow, s.status, t.delivered,
             t.created_at, t.business_number, t.fingerprint, t.replaces_id, t.replaced_by_id, t.warnings, c.content,
             s.fetched_at, t.order_number
             FROM transactions t JOIN transaction_states s ON s.transaction_id = t.id
             JOIN contents c ON c.transaction_id = t.id ORDER BY t.created_at",
            |r| {
                Ok(TransactionRow {
                    id: get(r, 0)?,
                    document_type: get(r, 1)?,
                    sender_id: get(r, 2)?,
                    receiver_id: get(r, 3)?,
                    connection_id: get(r, 4)?,
                    flow: get(r, 5)?,
                    status: get(r, 6)?,
                    delivered: get(r, 7)?,
                    fetched_at: get(r, 15)?,
                    created_at: get(r, 8)?,
                    business_number: get(r, 9)?,
                    fingerprint: get(r, 10)?,
                    replaces_id: get(r, 11)?,
                    replaced_by_id: get(r, 12)?,
                    warnings: get(r, 13)?,
                    content: get(r, 14)?,
                    order_number: get(r, 16)?,
                })
            },
        )
        .await?,
        users: users(db).await?,
        errors: errors(db).await?,
        tasks: all(
            db,
            "SELECT id, company_id, task_type, payload, created_at, closed_at, success, result, error_id FROM tasks",
            |r| {
                Ok(TaskRow {
                    id: get(r, 0)?,
                    company_id: get(r, 1)?,
                    task_type: get(r, 2)?,
                    payload: get(r, 3)?,
                    created_at: get(r, 4)?,
                    closed_at: get(r, 5)?,
                    success: get(r, 6)?,
                    result: get(r, 7)?,
                    error_id: get(r, 8)?,
                })
            },
        )
        .await?,
        events: events(db).await?,
        jobs: jobs(db).await?,
        audit: audit(db).await?,
        proposals: all(db, &format!("{} ORDER BY proposed_at, id", proposals::COLUMNS), proposals::proposal_from_row)
            .await?,
    })
}

async fn audit(db: &Client) -> Result<Vec<AuditEntry>, StoreError> {
    all(db, "SELECT id, company_id, at, actor, action, detail FROM audit_log ORDER BY seq", |r| {
        Ok(AuditEntry {
            id: get(r, 0)?,
            company_id: get(r, 1)?,
            at: get(r, 2)?,
            actor: get(r, 3)?,
            action: parsed(r, 4)?,
            detail: parsed(r, 5)?,
        })
    })
    .await
}

async fn tokens(db: &Client) -> Result<Vec<TokenRow>, StoreError> {
    all(
        db,
        "SELECT id, connection_id, token_hash, hint, created_at, revoked_at, last_used_at, scopes, allowed_from,
             expires_at FROM tokens",
        |r| {
            Ok(TokenRow {
                id: get(r, 0)?,
                connection_id: get(r, 1)?,
                hash: get(r, 2)?,
                hint: get(r, 3)?,
                created_at: get(r, 4)?,
                revoked_at: get(r, 5)?,
                last_used_at: get(r, 6)?,
                scopes: get(r, 7)?,
                allowed_from: get(r, 8)?,
                expires_at: get(r, 9)?,
            })
        },
    )
    .await
}

async fn events(db: &Client) -> Result<Vec<Event>, StoreError> {
    all(db, &format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"), event_from_row).await
}

async fn jobs(db: &Client) -> Result<Vec<JobRow>, StoreError> {
    all(
        db,
        "SELECT id, kind, payload, state, created_at, due_at, attempts, claim, leased_until, last_error, settled_at
             FROM jobs",
        |r| {
            Ok(JobRow {
                id: get(r, 0)?,
                kind: get(r, 1)?,
                payload: get(r, 2)?,
                state: get(r, 3)?,
                created_at: get(r, 4)?,
                due_at: get(r, 5)?,
                attempts: get(r, 6)?,
                claim: get(r, 7)?,
                leased_until: get(r, 8)?,
                last_error: get(r, 9)?,
                settled_at: get(r, 10)?,
            })
        },
    )
    .await
}

async fn import(db: &Transaction<'_>, s: &Snapshot) -> Result<(), StoreError> {
    let existing: i64 = get(&db.query_one("SELECT COUNT(*) FROM companies", &[]).await.map_err(db_error)?, 0)?;
    if existing > 0 {
        return Err(StoreError::Conflict("the target database is not empty".into()));
    }
    for c in &s.companies {
        db.execute(
            "INSERT INTO companies (id, name, created_at) VALUES ($1, $2, $3)",
            &[&c.id, &c.name, &c.created_at],
        )
        .await
        .map_err(db_error)?;
    }
    for i in &s.identifiers {
        db.execute(
            "INSERT INTO party_identifiers (domain, identifier, company_id, label) VALUES ($1, $2, $3, $4)",
            &[&i.domain, &i.identifier, &i.company_id, &i.label],
        )
        .await
        .map_err(db_error)?;
    }
    for c in &s.connections {
        db.execute(
            "INSERT INTO connections (id, company_id, name, created_at) VALUES ($1, $2, $3, $4)",
            &[&c.id, &c.company_id, &c.name, &c.created_at],
        )
        .await
        .map_err(db_error)?;
    }
    import_tokens(db, &s.tokens).await?;
    for r in &s.relationships {
        db.execute(
            "INSERT INTO relationships (sender_id, receiver_id, document_type, state) VALUES ($1, $2, $3, $4)",
            &[&r.sender_id, &r.receiver_id, &r.kind.as_str(), &r.state.as_str()],
        )
        .await
        .map_err(db_error)?;
    }
    for u in &s.users {
        db.execute(
            "INSERT INTO users (id, company_id, email, role, password_hash, notify_issues, notify_incoming, notify_sent,
             created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &u.id, &u.company_id, &u.email, &u.role, &u.password_hash, &u.notify_issues, &u.notify_incoming,
                &u.notify_sent, &u.created_at, &u.disabled_at,
            ],
        )
        .await
        .map_err(db_error)?;
    }
    for t in &s.transactions {
        import_transaction(db, t).await?;
    }
    // Sends after the copy are stamped after everything it holds.
    let latest = s.transactions.iter().map(|t| t.created_at).max().unwrap_or(0);
    db.execute("SELECT setval('creation_clock', greatest($1, (SELECT last_value FROM creation_clock)))", &[&latest])
        .await
        .map_err(db_error)?;
    for e in &s.errors {
        db.execute(
            "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
             reason, context, created_at, resolved_at, resolved_by, resolution, redelivered_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
            &[
                &e.id, &e.company_id, &e.transaction_id, &e.transaction_type, &e.transaction_identifier, &e.origin, &e.error_type,
                &e.reason, &e.context, &e.created_at, &e.resolved_at, &e.resolved_by, &e.resolution, &e.redelivered_at,
            ],
        )
        .await
        .map_err(db_error)?;
    }
    for t in &s.tasks {
        db.execute(
            "INSERT INTO tasks (id, company_id, task_type, payload, created_at, closed_at, success, result, error_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &t.id,
                &t.company_id,
                &t.task_type,
                &t.payload,
                &t.created_at,
                &t.closed_at,
                &t.success,
                &t.result,
                &t.error_id,
            ],
        )
        .await
        .map_err(db_error)?;
    }
    import_story(db, s).await
}

/// The events, in their order, and the outbox's jobs as they stood.
async fn import_tokens(db: &Transaction<'_>, tokens: &[TokenRow]) -> Result<(), StoreError> {
    for t in tokens {
        db.execute(
            "INSERT INTO tokens (id, connection_id, token_hash, hint, created_at, revoked_at, last_used_at, scopes,
             allowed_from, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                &t.id,
                &t.connection_id,
                &t.hash,
                &t.hint,
                &t.created_at,
                &t.revoked_at,
                &t.last_used_at,
                &t.scopes,
                &t.allowed_from,
                &t.expires_at,
            ],
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

async fn import_story(db: &Transaction<'_>, s: &Snapshot) -> Result<(), StoreError> {
    let events: Vec<Effect> = s.events.iter().map(|event| Effect::Event(event.clone())).collect();
    crate::effects::write(db, &events).await?;
    let audit: Vec<Effect> = s.audit.iter().map(|entry| Effect::Audit(entry.clone())).collect();
    crate::effects::write(db, &audit).await?;
    for proposal in &s.proposals {
        crate::proposals::import(db, proposal).await?;
    }
    for j in &s.jobs {
        db.execute(
            "INSERT INTO jobs (id, kind, payload, state, created_at, due_at, attempts, claim, leased_until, last_error,
             settled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            &[
                &j.id,
                &j.kind,
                &j.payload,
                &j.state,
                &j.created_at,
                &j.due_at,
                &j.attempts,
                &j.claim,
                &j.leased_until,
                &j.last_error,
                &j.settled_at,
            ],
        )
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

async fn import_transaction(db: &Transaction<'_>, t: &TransactionRow) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered, created_at,
         business_number, fingerprint, replaces_id, replaced_by_id, warnings, order_number)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        &[
            &t.id, &t.document_type, &t.sender_id, &t.receiver_id, &t.connection_id, &t.flow, &t.delivered, &t.created_at,
            &t.business_number, &t.fingerprint, &t.replaces_id, &t.replaced_by_id, &t.warnings, &t.order_number,
        ],
    )
    .await
    .map_err(db_error)?;
    db.execute("INSERT INTO contents (transaction_id, content) VALUES ($1, $2)", &[&t.id, &t.content])
        .await
        .map_err(db_error)?;
    let delivered_to = t.delivered.then_some(t.receiver_id);
    db.execute(
        "INSERT INTO transaction_states (transaction_id, delivered_to, created_at, document_type, status, fetched_at,
         sender_id, flow, receiver_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &[
            &t.id,
            &delivered_to,
            &t.created_at,
            &t.document_type,
            &t.status,
            &t.fetched_at,
            &t.sender_id,
            &t.flow,
            &t.receiver_id,
        ],
    )
    .await
    .map_err(db_error)?;
    Ok(())
}

#[async_trait]
impl Archive for PostgresStore {
    async fn export(&self) -> Result<Snapshot, StoreError> {
        export(&**self.client().await?).await
    }

    async fn import(&self, snapshot: Snapshot) -> Result<(), StoreError> {
        let mut client = self.client().await?;
        let db = client.transaction().await.map_err(db_error)?;
        import(&db, &snapshot).await?;
        db.commit().await.map_err(db_error)
    }
}

async fn users(db: &Client) -> Result<Vec<UserRow>, StoreError> {
    all(db, "SELECT id, company_id, email, role, password_hash, notify_issues, notify_incoming, notify_sent, created_at, disabled_at FROM users", |r| {
        Ok(UserRow {
            id: get(r, 0)?,
            company_id: get(r, 1)?,
            email: get(r, 2)?,
            role: get(r, 3)?,
            password_hash: get(r, 4)?,
            notify_issues: get(r, 5)?,
            notify_incoming: get(r, 6)?,
            notify_sent: get(r, 7)?,
            created_at: get(r, 8)?,
            disabled_at: get(r, 9)?,
        })
    })
    .await
}

async fn errors(db: &Client) -> Result<Vec<ErrorRow>, StoreError> {
    all(
        db,
        "SELECT id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type, reason,
         context, created_at, resolved_at, resolved_by, resolution, redelivered_at FROM errors",
        |r| {
            Ok(ErrorRow {
                id: get(r, 0)?,
                company_id: get(r, 1)?,
                transaction_id: get(r, 2)?,
                transaction_type: get(r, 3)?,
                transaction_identifier: get(r, 4)?,
                origin: get(r, 5)?,
                error_type: get(r, 6)?,
                reason: get(r, 7)?,
                context: get(r, 8)?,
                created_at: get(r, 9)?,
                resolved_at: get(r, 10)?,
                resolved_by: get(r, 11)?,
                resolution: get(r, 12)?,
                redelivered_at: get(r, 13)?,
            })
        },
    )
    .await
}
