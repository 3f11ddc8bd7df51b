//! The store conformance suite: what every backend must do, written once against the traits.
//! Each behaviour is a case of its own; a backend's test binary runs every case as a test of
//! its own on a fresh store with [`conformance_tests!`](crate::conformance_tests):
//!
//! ```ignore
//! async fn fresh() -> Fresh { ... }
//! switchyard_network::conformance_tests!(fresh);
//! ```

// Test code: a failed unwrap or assertion is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::missing_panics_doc)]

pub mod audit;
pub mod concurrency;
pub mod dashboard;
pub mod directory;
pub mod effects;
pub mod error_desk;
pub mod errors_and_tasks;
pub mod finding;
pub mod history;
pub mod idempotency;
pub mod leases;
pub mod marking;
pub mod notifications;
pub mod outbox;
pub mod people;
pub mod proposals;
pub mod retention;
pub mod tokens;
pub mod transactions;
pub mod webhooks;

use std::any::Any;
use std::sync::Arc;

use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::model::{Company, Connection, Flow, NewTransaction, Recorded};
use crate::store::{IncomingQuery, Store};
use crate::{Cursor, PageBudget, new_id};

/// A fresh store, and whatever must live as long as it (a temporary directory, a server).
pub type Fresh = (Arc<dyn Store>, Box<dyn Any + Send>);

/// Declares one `#[tokio::test]` per case of the suite, each on a store from `$fresh`, an
/// `async fn() -> Fresh`.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:path) => {
        $crate::conformance_tests!(@cases $fresh;
            transactions::a_duplicate_payload_is_answered_with_the_original_and_writes_nothing,
            transactions::a_duplicate_is_found_by_connection_and_fingerprint,
            transactions::a_new_version_replaces_the_chain_head_and_leaves_the_queue,
            transactions::an_undelivered_document_is_kept_dropped_and_out_of_the_queue,
            transactions::the_queue_lists_oldest_first_after_a_cursor_and_by_type,
            transactions::the_history_lists_both_directions_with_its_filters,
            history::every_filter_pages_through_the_history_of_both_sides,
            finding::every_filter_finds_newest_first_on_both_sides,
            dashboard::documents_are_counted_by_side_and_type_and_the_queue_by_its_oldest,
            dashboard::a_connection_keeps_when_it_last_polled_and_sent,
            transactions::a_page_stops_before_the_content_that_would_pass_its_byte_budget,
            transactions::a_page_holds_one_content_larger_than_its_budget,
            transactions::a_transaction_is_shown_to_its_two_parties_only,
            concurrency::one_payload_sent_at_once_is_recorded_once,
            concurrency::versions_sent_at_once_form_one_chain,
            concurrency::sends_at_once_get_rising_creation_times_in_queue_order,
            marking::a_batch_naming_an_unknown_transaction_marks_nothing,
            marking::only_the_receiver_marks,
            marking::a_failure_opens_one_error_and_a_later_success_resolves_it,
            directory::companies_are_found_by_id_or_exact_name,
            directory::identifiers_and_names_are_unique,
            directory::connections_are_unique_per_company,
            directory::relationships_are_listed_for_both_sides,
            directory::routing_changes_move_the_routing_version_and_sends_do_not,
            tokens::revoked_tokens_do_not_authenticate,
            tokens::a_replaced_token_stops_working_and_its_successor_works,
            tokens::tokens_are_listed_with_when_they_were_last_used,
            tokens::a_token_comes_back_with_its_grant,
            errors_and_tasks::an_error_is_read_back_with_its_company,
            errors_and_tasks::open_tasks_are_listed_and_a_task_closes_once,
            errors_and_tasks::a_failed_task_opens_its_error,
            effects::a_send_tells_its_story_and_a_new_version_tells_the_old_one,
            effects::marks_append_their_events,
            effects::a_large_batch_of_marks_tells_each_story,
            effects::an_opened_error_appends_its_event,
            effects::a_first_fetch_is_told_once_and_only_by_the_receiver,
            effects::a_send_and_its_effects_commit_together_or_not_at_all,
            effects::a_batch_of_marks_and_its_effects_commit_together_or_not_at_all,
            outbox::a_due_job_is_claimed_once_until_its_lease_runs_out,
            outbox::jobs_not_yet_due_wait,
            outbox::a_settled_job_is_not_claimed_again_and_a_stale_claim_settles_nothing,
            outbox::a_retried_job_comes_back_when_it_is_due_again,
            outbox::concurrent_claims_never_hand_out_a_job_twice,
            people::a_user_is_unique_by_email_and_read_back_with_its_company,
            people::a_link_sets_the_password_once_before_it_expires,
            people::a_disabled_user_loses_its_sessions_and_links,
            people::mail_choices_are_kept_per_user,
            people::a_role_changes_for_an_enabled_user_only,
            audit::an_entry_is_written_with_its_change_and_read_newest_first,
            proposals::a_proposal_is_decided_once_by_the_other_company_and_an_accepted_one_takes_effect,
            people::a_session_is_found_by_its_hash_touched_and_ended,
            people::sign_in_failures_are_counted_per_key_within_the_window,
            error_desk::a_document_delivered_again_waits_in_the_queue_and_its_success_resolves_the_error,
            error_desk::a_document_delivered_again_that_fails_again_reopens_the_same_error,
            error_desk::a_discarded_document_is_dropped_and_its_error_resolved_with_the_reason,
            error_desk::an_error_is_resolved_once_and_only_by_its_company,
            error_desk::an_action_and_its_effects_commit_together,
            error_desk::a_company_lists_its_errors_open_first_with_filters,
            notifications::responsibilities_are_replaced_per_type_and_partner,
            notifications::notices_join_the_unstarted_digest_and_a_digest_keeps_what_it_took,
            notifications::document_notices_are_told_once_and_taken_by_their_own_digest,
            notifications::mail_choices_of_documents_are_routing_data,
            directory::the_store_answers_when_ready,
            idempotency::a_key_runs_once_and_its_answer_is_replayed_only_for_the_same_request,
            idempotency::a_change_and_its_answer_commit_together_or_not_at_all,
            idempotency::marks_store_the_answer_rendered_from_what_was_written,
            idempotency::a_released_key_runs_again_and_expired_keys_are_forgotten,
            idempotency::one_of_many_requests_with_one_key_at_once_runs,
            leases::a_leased_item_leaves_the_queue_until_its_lease_runs_out_or_is_released,
            leases::marking_an_item_ends_its_lease_and_a_lease_is_its_company_s_own,
            leases::two_leases_taken_at_once_share_no_item,
            webhooks::an_endpoint_is_its_company_s_own_and_routing_data,
            webhooks::a_delivery_is_written_with_its_change_and_claimed_once,
            webhooks::a_settled_attempt_is_kept_and_a_retry_comes_back_when_due,
            webhooks::an_endpoint_keeps_what_the_last_of_its_settlements_in_a_write_says,
            webhooks::a_busy_endpoint_gets_no_more_than_its_share,
            webhooks::claims_at_once_never_hand_out_a_delivery_twice,
            webhooks::attempts_are_settled_and_the_next_claimed_in_one_write,
            webhooks::the_documents_of_a_claim_are_read_together_in_the_order_asked,
            retention::settled_documents_go_with_their_story_and_the_rest_stay,
            retention::deletion_takes_batches_of_at_most_the_limit,
        );
    };
    (@cases $fresh:path; $($area:ident :: $case:ident),+ $(,)?) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (store, _keep) = $fresh().await;
                $crate::conformance::$area::$case(store).await;
            }
        )+
    };
}

/// Two companies and the sender's connection.
pub struct Fixture {
    pub sender: Uuid,
    pub receiver: Uuid,
    pub connection: Uuid,
}

pub async fn fixture(store: &Arc<dyn Store>) -> Fixture {
    let mut ids = Vec::new();
    for name in ["Sender", "Receiver"] {
        let company = Company { id: new_id(), name: name.into(), created_at: 1 };
        store.create_company(company.clone()).await.expect("company");
        ids.push(company.id);
    }
    let connection = Connection { id: new_id(), company_id: ids[0], name: "ERP".into(), created_at: 1 };
    store.create_connection(connection.clone()).await.expect("connection");
    Fixture { sender: ids[0], receiver: ids[1], connection: connection.id }
}

/// An order from the fixture's sender to its receiver, with its effects as the domain decides them.
pub fn transaction(fixture: &Fixture, number: &str, fingerprint: u8, at: i64) -> NewTransaction {
    let mut transaction = NewTransaction {
        id: new_id(),
        kind: DocumentType::Order,
        sender_id: fixture.sender,
        receiver_id: fixture.receiver,
        connection_id: fixture.connection,
        flow: Flow::Live,
        deliver: true,
        created_at: at,
        business_number: Some(number.into()),
        order_number: Some(number.into()),
        fingerprint: [fingerprint; 32],
        content: format!("{{\"number\":\"{number}\",\"v\":{fingerprint}}}"),
        warnings: None,
        effects: Vec::new(),
    };
    transaction.effects = crate::effects::of_send(&transaction);
    transaction
}

pub async fn record(store: &Arc<dyn Store>, transaction: NewTransaction) -> Uuid {
    match store.record_sent(transaction).await.expect("recorded") {
        Recorded::Created { id, .. } => id,
        Recorded::Duplicate { original } => panic!("unexpected duplicate of {original}"),
    }
}

pub fn incoming(fixture: &Fixture, after: Option<Cursor>, limit: usize) -> IncomingQuery {
    IncomingQuery { company_id: fixture.receiver, at: 0, kinds: Vec::new(), after, budget: PageBudget::items(limit) }
}

/// The ids of `records`, in order.
pub fn ids_of(records: &[crate::model::TransactionRecord]) -> Vec<Uuid> {
    records.iter().map(|record| record.id).collect()
}
