//! How many connections are open, in all and from each client address, and the refusal of one
//! more than allowed: every open connection holds a file descriptor and a task, so a flood of
//! them from one address must not take the ones everybody else needs.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The open connections, counted.
pub(super) struct Admission {
    total: Arc<Semaphore>,
    capacity: u32,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    /// 0: no cap per address.
    per_address_cap: usize,
}

/// An open connection's place; dropping it frees the place.
pub(super) struct Admitted {
    _permit: OwnedSemaphorePermit,
    address: IpAddr,
    admission: Arc<Admission>,
}

/// Why a connection was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Refused {
    Full,
    FullForAddress,
}

impl Admission {
    pub(super) fn new(capacity: u32, per_address_cap: usize) -> Arc<Self> {
        let capacity = capacity.max(1);
        Arc::new(Self {
            total: Arc::new(Semaphore::new(capacity as usize)),
            capacity,
            per_address: Mutex::new(HashMap::new()),
            per_address_cap,
        })
    }

    pub(super) fn admit(self: &Arc<Self>, address: IpAddr) -> Result<Admitted, Refused> {
        let permit = Arc::clone(&self.total).try_acquire_owned().map_err(|_| Refused::Full)?;
        let mut open = self.per_address.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(address).or_default();
        if self.per_address_cap > 0 && *count >= self.per_address_cap {
            return Err(Refused::FullForAddress);
        }
        *count += 1;
        Ok(Admitted { _permit: permit, address, admission: Arc::clone(self) })
    }

    /// Waits until every admitted connection has ended.
    pub(super) async fn all_closed(&self) {
        // The semaphore is never closed, so acquiring can only wait, not fail.
        let _ = self.total.acquire_many(self.capacity).await;
    }

    fn release(&self, address: IpAddr) {
        let mut open = self.per_address.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&address) {
            *count -= 1;
            if *count == 0 {
                open.remove(&address);
            }
        }
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.admission.release(self.address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_is_capped_before_the_whole_server_is() {
        let admission = Admission::new(3, 2);
        let (one, other): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let first = admission.admit(one).unwrap();
        let _second = admission.admit(one).unwrap();
        assert_eq!(admission.admit(one).err(), Some(Refused::FullForAddress));
        let _third = admission.admit(other).unwrap();
        assert_eq!(admission.admit(other).err(), Some(Refused::Full));
        drop(first);
        assert!(admission.admit(one).is_ok());
    }

    #[test]
    fn no_cap_per_address_when_it_is_zero() {
        let admission = Admission::new(10, 0);
        let address: IpAddr = "10.0.0.1".parse().unwrap();
        let held: Vec<_> = (0..10).map(|_| admission.admit(address).unwrap()).collect();
        assert_eq!(admission.admit(address).err(), Some(Refused::Full));
        drop(held);
        assert!(admission.per_address.lock().unwrap().is_empty());
    }
}
