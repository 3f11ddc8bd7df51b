//! Delivery over SMTP through lettre. `smtp://user:pass@host:587` requires STARTTLS (unless the
//! host is this machine, e.g. a local sink on `smtp://127.0.0.1:1025`), `smtps://host:465`
//! speaks TLS from the first byte, and `?tls=opportunistic` or `?tls=required` chooses
//! explicitly.

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::mail::mailbox;
use crate::{Mail, MailError, Mailer};

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The server's address without credentials, for the log.
    server: String,
}

impl SmtpMailer {
    /// `url` as described above; `from` the sender of every mail.
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&with_tls_default(url))
            .map_err(|error| MailError::Invalid(format!("the SMTP URL is not usable: {error}")))?
            .build();
        Ok(Self { transport, from: mailbox(from)?, server: server_of(url) })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &Mail) -> Result<(), MailError> {
        let message = mail.message(&self.from)?;
        self.transport.send(message).await.map(drop).map_err(|error| {
            if error.is_permanent() {
                MailError::Refused(error.to_string())
            } else {
                MailError::Unavailable(error.to_string())
            }
        })
    }

    fn describe(&self) -> String {
        self.server.clone()
    }
}

/// A plain `smtp://` URL to another machine gets `tls=required`: credentials and mail never
/// cross a network in clear because a server did not offer STARTTLS.
fn with_tls_default(url: &str) -> String {
    let Some(rest) = url.strip_prefix("smtp://") else { return url.to_owned() };
    if url.contains("tls=") || is_loopback(host_of(rest)) {
        return url.to_owned();
    }
    let separator = if url.contains('?') { '&' } else { '?' };
    format!("{url}{separator}tls=required")
}

/// The host of `user:pass@host:port/path?query`.
fn host_of(rest: &str) -> &str {
    let after_credentials = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let authority = after_credentials.split(['/', '?']).next().unwrap_or_default();
    if let Some(bracketed) = authority.strip_prefix('[') {
        return bracketed.split(']').next().unwrap_or_default();
    }
    authority.split(':').next().unwrap_or_default()
}

fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
}

/// `scheme://host:port` of `url`, without credentials or query.
fn server_of(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let after_credentials = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
    let authority = after_credentials.split(['/', '?']).next().unwrap_or_default();
    format!("{scheme}://{authority}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starttls_is_required_except_on_this_machine() {
        assert_eq!(with_tls_default("smtp://u:p@mail.example.com:587"), "smtp://u:p@mail.example.com:587?tls=required");
        assert_eq!(with_tls_default("smtp://127.0.0.1:1025"), "smtp://127.0.0.1:1025");
        assert_eq!(with_tls_default("smtp://[::1]:1025"), "smtp://[::1]:1025");
        assert_eq!(with_tls_default("smtp://mail:25?tls=opportunistic"), "smtp://mail:25?tls=opportunistic");
        assert_eq!(with_tls_default("smtps://u:p@mail.example.com"), "smtps://u:p@mail.example.com");
    }

    #[test]
    fn the_described_server_carries_no_credentials() {
        assert_eq!(server_of("smtp://mailer:s3cret@mail.example.com:587?tls=required"), "smtp://mail.example.com:587");
    }
}
