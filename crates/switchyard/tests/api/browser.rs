//! A browser for tests of the portal over plain HTTP: it keeps cookies, follows redirects
//! itself (so that a test sees each one), and reads the CSRF token out of a page's form.

use std::collections::BTreeMap;

use reqwest::redirect::Policy;

use crate::helpers::{Party, TestApp};
use switchyard_network::model::Role;
use switchyard_network::usecases::people::Inviter;

pub const PASSWORD: &str = "a long enough password";

pub struct Browser {
    base: String,
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

/// A page as it came.
#[derive(Debug)]
pub struct Page {
    pub status: u16,
    /// Where a redirect points.
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub html: String,
}

impl Page {
    /// The value of the first hidden `csrf` field.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self.html.find(marker).unwrap_or_else(|| panic!("no CSRF token in {}", self.html)) + marker.len();
        self.html[start..].split('"').next().unwrap_or_default().to_owned()
    }
}

impl Browser {
    pub fn new(base: &str) -> Self {
        let client = reqwest::Client::builder().redirect(Policy::none()).build().unwrap();
        Self { base: base.to_owned(), client, cookies: BTreeMap::new() }
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    pub async fn get(&mut self, path_or_url: &str) -> Page {
        let url = self.url(path_or_url);
        let request = self.client.get(url);
        self.send(request).await
    }

    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let request = self.client.post(self.url(path)).form(fields);
        self.send(request).await
    }

    /// `get`, then every redirect after it.
    pub async fn open(&mut self, path_or_url: &str) -> Page {
        let mut page = self.get(path_or_url).await;
        while let Some(location) = page.location.clone() {
            page = self.get(&location).await;
        }
        page
    }

    /// Opens `path` and signs in as `email` on the sign-in page it leads to, returning the page
    /// the sign-in leads back to.
    pub async fn sign_in(&mut self, path: &str, email: &str, password: &str) -> Page {
        let form = self.open(path).await;
        assert!(form.html.contains("Sign in"), "a sign-in page: {form:?}");
        let next = form.html.split("name=\"next\" value=\"").nth(1).and_then(|rest| rest.split('"').next());
        let next = next.unwrap_or("/portal").replace("&#x2f;", "/").replace("&#47;", "/");
        let csrf = form.csrf();
        let signed_in = self
            .post("/portal/login", &[("email", email), ("password", password), ("csrf", &csrf), ("next", &next)])
            .await;
        match signed_in.location.clone() {
            Some(location) => self.open(&location).await,
            None => signed_in,
        }
    }

    fn url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with("http") { path_or_url.to_owned() } else { format!("{}{path_or_url}", self.base) }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Page {
        let cookie_line: Vec<String> = self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
        let request = if cookie_line.is_empty() { request } else { request.header("cookie", cookie_line.join("; ")) };
        let response = request.send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let set = set.to_str().unwrap();
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status().as_u16();
        let location = response.headers().get("location").map(|value| value.to_str().unwrap().to_owned());
        let headers = response.headers().clone();
        let html = response.text().await.unwrap();
        Page { status, location, headers, html }
    }
}

impl TestApp {
    /// A user of `party` with the test password set, by the operator's invitation link.
    pub async fn user(&self, party: &Party, email: &str, role: Role) -> String {
        let company = self.hub().company(&party.name).await.unwrap();
        let link = self.hub().add_user(&company, email, role, Inviter::Operator).await.unwrap();
        let secret = link.path.rsplit('/').next().unwrap();
        self.hub().set_password(secret, PASSWORD).await.unwrap();
        email.to_owned()
    }

    /// A browser signed in as a new member of `party`.
    pub async fn signed_in(&self, party: &Party, email: &str) -> Browser {
        self.user(party, email, Role::Member).await;
        let mut browser = Browser::new(&self.base);
        let page = browser.sign_in("/portal/login", email, PASSWORD).await;
        assert!(browser.cookie("switchyard_session").is_some(), "signed in: {page:?}");
        browser
    }
}

/// Test-only lookups on the hub.
#[async_trait::async_trait]
pub trait HubForTests {
    async fn find_user_for_test(&self, email: &str) -> switchyard_network::model::UserRecord;
}

#[async_trait::async_trait]
impl HubForTests for switchyard_network::Hub {
    async fn find_user_for_test(&self, email: &str) -> switchyard_network::model::UserRecord {
        let users = self.users(None).await.unwrap();
        users.into_iter().find(|user| user.email == email).unwrap()
    }
}
