//! Exporting the whole network as rows, and importing rows into an empty database.

use async_trait::async_trait;
use rusqlite::{Connection as Db, Row, params};
use switchyard_network::archive::{ErrorRow, JobRow, Snapshot, TaskRow, TokenRow, TransactionRow, UserRow};
use switchyard_network::effects::Effect;
use switchyard_network::model::{AuditEntry, Company, Connection, Event, IdentifierRecord, Relationship};
use switchyard_network::store::{Archive, StoreError};

use crate::SqliteStore;
use crate::events::{EVENT_COLUMNS, event_from_row};
use crate::recording::insert_state;
use crate::rows::{db_error, parsed, parsed_opt, uuid_text};

fn all<T>(db: &Db, sql: &str, map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>, StoreError> {
    let mut statement = db.prepare(sql).map_err(db_error)?;
    let rows = statement.query_map([], map).map_err(db_error)?;
    rows.collect::<Result<_, _>>().map_err(db_error)
}

fn export(db: &Db) -> Result<Snapshot, StoreError> {
    Ok(Snapshot {
        companies: all(db, "SELECT id, name, created_at FROM companies", |r| {
            Ok(Company { id: parsed(r, 0)?, name: r.get(1)?, created_at: r.get(2)? })
        })?,
        identifiers: all(db, "SELECT domain, identifier, company_id, label FROM party_identifiers", |r| {
            Ok(IdentifierRecord { domain: r.get(0)?, identifier: r.get(1)?, company_id: parsed(r, 2)?, label: r.get(3)? })
        })?,
        connections: all(db, "SELECT id, company_id, name, created_at FROM connections", |r| {
            Ok(Connection { id: parsed(r, 0)?, company_id: parsed(r, 1)?, name: r.get(2)?, created_at: r.get(3)? })
        })?,
        tokens: all(db, "SELECT id, connection_id, token_hash, hint, created_at, revoked_at, last_used_at, scopes, allowed_from, expires_at FROM tokens", |r| {
            Ok(TokenRow {
                id: parsed(r, 0)?,
                connection_id: parsed(r, 1)?,
                hash: r.get(2)?,
                hint: r.get(3)?,
                created_at: r.get(4)?,
                revoked_at: r.get(5)?,
                last_used_at: r.get(6)?,
                scopes: r.get(7)?,
                allowed_from: r.get(8)?,
                expires_at: r.get(9)?,
            })
        })?,
        relationships: all(db, "SELECT sender_id, receiver_id, document_type, state FROM relationships", |r| {
            Ok(Relationship { sender_id: parsed(r, 0)?, receiver_id: parsed(r, 1)?, kind: parsed(r, 2)?, state: parsed(r, 3)? })
        })?,
        users: users(db)?,
        transactions: transactions(db)?,
        errors: all(
            db,
            "SELECT id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type, reason,
             context, created_at, resolved_at, resolved_by, resolution, redelivered_at FROM errors",
            |r| {
                Ok(ErrorRow {
                    id: parsed(r, 0)?,
                    company_id: parsed(r, 1)?,
                    transaction_id: parsed_opt(r, 2)?,
                    transaction_type: r.get(3)?,
                    transaction_identifier: r.get(4)?,
                    origin: r.get(5)?,
                    error_type: r.get(6)?,
                    reason: r.get(7)?,
                    context: r.get(8)?,
                    created_at: r.get(9)?,
                    resolved_at: r.get(10)?,
                    resolved_by: r.get(11)?,
                    resolution: r.get(12)?,
                    redelivered_at: r.get(13)?,
                })
            },
        )?,
        tasks: all(
            db,
            "SELECT id, company_id, task_type, payload, created_at, closed_at, success, result, error_id FROM tasks",
            |r| {
                Ok(TaskRow {
                    id: parsed(r, 0)?,
                    company_id: parsed(r, 1)?,
                    task_type: r.get(2)?,
                    payload: r.get(3)?,
                    created_at: r.get(4)?,
                    closed_at: r.get(5)?,
                    success: r.get(6)?,
                    result: r.get(7)?,
                    error_id: parsed_opt(r, 8)?,
                })
            },
        )?,
        events: events(db)?,
        jobs: jobs(db)?,
        audit: audit(db)?,
        proposals: crate::proposals::every(db)?,
    })
}

fn transactions(db: &Db) -> Result<Vec<TransactionRow>, StoreError> {
    all(
        db,
        "SELECT t.id, t.document_type, t.sender_id, t.receiver_id, t.connection_id, t.flow, s.status, t.delivered,
         t.created_at, t.business_number, t.fingerprint, t.replaces_id, t.replaced_by_id, t.warnings, c.content,
         s.fetched_at, t.order_number
         FROM transactions t JOIN transaction_states s ON s.transaction_id = t.id
         JOIN contents c ON c.transaction_id = t.id ORDER BY t.created_at",
        |r| {
            Ok(TransactionRow {
                id: parsed(r, 0)?,
                document_type: r.get(1)?,
                sender_id: parsed(r, 2)?,
                receiver_id: parsed(r, 3)?,
                connection_id: parsed(r, 4)?,
                flow: r.get(5)?,
                status: r.get(6)?,
                delivered: r.get(7)?,
                fetched_at: r.get(15)?,
                created_at: r.get(8)?,
                business_number: r.get(9)?,
                fingerprint: r.get(10)?,
                replaces_id: parsed_opt(r, 11)?,
                replaced_by_id: parsed_opt(r, 12)?,
                warnings: r.get(13)?,
                content: r.get(14)?,
                order_number: r.get(16)?,
            })
        },
    )
}

fn audit(db: &Db) -> Result<Vec<AuditEntry>, StoreError> {
    all(db, "SELECT id, company_id, at, actor, action, detail FROM audit_log ORDER BY seq", |r| {
        Ok(AuditEntry {
            id: parsed(r, 0)?,
            company_id: parsed(r, 1)?,
            at: r.get(2)?,
            actor: r.get(3)?,
            action: parsed(r, 4)?,
            detail: parsed(r, 5)?,
        })
    })
}

fn events(db: &Db) -> Result<Vec<Event>, StoreError> {
    all(db, &format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY seq"), event_from_row)
}

fn jobs(db: &Db) -> Result<Vec<JobRow>, StoreError> {
    all(
        db,
        "SELECT id, kind, payload, state, created_at, due_at, attempts, claim, leased_until, last_error, settled_at
             FROM jobs",
        |r| {
            Ok(JobRow {
                id: parsed(r, 0)?,
                kind: r.get(1)?,
                payload: r.get(2)?,
                state: r.get(3)?,
                created_at: r.get(4)?,
                due_at: r.get(5)?,
                attempts: r.get(6)?,
                claim: parsed_opt(r, 7)?,
                leased_until: r.get(8)?,
                last_error: r.get(9)?,
                settled_at: r.get(10)?,
            })
        },
    )
}

fn import(db: &Db, snapshot: &Snapshot) -> Result<(), StoreError> {
    let existing: i64 = db.query_row("SELECT COUNT(*) FROM companies", [], |r| r.get(0)).map_err(db_error)?;
    if existing > 0 {
        return Err(StoreError::Conflict("the target database is not empty".into()));
    }
    let run = |sql: &str, values: &[&dyn rusqlite::ToSql]| db.execute(sql, values).map(|_| ()).map_err(db_error);
    for c in &snapshot.companies {
        run(
            "INSERT INTO companies (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![uuid_text(c.id), c.name, c.created_at],
        )?;
    }
    for i in &snapshot.identifiers {
        run(
            "INSERT INTO party_identifiers (domain, identifier, company_id, label) VALUES (?1, ?2, ?3, ?4)",
            params![i.domain, i.identifier, uuid_text(i.company_id), i.label],
        )?;
    }
    for c in &snapshot.connections {
        run(
            "INSERT INTO connections (id, company_id, name, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![uuid_text(c.id), uuid_text(c.company_id), c.name, c.created_at],
        )?;
    }
    import_tokens(db, &snapshot.tokens)?;
    for r in &snapshot.relationships {
        run(
            "INSERT INTO relationships (sender_id, receiver_id, document_type, state) VALUES (?1, ?2, ?3, ?4)",
            params![uuid_text(r.sender_id), uuid_text(r.receiver_id), r.kind.as_str(), r.state.as_str()],
        )?;
    }
    for u in &snapshot.users {
        import_user(db, u)?;
    }
    for t in &snapshot.transactions {
        import_transaction(db, t)?;
    }
    for e in &snapshot.errors {
        run(
            "INSERT INTO errors (id, company_id, transaction_id, transaction_type, transaction_identifier, origin, error_type,
             reason, context, created_at, resolved_at, resolved_by, resolution, redelivered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            params![
                uuid_text(e.id), uuid_text(e.company_id), e.transaction_id.map(uuid_text), e.transaction_type,
                e.transaction_identifier, e.origin, e.error_type, e.reason, e.context, e.created_at, e.resolved_at,
                e.resolved_by, e.resolution, e.redelivered_at
            ],
        )?;
    }
    for t in &snapshot.tasks {
        run(
            "INSERT INTO tasks (id, company_id, task_type, payload, created_at, closed_at, success, result, error_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                uuid_text(t.id),
                uuid_text(t.company_id),
                t.task_type,
                t.payload,
                t.created_at,
                t.closed_at,
                t.success,
                t.result,
                t.error_id.map(uuid_text)
            ],
        )?;
    }
    let events: Vec<Effect> = snapshot.events.iter().map(|event| Effect::Event(event.clone())).collect();
    crate::effects::write(db, &events)?;
    let audit: Vec<Effect> = snapshot.audit.iter().map(|entry| Effect::Audit(entry.clone())).collect();
    crate::effects::write(db, &audit)?;
    for proposal in &snapshot.proposals {
        crate::proposals::import(db, proposal)?;
    }
    for j in &snapshot.jobs {
        run(
            "INSERT INTO jobs (id, kind, payload, state, created_at, due_at, attempts, claim, leased_until, last_error,
             settled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                uuid_text(j.id),
                j.kind,
                j.payload,
                j.state,
                j.created_at,
                j.due_at,
                j.attempts,
                j.claim.map(uuid_text),
                j.leased_until,
                j.last_error,
                j.settled_at
            ],
        )?;
    }
    Ok(())
}

fn import_tokens(db: &Db, tokens: &[TokenRow]) -> Result<(), StoreError> {
    for t in tokens {
        db.execute(
            "INSERT INTO tokens (id, connection_id, token_hash, hint, created_at, revoked_at, last_used_at, scopes, allowed_from, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                uuid_text(t.id),
                uuid_text(t.connection_id),
                t.hash,
                t.hint,
                t.created_at,
                t.revoked_at,
                t.last_used_at,
                t.scopes,
                t.allowed_from,
                t.expires_at
            ],
        )
        .map_err(db_error)?;
    }
    Ok(())
}

fn import_user(db: &Db, u: &UserRow) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO users (id, company_id, email, role, password_hash, notify_issues, notify_incoming, notify_sent,
         created_at, disabled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            uuid_text(u.id),
            uuid_text(u.company_id),
            u.email,
            u.role,
            u.password_hash,
            u.notify_issues,
            u.notify_incoming,
            u.notify_sent,
            u.created_at,
            u.disabled_at
        ],
    )
    .map_err(db_error)?;
    Ok(())
}

fn import_transaction(db: &Db, t: &TransactionRow) -> Result<(), StoreError> {
    db.execute(
        "INSERT INTO transactions (id, document_type, sender_id, receiver_id, connection_id, flow, delivered, created_at,
         business_number, fingerprint, replaces_id, replaced_by_id, warnings, order_number)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        params![
            uuid_text(t.id), t.document_type, uuid_text(t.sender_id), uuid_text(t.receiver_id), uuid_text(t.connection_id),
            t.flow, t.delivered, t.created_at, t.business_number, t.fingerprint, t.replaces_id.map(uuid_text),
            t.replaced_by_id.map(uuid_text), t.warnings, t.order_number
        ],
    )
    .map_err(db_error)?;
    db.execute("INSERT INTO contents (transaction_id, content) VALUES (?1, ?2)", params![uuid_text(t.id), t.content])
        .map_err(db_error)?;
    insert_state(db, t.id, t.delivered.then_some(t.receiver_id), t.created_at, &t.document_type, &t.status)?;
    db.execute(
        "UPDATE transaction_states SET fetched_at = ?2 WHERE transaction_id = ?1",
        params![uuid_text(t.id), t.fetched_at],
    )
    .map_err(db_error)?;
    Ok(())
}

#[async_trait]
impl Archive for SqliteStore {
    async fn export(&self) -> Result<Snapshot, StoreError> {
        self.readers.run(export).await
    }

    async fn import(&self, snapshot: Snapshot) -> Result<(), StoreError> {
        let last = std::sync::Arc::clone(&self.last_created_at);
        self.writer
            .run(move |db| {
                import(db, &snapshot)?;
                let latest = snapshot.transactions.iter().map(|t| t.created_at).max().unwrap_or(0);
                last.fetch_max(latest, std::sync::atomic::Ordering::SeqCst);
                Ok(())
            })
            .await
    }
}

fn users(db: &Db) -> Result<Vec<UserRow>, StoreError> {
    all(
        db,
        "SELECT id, company_id, email, role, password_hash, notify_issues, notify_incoming, notify_sent, created_at, disabled_at FROM users",
        |r| {
            Ok(UserRow {
                id: parsed(r, 0)?,
                company_id: parsed(r, 1)?,
                email: r.get(2)?,
                role: r.get(3)?,
                password_hash: r.get(4)?,
                notify_issues: r.get(5)?,
                notify_incoming: r.get(6)?,
                notify_sent: r.get(7)?,
                created_at: r.get(8)?,
                disabled_at: r.get(9)?,
            })
        },
    )
}
