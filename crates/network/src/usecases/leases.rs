//! Poller leases: a queue page whose items are held for the caller for a while, so that two
//! workers of one ERP never import the same document; extending and releasing a lease.

use switchyard_documents::DocumentType;
use uuid::Uuid;

use crate::model::{Caller, Lease, LeaseLength, TransactionRecord};
use crate::{Cursor, Error, Hub, Page, PageBudget, effects};

/// Tries at a page when other pollers lease every item listed meanwhile.
const TRIES: usize = 3;

impl Hub {
    /// A page of the caller's queue whose items are leased to it for `length`: no other
    /// listing returns them until the lease runs out, is released, or they are marked. Items a
    /// concurrent poller leased between listing and leasing are left out of the page.
    pub async fn lease_incoming(
        &self,
        caller: Caller,
        kinds: Vec<DocumentType>,
        after: Option<Cursor>,
        budget: PageBudget,
        length: LeaseLength,
    ) -> Result<(Page<TransactionRecord>, Lease), Error> {
        self.note_connection_use(caller, crate::model::ConnectionUse::Poll).await?;
        let mut tries = 0;
        loop {
            tries += 1;
            let mut page = self.queue_page(caller, kinds.clone(), after, budget).await?;
            let at = self.now();
            let lease = Lease { id: crate::new_id(), company_id: caller.company_id, until: length.from(at) };
            let items = page
                .items
                .iter()
                .map(|item| (item.id, vec![effects::of_lease(caller.company_id, item.id, &lease, at)]));
            let leased = self.store.take_lease(lease, items.collect(), at).await?;
            let listed = page.items.len();
            page.items.retain(|item| leased.contains(&item.id));
            if !page.items.is_empty() || listed == 0 || tries == TRIES {
                self.note_first_fetches(caller.company_id, &page.items).await?;
                return Ok((page, lease));
            }
        }
    }

    /// Moves the end of the caller's lease to `length` from now; `NotFound` when the lease no
    /// longer holds an item (run out, released, all marked).
    pub async fn extend_lease(
        &self,
        caller: Caller,
        lease_id: Uuid,
        length: LeaseLength,
    ) -> Result<(Lease, u64), Error> {
        let at = self.now();
        let lease = Lease { id: lease_id, company_id: caller.company_id, until: length.from(at) };
        match self.store.extend_lease(lease, at).await? {
            0 => Err(unknown_lease(lease_id)),
            held => Ok((lease, held)),
        }
    }

    /// Ends the caller's lease now: its items are back in the queue. `NotFound` as for
    /// [`Hub::extend_lease`].
    pub async fn release_lease(&self, caller: Caller, lease_id: Uuid) -> Result<u64, Error> {
        match self.store.release_lease(caller.company_id, lease_id, self.now()).await? {
            0 => Err(unknown_lease(lease_id)),
            held => Ok(held),
        }
    }
}

fn unknown_lease(lease_id: Uuid) -> Error {
    Error::not_found(format!("no running lease {lease_id}"))
}
