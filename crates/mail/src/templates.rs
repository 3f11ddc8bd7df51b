//! What each mail says, from templates under `templates/` (plain text and HTML for each; the
//! HTML escapes every value). One function per kind of mail builds the [`Mail`].

use askama::Template;

use crate::{Mail, MailError};

#[derive(Template)]
#[template(path = "test_mail.txt")]
struct TestMailText<'a> {
    hub: &'a str,
    sender: &'a str,
}

#[derive(Template)]
#[template(path = "test_mail.html")]
struct TestMailHtml<'a> {
    hub: &'a str,
    sender: &'a str,
}

/// The mail `switchyard mail test` sends, so that an operator sees that mail reaches people.
pub fn test_mail(to: &str, hub: &str, sender: &str, message_id: String) -> Result<Mail, MailError> {
    let render = |result: askama::Result<String>| result.map_err(|error| MailError::Invalid(error.to_string()));
    Ok(Mail {
        to: vec![to.to_owned()],
        subject: format!("Switchyard test mail from {hub}"),
        text: render(TestMailText { hub, sender }.render())?,
        html: render(TestMailHtml { hub, sender }.render())?,
        message_id,
    })
}

#[derive(Template)]
#[template(path = "account_link.txt")]
struct AccountLinkText<'a> {
    opening: &'a str,
    link: &'a str,
    expires: &'a str,
    closing: &'a str,
}

#[derive(Template)]
#[template(path = "account_link.html")]
struct AccountLinkHtml<'a> {
    opening: &'a str,
    link: &'a str,
    expires: &'a str,
    closing: &'a str,
}

fn render(result: askama::Result<String>) -> Result<String, MailError> {
    result.map_err(|error| MailError::Invalid(error.to_string()))
}

fn account_link(
    to: &str,
    subject: String,
    opening: &str,
    closing: &str,
    link: &str,
    expires: &str,
    message_id: String,
) -> Result<Mail, MailError> {
    Ok(Mail {
        to: vec![to.to_owned()],
        subject,
        text: render(AccountLinkText { opening, link, expires, closing }.render())?,
        html: render(AccountLinkHtml { opening, link, expires, closing }.render())?,
        message_id,
    })
}

/// A new user's invitation to the portal, with the link that sets a first password.
pub fn invitation(
    to: &str,
    company: &str,
    invited_by: Option<&str>,
    link: &str,
    expires: &str,
    message_id: String,
) -> Result<Mail, MailError> {
    let by = invited_by.map_or_else(String::new, |by| format!(" {by} invited you."));
    let opening = format!(
        "you have an account for {company} on the Switchyard portal, where your company sees and resolves what goes \
         wrong with the documents it exchanges with its trading partners.{by}"
    );
    let closing = "If you did not expect this mail, you can ignore it.";
    account_link(to, format!("Your Switchyard account for {company}"), &opening, closing, link, expires, message_id)
}

/// The link to choose a new password, asked for on the sign-in page.
pub fn password_reset(to: &str, link: &str, expires: &str, message_id: String) -> Result<Mail, MailError> {
    let opening = "someone (probably you) asked for a new password for your Switchyard account.";
    let closing = "If it was not you, ignore this mail: your password stays as it is.";
    account_link(to, "Choose a new Switchyard password".to_owned(), opening, closing, link, expires, message_id)
}

#[derive(Template)]
#[template(path = "webhook_disabled.txt")]
struct WebhookDisabledText<'a> {
    company: &'a str,
    url: &'a str,
    reason: &'a str,
    link: &'a str,
}

#[derive(Template)]
#[template(path = "webhook_disabled.html")]
struct WebhookDisabledHtml<'a> {
    company: &'a str,
    url: &'a str,
    reason: &'a str,
    link: &'a str,
}

/// An admin is told that the hub turned off one of the company's webhook endpoints.
pub fn webhook_disabled(
    to: &str,
    company: &str,
    url: &str,
    reason: &str,
    link: &str,
    message_id: String,
) -> Result<Mail, MailError> {
    Ok(Mail {
        to: vec![to.to_owned()],
        subject: format!("A webhook of {company} was turned off"),
        text: render(WebhookDisabledText { company, url, reason, link }.render())?,
        html: render(WebhookDisabledHtml { company, url, reason, link }.render())?,
        message_id,
    })
}

/// One error in a mail of issues.
pub struct Issue {
    /// `Testsupplier's ERP could not import order PO-1 from ACME`.
    pub title: String,
    pub what_to_do: String,
    pub reason: String,
    pub link: String,
}

#[derive(Template)]
#[template(path = "issues.txt")]
struct IssuesText<'a> {
    company: &'a str,
    issues: &'a [Issue],
}

#[derive(Template)]
#[template(path = "issues.html")]
struct IssuesHtml<'a> {
    company: &'a str,
    issues: &'a [Issue],
}

/// The mail that tells a responsible user of errors: one mail for a batch of them.
pub fn issues(
    to: &str,
    company: &str,
    subject: String,
    issues: &[Issue],
    message_id: String,
) -> Result<Mail, MailError> {
    Ok(Mail {
        to: vec![to.to_owned()],
        subject,
        text: render(IssuesText { company, issues }.render())?,
        html: render(IssuesHtml { company, issues }.render())?,
        message_id,
    })
}

/// One document in a mail of documents.
pub struct DocumentLine {
    /// `New order PO-1 from ACME`, `ACME imported your invoice INV-7`.
    pub title: String,
    pub transaction_id: String,
    /// The document's page in the portal.
    pub link: String,
}

#[derive(Template)]
#[template(path = "documents.txt")]
struct DocumentsText<'a> {
    company: &'a str,
    documents: &'a [DocumentLine],
    settings_link: &'a str,
}

#[derive(Template)]
#[template(path = "documents.html")]
struct DocumentsHtml<'a> {
    company: &'a str,
    documents: &'a [DocumentLine],
    settings_link: &'a str,
}

/// The mail that tells a user who asked for it of documents that arrived or were imported.
pub fn documents(
    to: &str,
    company: &str,
    subject: String,
    documents: &[DocumentLine],
    settings_link: &str,
    message_id: String,
) -> Result<Mail, MailError> {
    Ok(Mail {
        to: vec![to.to_owned()],
        subject,
        text: render(DocumentsText { company, documents, settings_link }.render())?,
        html: render(DocumentsHtml { company, documents, settings_link }.render())?,
        message_id,
    })
}
