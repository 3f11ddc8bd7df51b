//! What people must do about an error, in plain words: who acts, and how. The pages and the
//! mails say the same, so it is said once, here.

use switchyard_documents::DocumentType;

use crate::model::{ErrorOrigin, ErrorRecord};

/// `order PO-1`, `invoice`, or `document` when nothing is known.
pub fn document_name(kind: Option<DocumentType>, number: Option<&str>) -> String {
    let kind = kind.map_or("document", DocumentType::in_words);
    match number.map(str::trim).filter(|number| !number.is_empty()) {
        Some(number) => format!("{kind} {number}"),
        None => kind.to_owned(),
    }
}

/// Who must act and what to do, for a user of the error's company (`ours`) or of its partner.
pub fn what_to_do(error: &ErrorRecord, ours: bool, partner: Option<&str>, document: &str) -> String {
    let company = &error.company_name;
    let partner = partner.unwrap_or("the partner");
    if !ours {
        return partner_side(error, company, document);
    }
    match error.origin {
        ErrorOrigin::Rejected => format!(
            "The hub refused the {document} {company} sent and did not deliver it. {company} must act: correct the \
             problems listed below in the ERP, then send the document again."
        ),
        ErrorOrigin::Duplicate => format!(
            "{company} sent the {document} a second time; the hub kept the first and did not store it again. \
             Nothing needs to be done, unless it was meant to change: then change it (same number) and send it again."
        ),
        ErrorOrigin::ProcessingFailed => format!(
            "{company}'s ERP could not import the {document} from {}. {company} must act: fix what the ERP \
             names below (an unknown article, a missing customer, a closed period ...) in the ERP, then deliver the \
             {document} again. If it should not be imported at all, discard it and say why: {partner} sees the reason.",
            without_full_stop(partner)
        ),
        ErrorOrigin::Reported => format!(
            "{company}'s ERP could not build an outgoing document. {company} must act: fix the cause named below, \
             then let the ERP send the document."
        ),
        ErrorOrigin::TaskFailed => format!(
            "{company}'s ERP could not complete a task the network gave it. {company} must act: fix the cause named \
             below; the operator can then give the task again."
        ),
    }
}

/// `name` without the full stop it may end with ("ACME Co. Ltd."), for the end of a sentence,
/// whose own full stop then stands for both.
fn without_full_stop(name: &str) -> &str {
    name.strip_suffix('.').unwrap_or(name)
}

fn partner_side(error: &ErrorRecord, company: &str, document: &str) -> String {
    match error.origin {
        ErrorOrigin::ProcessingFailed => format!(
            "{company}'s ERP could not import your {document}. {company} must act, and has been told; you need to do \
             nothing unless {company} asks for a corrected version. This page shows when it is resolved."
        ),
        _ => format!("{company} must act on this error; you need to do nothing unless {company} asks you to."),
    }
}
