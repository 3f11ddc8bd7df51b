//! Moving a whole network from one store to another, for an operator who started on the
//! embedded database and moves to PostgreSQL.

use crate::{Error, Hub};

impl Hub {
    /// Copies every row of this hub's network into `target`'s store, all or nothing; `Conflict`
    /// unless the target is empty. Returns how many of each kind of row were copied.
    pub async fn copy_network_to(&self, target: &Hub) -> Result<[(&'static str, usize); 13], Error> {
        let snapshot = self.store.export().await?;
        let counts = snapshot.counts();
        target.store.import(snapshot).await?;
        Ok(counts)
    }
}
