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
