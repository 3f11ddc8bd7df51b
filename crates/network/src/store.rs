//! The storage ports: narrow traits shaped by the use cases, one per aggregate, combined into
//! [`Store`]. A write that must be atomic is a single method, and writes the effects it carries
//! ([`crate::effects`]) in the same database transaction. Backends live in their own crates.

use async_trait::async_trait;
use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::effects::Effect;
use crate::model::{
    AnswerRecord, AuditRecord, Begun, ClaimedJob, Company, Connection, ConnectionRecord, ConnectionUse, DeadJob,
    DeliveryRecord, Digest, DocumentNotice, ErrorActing, ErrorRecord, Event, Flow, IdempotentRequest, IdentifierRecord,
    JobOutcome, JobRecord, Lease, ListedError, MailChoices, Mark, Marked, MarksAnswer, NewDocumentNotice, NewError,
    NewJob, NewNotice, NewSession, NewTask, NewToken, NewTransaction, NewUser, NewUserLink, Notice, Proposal,
    ProposalDecision, Recorded, Relationship, Responsibility, Role, SessionRecord, Settlement, Status, TaskClosing,
    TaskRecord, TaskType, TokenMatch, TokenRecord, TransactionRecord, UserRecord, Webhook,
};
use crate::routing_table::RoutingRows;
use crate::{Cursor, Listed, PageBudget, Timestamp};

/// What can go wrong in a store, whatever the backend.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("store unavailable: {0}")]
    Unavailable(String),
    #[error("store failure: {0}")]
    Other(String),
}

/// Why a batch of marks was refused as a whole.
#[derive(Debug, thiserror::Error)]
pub enum MarkFailure {
    /// These positions name no transaction the company may mark.
    #[error("unknown transactions at {0:?}")]
    Unknown(Vec<usize>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How closing a task went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskClosed {
    Closed,
    NotFound,
    AlreadyClosed,
}

/// Which incoming transactions to list: pending ones not under a lease that runs at `at`.
#[derive(Clone, Debug)]
pub struct IncomingQuery {
    pub company_id: Uuid,
    pub at: Timestamp,
    pub kinds: Vec<DocumentType>,
    pub after: Option<Cursor>,
    pub budget: PageBudget,
}

/// Which of a company's transactions, in either direction, to list.
#[derive(Clone, Debug, Default)]
pub struct AllQuery {
    pub company_id: Uuid,
    pub kinds: Vec<DocumentType>,
    pub flows: Vec<Flow>,
    pub statuses: Vec<Status>,
    /// Inclusive lower bound of the creation time.
    pub created_from: Option<Timestamp>,
    /// Exclusive upper bound of the creation time.
    pub created_until: Option<Timestamp>,
    pub after: Option<Cursor>,
    pub budget: PageBudget,
}

/// Documents of one type on one side, counted over two spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DocumentCount {
    pub side: crate::finding::Side,
    pub kind: DocumentType,
    pub since: u64,
    pub today: u64,
}

/// Documents of one type exchanged with one partner on one side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartnerCount {
    pub partner_id: Uuid,
    pub side: crate::finding::Side,
    pub kind: DocumentType,
    pub count: u64,
}

/// The oldest document waiting in a queue, and how many wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueAge {
    pub oldest_id: Uuid,
    pub oldest_at: Timestamp,
    /// How many wait, at most the count asked for.
    pub waiting: u64,
}

/// Which open tasks to list.
#[derive(Clone, Debug)]
pub struct TaskQuery {
    pub company_id: Uuid,
    pub kinds: Vec<TaskType>,
    pub after: Option<Cursor>,
    pub limit: usize,
}

#[async_trait]
pub trait DirectoryStore: Send + Sync {
    /// `Conflict` when the name is taken.
    async fn create_company(&self, company: Company) -> Result<(), StoreError>;
    /// By id or by exact name.
    async fn find_company(&self, id_or_name: &str) -> Result<Option<Company>, StoreError>;
    async fn list_companies(&self) -> Result<Vec<Company>, StoreError>;
    /// `Conflict` when the identifier belongs to a company already.
    async fn add_identifier(&self, record: IdentifierRecord) -> Result<(), StoreError>;
    async fn list_identifiers(&self, company_id: Uuid) -> Result<Vec<IdentifierRecord>, StoreError>;
    /// Sets the relationship, with `effects` (its audit entries).
    async fn set_relationship(&self, relationship: Relationship, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// The routing data's version now.
    async fn routing_version(&self) -> Result<i64, StoreError>;
    /// Every identifier and relationship with their version, read at one point in time.
    async fn routing_rows(&self) -> Result<RoutingRows, StoreError>;
    /// Relationships the company sends or receives through.
    async fn list_relationships(&self, company_id: Uuid) -> Result<Vec<Relationship>, StoreError>;
}

#[async_trait]
pub trait ConnectionStore: Send + Sync {
    /// `Conflict` when the company has a connection of that name.
    async fn create_connection(&self, connection: Connection) -> Result<(), StoreError>;
    async fn find_connection(&self, company_id: Uuid, name: &str) -> Result<Option<Connection>, StoreError>;
    /// Adds the token, with `effects` (its audit entry).
    async fn add_token(&self, token: NewToken, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// The caller a token hash belongs to, unless unknown or revoked, with the routing version.
    async fn authenticate(&self, hash: [u8; 32]) -> Result<Option<TokenMatch>, StoreError>;
    async fn list_tokens(&self, company_id: Uuid) -> Result<Vec<TokenRecord>, StoreError>;
    async fn find_token(&self, token_id: Uuid) -> Result<Option<TokenRecord>, StoreError>;
    /// `NotFound` when the token does not exist or is revoked already; with `effects`.
    async fn revoke_token(&self, token_id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Adds `replacement` on the same connection and revokes `token_id`, atomically, with
    /// `effects`.
    async fn replace_token(
        &self,
        token_id: Uuid,
        replacement: NewToken,
        effects: Vec<Effect>,
    ) -> Result<(), StoreError>;
    async fn touch_token(&self, token_id: Uuid, at: Timestamp) -> Result<(), StoreError>;
    /// Notes when the connection last did `what`.
    async fn touch_connection(&self, connection_id: Uuid, what: ConnectionUse, at: Timestamp)
    -> Result<(), StoreError>;
    /// The company's connections, by name.
    async fn list_connections(&self, company_id: Uuid) -> Result<Vec<ConnectionRecord>, StoreError>;
}

#[async_trait]
pub trait TransactionStore: Send + Sync {
    /// Records a sent document atomically: duplicate check, version chain, queue.
    async fn record_sent(&self, transaction: NewTransaction) -> Result<Recorded, StoreError>;
    /// The company's pending incoming transactions, oldest first, as many as the budget's
    /// [`PageBudget::fill`] takes: the contents of rows past the page are not read.
    async fn list_incoming(&self, query: IncomingQuery) -> Result<Listed<TransactionRecord>, StoreError>;
    /// The company's transactions in both directions, oldest first, filled as
    /// [`TransactionStore::list_incoming`] fills a page.
    async fn list_all(&self, query: AllQuery) -> Result<Listed<TransactionRecord>, StoreError>;
    /// The company's transactions `query` finds, newest first, at most `query.limit`, their
    /// contents left empty.
    async fn find_transactions(&self, query: crate::finding::FindQuery) -> Result<Vec<TransactionRecord>, StoreError>;
    /// How many documents of each type the company sent and received since `since`, and how
    /// many of those since `today`; only counts above zero.
    async fn count_documents(
        &self,
        company_id: Uuid,
        since: Timestamp,
        today: Timestamp,
    ) -> Result<Vec<DocumentCount>, StoreError>;
    /// How many documents of each type the company exchanged with each of `partners` since
    /// `since`, by side; only counts above zero.
    async fn count_with_partners(
        &self,
        company_id: Uuid,
        partners: Vec<Uuid>,
        since: Timestamp,
    ) -> Result<Vec<PartnerCount>, StoreError>;
    /// The company's incoming queue: since when its oldest document waits, and how many wait,
    /// counted up to `count_up_to`.
    async fn queue_age(&self, company_id: Uuid, count_up_to: u64) -> Result<Option<QueueAge>, StoreError>;
    /// A transaction the company sent, or received (delivered to it).
    async fn find_transaction(&self, company_id: Uuid, id: Uuid) -> Result<Option<TransactionRecord>, StoreError>;
    /// Any transaction, for operators.
    async fn find_any_transaction(&self, id: Uuid) -> Result<Option<TransactionRecord>, StoreError>;
    /// Those of the transactions `ids` that exist, in the order asked, read together: the
    /// webhook dispatcher's documents for one claim in one read instead of one each.
    async fn find_any_transactions(&self, ids: Vec<Uuid>) -> Result<Vec<TransactionRecord>, StoreError>;
    /// The transaction the connection sent with this fingerprint before, if any.
    async fn find_duplicate(&self, connection_id: Uuid, fingerprint: [u8; 32]) -> Result<Option<Uuid>, StoreError>;
    /// Notes that the receiver listed each transaction named, with the effects of that first
    /// listing; a transaction listed before keeps its first time and its effects are dropped,
    /// so that a fetch is told once however many pollers ask at once.
    async fn record_fetches(
        &self,
        receiver_id: Uuid,
        fetches: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<(), StoreError>;
    /// The sender and type of each of `ids` that exists.
    async fn senders_of(
        &self,
        ids: &[Uuid],
    ) -> Result<std::collections::HashMap<Uuid, (Uuid, DocumentType)>, StoreError>;
    /// Leases those of `items` that are the lease's company's, pending and under no running
    /// lease at `at`, writing the effects of each leased one with it; returns the leased ones.
    /// Of two leases taken at once, each item goes to one.
    async fn take_lease(
        &self,
        lease: Lease,
        items: Vec<(Uuid, Vec<Effect>)>,
        at: Timestamp,
    ) -> Result<Vec<Uuid>, StoreError>;
    /// Moves the end of the company's lease, if it still runs at `at` on some item, to `until`;
    /// returns how many items it holds.
    async fn extend_lease(&self, lease: Lease, at: Timestamp) -> Result<u64, StoreError>;
    /// Ends the company's lease at once; returns how many items it held.
    async fn release_lease(&self, company_id: Uuid, lease_id: Uuid, at: Timestamp) -> Result<u64, StoreError>;
    /// Records the receiver's reports and `effects`, all or none, and with them the answer
    /// `answer` renders from the marks written, when given (see [`IdempotencyStore`]).
    async fn mark_processed(
        &self,
        company_id: Uuid,
        marks: Vec<Mark>,
        effects: Vec<Effect>,
        at: Timestamp,
        answer: Option<MarksAnswer>,
    ) -> Result<Vec<Marked>, MarkFailure>;
}

/// The outbox: jobs written with the changes that cause them, claimed by workers with a lease
/// so that a job is worked by one worker at a time, in any number of processes.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Adds jobs on their own, as one write.
    async fn enqueue(&self, jobs: Vec<NewJob>) -> Result<(), StoreError>;
    /// Up to `limit` pending jobs due by `now` and not leased to anyone, oldest due first, each
    /// leased until `now + lease` under a fresh claim, its attempts counted up.
    async fn claim_jobs(&self, now: Timestamp, lease: i64, limit: usize) -> Result<Vec<ClaimedJob>, StoreError>;
    /// Records how a claimed job went; `false` (nothing written) when the claim is no longer
    /// the job's, because its lease ran out and another worker claimed it.
    async fn settle_job(&self, id: Uuid, claim: Uuid, outcome: JobOutcome, at: Timestamp) -> Result<bool, StoreError>;
    async fn find_job(&self, id: Uuid) -> Result<Option<JobRecord>, StoreError>;
    /// The latest `limit` jobs of `kinds` given up on, newest first.
    async fn list_dead_jobs(&self, kinds: Vec<String>, limit: usize) -> Result<Vec<DeadJob>, StoreError>;
}

/// The story: events as appended by the changes they tell of.
#[async_trait]
pub trait EventStore: Send + Sync {
    /// Every event of a transaction, in the order they happened.
    async fn transaction_events(&self, transaction_id: Uuid) -> Result<Vec<Event>, StoreError>;
    /// Appends events that go with no change of their own (a mail sent).
    async fn append_events(&self, events: Vec<Effect>) -> Result<(), StoreError>;
}

#[async_trait]
pub trait ErrorStore: Send + Sync {
    async fn open_error(&self, error: NewError) -> Result<(), StoreError>;
    async fn find_error(&self, id: Uuid) -> Result<Option<ErrorRecord>, StoreError>;
    /// Records a person's action with its effects, all or nothing: `NotFound` unless the error
    /// is the acting company's, `Conflict` when its state no longer allows the action (resolved
    /// meanwhile; for delivering again, an error of a failed processing whose transaction is
    /// still FAILED; for discarding, a transaction neither processed nor dropped).
    async fn act_on_error(&self, acting: ErrorActing) -> Result<(), StoreError>;
    /// A company's errors, open ones first, newest first within each.
    async fn list_errors(&self, query: ErrorQuery) -> Result<Vec<ListedError>, StoreError>;
    async fn count_open_errors(&self, company_id: Uuid) -> Result<u64, StoreError>;
}

/// Where a page of errors starts: just after the error with these keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCursor {
    pub resolved: bool,
    pub created_at: Timestamp,
    pub id: Uuid,
}

impl ErrorCursor {
    /// The cursor of the page that follows `error`.
    pub fn after(error: &crate::model::ErrorRecord) -> Self {
        Self { resolved: error.resolved_at.is_some(), created_at: error.created_at, id: error.id }
    }

    pub fn encode(&self) -> String {
        format!("{}.{}.{}", u8::from(self.resolved), self.created_at, self.id)
    }

    /// `None` for anything [`ErrorCursor::encode`] did not write.
    pub fn decode(text: &str) -> Option<Self> {
        let mut parts = text.splitn(3, '.');
        let resolved = match parts.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        Some(Self { resolved, created_at: parts.next()?.parse().ok()?, id: parts.next()?.parse().ok()? })
    }
}

/// Which of a company's errors to list.
#[derive(Clone, Debug, Default)]
pub struct ErrorQuery {
    pub company_id: Uuid,
    /// `Some(true)`: open only; `Some(false)`: resolved only.
    pub open: Option<bool>,
    pub error_type: Option<crate::model::ErrorType>,
    pub document_type: Option<DocumentType>,
    /// The other company of the error's transaction.
    pub partner_id: Option<Uuid>,
    /// Only errors after this one in the list's order (open first, then newest first).
    pub after: Option<ErrorCursor>,
    pub limit: usize,
}

#[async_trait]
pub trait TaskStore: Send + Sync {
    async fn create_task(&self, task: NewTask) -> Result<(), StoreError>;
    async fn list_open_tasks(&self, query: TaskQuery) -> Result<Vec<TaskRecord>, StoreError>;
    async fn find_task(&self, id: Uuid) -> Result<Option<TaskRecord>, StoreError>;
    async fn close_task(&self, company_id: Uuid, id: Uuid, closing: TaskClosing) -> Result<TaskClosed, StoreError>;
}

/// The people who sign in to the portal, and their one-time links.
#[async_trait]
pub trait PeopleStore: Send + Sync {
    /// Adds a user with the link that sets its first password, and `effects` (the invitation
    /// mail); `Conflict` when the e-mail address has a user already.
    async fn create_user(&self, user: NewUser, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError>;
    async fn find_user(&self, id: Uuid) -> Result<Option<UserRecord>, StoreError>;
    /// By lower-case e-mail address.
    async fn find_user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError>;
    /// A company's users, or everybody's; by e-mail address.
    async fn list_users(&self, company_id: Option<Uuid>) -> Result<Vec<UserRecord>, StoreError>;
    /// Disables the user and ends its sessions, with `effects`; `NotFound` unless it exists and
    /// is enabled.
    async fn disable_user(&self, id: Uuid, at: Timestamp, effects: Vec<Effect>) -> Result<(), StoreError>;
    async fn set_mail_choices(&self, id: Uuid, choices: MailChoices) -> Result<(), StoreError>;
    /// With `effects`; `NotFound` unless the user exists and is enabled.
    async fn set_role(&self, id: Uuid, role: Role, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Adds a link for an existing user, with `effects` (the mail that carries it).
    async fn add_user_link(&self, link: NewUserLink, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Sets the password of the enabled user whose unused link hashes to `hash` and has not
    /// expired by `at`; uses up every link of that user and ends its sessions. The user's id,
    /// or `None` (nothing written) when there is no such link.
    async fn use_user_link(
        &self,
        hash: [u8; 32],
        password_hash: String,
        at: Timestamp,
    ) -> Result<Option<Uuid>, StoreError>;
    /// The largest number of sign-in failures under any of `keys` since `since`.
    async fn sign_in_failures(&self, keys: Vec<String>, since: Timestamp) -> Result<u32, StoreError>;
    /// Counts one failure under each of `keys`; those older than `forget_before` are dropped.
    async fn note_sign_in_failure(
        &self,
        keys: Vec<String>,
        at: Timestamp,
        forget_before: Timestamp,
    ) -> Result<(), StoreError>;
}

/// Who is told of errors, and the notices waiting for their mails.
#[async_trait]
pub trait NotificationStore: Send + Sync {
    /// Makes `users` the responsible ones for the company's documents of `kind` (with
    /// `partner_id`, or by default), replacing whoever was, with `effects`.
    async fn set_responsible(
        &self,
        company_id: Uuid,
        kind: DocumentType,
        partner_id: Option<Uuid>,
        users: Vec<Uuid>,
        effects: Vec<Effect>,
    ) -> Result<(), StoreError>;
    async fn list_responsibilities(&self, company_id: Uuid) -> Result<Vec<Responsibility>, StoreError>;
    /// Adds the notices and, for each digest whose key has no unstarted job yet, its job; all
    /// or nothing.
    async fn add_notices(&self, notices: Vec<NewNotice>, digests: Vec<Digest>) -> Result<(), StoreError>;
    /// The notices of digest `digest_id`; the first time, it takes every notice of the user
    /// that no digest has taken yet. A digest tried again gets the same notices as before.
    async fn take_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<Notice>, StoreError>;
    /// As [`NotificationStore::add_notices`], for documents; a notice the user already has for
    /// the same document and news is not added again.
    async fn add_document_notices(
        &self,
        notices: Vec<NewDocumentNotice>,
        digests: Vec<Digest>,
    ) -> Result<(), StoreError>;
    /// As [`NotificationStore::take_notices`], for documents.
    async fn take_document_notices(&self, user_id: Uuid, digest_id: Uuid) -> Result<Vec<DocumentNotice>, StoreError>;
}

/// Signed-in browsers, honoured by every server process.
#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: NewSession) -> Result<(), StoreError>;
    /// The session whose secret hashes to `hash`, with its user, however old (the domain
    /// decides whether it is still good).
    async fn find_session(&self, hash: [u8; 32]) -> Result<Option<SessionRecord>, StoreError>;
    async fn touch_session(&self, hash: [u8; 32], at: Timestamp) -> Result<(), StoreError>;
    async fn end_session(&self, hash: [u8; 32]) -> Result<(), StoreError>;
}

/// Moving a whole network between stores.
#[async_trait]
pub trait Archive: Send + Sync {
    /// Every row of the network.
    async fn export(&self) -> Result<crate::archive::Snapshot, StoreError>;
    /// Writes `snapshot` into this store, all or nothing; `Conflict` unless the store is empty.
    async fn import(&self, snapshot: crate::archive::Snapshot) -> Result<(), StoreError>;
}

/// Proposals of relationship changes between companies.
#[async_trait]
pub trait ProposalStore: Send + Sync {
    /// Adds a pending proposal with `effects`; `Conflict` when one is pending for the same
    /// sender, receiver and type.
    async fn add_proposal(&self, proposal: Proposal, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Records a decision on a pending proposal with its effects, all or nothing; an accepted
    /// one sets its relationship in the same transaction. `NotFound` unless the proposal
    /// exists and the deciding company may decide it (the other company to accept or decline,
    /// the proposer to withdraw); `Conflict` when it is no longer pending.
    async fn decide_proposal(&self, decision: ProposalDecision) -> Result<Proposal, StoreError>;
    /// Every proposal the company made or was made, newest first, at most `limit`.
    async fn list_proposals(&self, company_id: Uuid, limit: usize) -> Result<Vec<Proposal>, StoreError>;
}

/// Each company's audit log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// The company's entries older than `before` (all when `None`), newest first, at most
    /// `limit`.
    async fn list_audit(
        &self,
        company_id: Uuid,
        before: Option<i64>,
        limit: usize,
    ) -> Result<Vec<AuditRecord>, StoreError>;
}

/// Webhooks: the endpoints, their deliveries (the outbox the changes write) and the attempts.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Adds an endpoint, with `effects` (its audit entry).
    async fn add_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// The company's endpoints, oldest first.
    async fn list_webhooks(&self, company_id: Uuid) -> Result<Vec<Webhook>, StoreError>;
    /// The endpoint, if it is the company's.
    async fn find_webhook(&self, company_id: Uuid, id: Uuid) -> Result<Option<Webhook>, StoreError>;
    /// Writes `webhook` over the company's stored endpoint, with `effects`; `NotFound` when the
    /// company has no such endpoint.
    async fn update_webhook(&self, webhook: Webhook, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Removes the company's endpoint with its deliveries, with `effects`; `NotFound` as above.
    async fn remove_webhook(&self, company_id: Uuid, id: Uuid, effects: Vec<Effect>) -> Result<(), StoreError>;
    /// Settles `settlements` (each records its attempt, what follows it and the endpoint's
    /// health, with its effects; one whose claim no longer holds writes nothing and is named in
    /// [`crate::model::Claimed::unsettled`]), then claims due deliveries of enabled endpoints
    /// until `claimed_until`, oldest due first, as [`crate::model::webhook::pick`] chooses among
    /// them given what this dispatcher has `in_flight` per endpoint, all in one write: a busy
    /// dispatcher's bookkeeping then costs one commit a cycle. Of dispatchers claiming at once
    /// (in any process) each gets other deliveries. Each claimed delivery counts an attempt.
    /// Also says which of the endpoints it looked into (enabled, not full in `in_flight`) had
    /// nothing due. With `limit` 0 it only settles.
    async fn settle_and_claim(
        &self,
        settlements: Vec<Settlement>,
        at: Timestamp,
        claimed_until: Timestamp,
        in_flight: std::collections::HashMap<Uuid, usize>,
        per_endpoint: usize,
        limit: usize,
    ) -> Result<crate::model::Claimed, StoreError>;
    /// The company endpoint's deliveries, newest first, at most `limit`, each with its attempts.
    async fn list_deliveries(
        &self,
        company_id: Uuid,
        webhook_id: Uuid,
        limit: usize,
    ) -> Result<Vec<DeliveryRecord>, StoreError>;
    /// Makes the company's delivery pending and due at `at` again; `NotFound` when the company
    /// has no such delivery.
    async fn retry_delivery(&self, company_id: Uuid, delivery_id: Uuid, at: Timestamp) -> Result<(), StoreError>;
    /// One delivery of the company, with its attempts.
    async fn find_delivery(&self, company_id: Uuid, delivery_id: Uuid) -> Result<Option<DeliveryRecord>, StoreError>;
}

/// The answers of requests sent with an idempotency key ([`crate::model::idempotency`]).
#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// What becomes of `request`, by [`crate::model::idempotency::begin`] on the key's stored
    /// record; on [`Begun::Run`] the key is claimed for the request in the same transaction, so
    /// that of two requests with one key only one runs.
    async fn begin_idempotent(&self, request: &IdempotentRequest) -> Result<Begun, StoreError>;
    /// Stores the answer of a request that changed nothing (a refusal); `false` when its claim
    /// was taken over meanwhile. A change's answer is written with the change, as an effect.
    async fn store_answer(&self, answer: AnswerRecord) -> Result<bool, StoreError>;
    /// Lets go of a key whose request ended without an answer to keep (the database failed),
    /// so that a retry runs at once.
    async fn release_key(&self, company_id: Uuid, key: &str, claim: Uuid) -> Result<(), StoreError>;
    /// Deletes at most `limit` keys expired by `now`; returns how many.
    async fn forget_expired_keys(&self, now: Timestamp, limit: usize) -> Result<u64, StoreError>;
}

/// What the hub holds at this moment, network-wide, for an operator's monitoring: read at each
/// scrape from the indexes, never the rows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gauges {
    /// Documents in a receiver's queue: delivered, not yet reported on.
    pub queued: u64,
    /// When the oldest of them was received.
    pub oldest_queued_at: Option<Timestamp>,
    /// Outbox jobs (mails) waiting to be sent or tried again.
    pub jobs_pending: u64,
    /// Webhook messages waiting to be sent or tried again.
    pub webhooks_pending: u64,
    /// Database connections working for a request now, and open in all.
    pub connections_in_use: u64,
    pub connections_open: u64,
    /// Requests waiting for a database connection.
    pub connections_awaited: u64,
}

#[async_trait]
pub trait RetentionStore: Send + Sync {
    /// Deletes at most `limit` settled documents whose story ended before `before`, oldest
    /// first, each with its content, state, events, notices and errors: delivered and reported
    /// on (SUCCESS, or FAILED with every error resolved before `before`) or dropped, and with
    /// no older version left (a chain goes from its oldest end). Returns how many.
    async fn delete_settled(&self, before: Timestamp, limit: usize) -> Result<u64, StoreError>;
}

#[async_trait]
pub trait GaugeStore: Send + Sync {
    async fn gauges(&self) -> Result<Gauges, StoreError>;
}

#[async_trait]
pub trait Readiness: Send + Sync {
    /// Whether the database answers, for load balancers' readiness checks.
    async fn ready(&self) -> Result<(), StoreError>;
}

/// Everything the network keeps.
pub trait Store:
    DirectoryStore
    + ConnectionStore
    + TransactionStore
    + ErrorStore
    + TaskStore
    + OutboxStore
    + EventStore
    + PeopleStore
    + SessionStore
    + NotificationStore
    + AuditStore
    + ProposalStore
    + IdempotencyStore
    + WebhookStore
    + GaugeStore
    + RetentionStore
    + Readiness
    + Archive
{
}

impl<T> Store for T where
    T: DirectoryStore
        + ConnectionStore
        + TransactionStore
        + ErrorStore
        + TaskStore
        + OutboxStore
        + EventStore
        + PeopleStore
        + SessionStore
        + NotificationStore
        + AuditStore
        + ProposalStore
        + IdempotencyStore
        + WebhookStore
        + GaugeStore
        + RetentionStore
        + Readiness
        + Archive
{
}
