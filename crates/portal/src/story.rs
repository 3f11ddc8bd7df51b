//! A transaction's story in sentences, as the error page and the document page tell it.

use switchyard_network::model::{Event, EventKind};

pub fn detail(event: &Event, key: &str) -> Option<String> {
    event.detail.as_ref()?.get(key)?.as_str().map(str::to_owned)
}

/// What an event tells, in a sentence naming the two companies; `None` for one told otherwise
/// (an opened error is shown as the error itself).
pub fn sentence(event: &Event, sender: &str, receiver: &str) -> Option<String> {
    let by = detail(event, "by").unwrap_or_else(|| "Someone".to_owned());
    Some(match event.kind {
        EventKind::Sent => format!("{sender} sent it."),
        EventKind::Delivered => format!("The hub put it in {receiver}'s queue."),
        EventKind::Dropped => "The hub kept it without delivering it (no active relationship for its type).".to_owned(),
        EventKind::Replaced => format!("{sender} sent a newer version of it."),
        EventKind::Fetched => format!("{receiver}'s ERP fetched it."),
        EventKind::Leased => format!("One of {receiver}'s ERP workers took it to import it."),
        EventKind::WebhookDelivered => "The hub told your webhook endpoint of it.".to_owned(),
        EventKind::Notified => format!("The hub told {} of it by mail.", detail(event, "to").unwrap_or_default()),
        EventKind::WebhookFailed => "The hub could not tell your webhook endpoint of it, and gave up.".to_owned(),
        EventKind::Processed => format!("{receiver}'s ERP reported it processed."),
        EventKind::Failed => format!("{receiver}'s ERP reported that it could not process it."),
        EventKind::ErrorOpened => return None,
        EventKind::DeliveredAgain => format!("{by} delivered it again to {receiver}'s ERP."),
        EventKind::Discarded => {
            format!("{by} discarded it: \u{201c}{}\u{201d}", detail(event, "reason").unwrap_or_default())
        }
        EventKind::ErrorResolved => match detail(event, "comment") {
            Some(comment) => format!("{by} marked the error resolved: \u{201c}{comment}\u{201d}"),
            None => format!("{by} marked the error resolved."),
        },
    })
}
