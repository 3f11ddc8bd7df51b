//! Poller leases: the items a queue listing returns, held for its caller for a while, so that
//! two workers of one ERP never import the same document. A lease ends when it runs out, when
//! it is released, and for each item when the item is marked.

use uuid::Uuid;

use crate::Timestamp;

/// The longest lease a listing may take or an extension may set, in seconds.
pub const LONGEST_LEASE_SECONDS: i64 = 900;

/// A lease's length as asked: 1 to [`LONGEST_LEASE_SECONDS`] seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaseLength(i64);

impl LeaseLength {
    /// `None` outside 1 to 900 seconds.
    pub fn seconds(seconds: i64) -> Option<Self> {
        (1..=LONGEST_LEASE_SECONDS).contains(&seconds).then_some(Self(seconds))
    }

    /// When a lease of this length taken `at` runs out.
    pub fn from(self, at: Timestamp) -> Timestamp {
        at + self.0 * 1_000_000
    }
}

/// A lease a company holds on items of its queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lease {
    pub id: Uuid,
    pub company_id: Uuid,
    /// When it runs out; the items come back to the queue then.
    pub until: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_lasts_one_to_900_seconds() {
        assert_eq!(LeaseLength::seconds(0), None);
        assert_eq!(LeaseLength::seconds(901), None);
        assert_eq!(LeaseLength::seconds(900).map(|length| length.from(10)), Some(10 + 900_000_000));
        assert_eq!(LeaseLength::seconds(1).map(|length| length.from(0)), Some(1_000_000));
    }
}
