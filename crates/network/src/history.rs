//! Which parts of a company's history a filtered listing reads: the filters of
//! `GET /v2/all-transactions` as the combinations of type, flow and status they admit.
//!
//! A store keeps the history in one index per side, ordered by type, flow and status and then
//! by creation time; every combination a filter admits is one ordered run of that index, and a
//! page is the merge of those runs. A filter that admits nothing in a company's history then
//! costs one index descent per combination, not a scan of the history.

use switchyard_documents::DocumentType;

use crate::Timestamp;
use crate::model::{Flow, Status};
use crate::store::AllQuery;

/// Which of its transactions a company lists; an empty list admits every value.
#[derive(Clone, Debug, Default)]
pub struct HistoryFilter {
    pub kinds: Vec<DocumentType>,
    pub flows: Vec<Flow>,
    pub statuses: Vec<Status>,
    /// Inclusive lower bound of the creation time.
    pub created_from: Option<Timestamp>,
    /// Exclusive upper bound of the creation time.
    pub created_until: Option<Timestamp>,
}

/// One combination of the three filtered columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facet {
    pub kind: DocumentType,
    pub flow: Flow,
    pub status: Status,
}

impl AllQuery {
    /// The combinations the query's filters admit, or `None` when they admit every one (then a
    /// store reads the history by time alone). A filter that names every value restricts
    /// nothing and counts as absent.
    pub fn facets(&self) -> Option<Vec<Facet>> {
        facets(&self.kinds, &self.flows, &self.statuses)
    }
}

/// The combinations three filters admit, or `None` when they admit every one; see
/// [`AllQuery::facets`].
pub fn facets(kinds: &[DocumentType], flows: &[Flow], statuses: &[Status]) -> Option<Vec<Facet>> {
    let kinds = admitted(kinds, &DocumentType::ALL);
    let flows = admitted(flows, Flow::ALL);
    let statuses = admitted(statuses, Status::ALL);
    if kinds.len() == DocumentType::ALL.len() && flows.len() == Flow::ALL.len() && statuses.len() == Status::ALL.len() {
        return None;
    }
    let mut facets = Vec::with_capacity(kinds.len() * flows.len() * statuses.len());
    for &kind in &kinds {
        for &flow in &flows {
            for &status in &statuses {
                facets.push(Facet { kind, flow, status });
            }
        }
    }
    Some(facets)
}

/// The values of `every` a filter admits, each once, in `every`'s order; an empty filter admits
/// them all.
fn admitted<T: Copy + PartialEq>(filter: &[T], every: &[T]) -> Vec<T> {
    every.iter().copied().filter(|value| filter.is_empty() || filter.contains(value)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PageBudget;
    use uuid::Uuid;

    fn query(kinds: Vec<DocumentType>, flows: Vec<Flow>, statuses: Vec<Status>) -> AllQuery {
        AllQuery {
            company_id: Uuid::nil(),
            kinds,
            flows,
            statuses,
            created_from: None,
            created_until: None,
            after: None,
            budget: PageBudget::items(10),
        }
    }

    #[test]
    fn no_filter_and_a_filter_naming_every_value_read_by_time_alone() {
        assert_eq!(query(vec![], vec![], vec![]).facets(), None);
        assert_eq!(query(vec![], Flow::ALL.to_vec(), vec![]).facets(), None);
    }

    #[test]
    fn a_filter_admits_the_product_of_its_values() {
        let facets = query(vec![DocumentType::Invoice], vec![], vec![Status::Failed, Status::Failed]).facets();
        assert_eq!(
            facets,
            Some(vec![
                Facet { kind: DocumentType::Invoice, flow: Flow::Live, status: Status::Failed },
                Facet { kind: DocumentType::Invoice, flow: Flow::Test, status: Status::Failed },
            ])
        );
        let by_flow = query(vec![], vec![Flow::Test], vec![]).facets().unwrap_or_default();
        assert_eq!(by_flow.len(), DocumentType::ALL.len() * Status::ALL.len());
        assert!(by_flow.iter().all(|facet| facet.flow == Flow::Test));
    }
}
