//! Mails of issues over a real SMTP conversation: the responsible people (an override for a
//! partner replacing the company's default, the admins when nobody is set) get one mail per
//! batch listing every error; an error resolved before its batch leaves is left out; the
//! partner whose document failed hears of it from its side; a mail server that is down delays
//! mails and loses none; two workers on one database never send a mail twice.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use switchyard::config::SecretUrl;
use switchyard::mail_jobs::MailContext;
use switchyard_documents::DocumentType;
use switchyard_network::model::{Actor, Role};
use switchyard_network::worker::{Worker, WorkerSettings};
use switchyard_testkit::smtp_sink::{Received, SmtpSink};

use crate::browser::HubForTests;
use crate::helpers::{Party, TestApp, order};

const BATCH_SECONDS: u64 = 1;

pub(crate) async fn app_mailing_to(sink_url: &str) -> TestApp {
    let url = sink_url.to_owned();
    TestApp::spawn_with(move |settings| {
        settings.mail.smtp_url = Some(SecretUrl::new(url));
        settings.mail.notification_batch_seconds = BATCH_SECONDS;
    })
    .await
}

pub(crate) fn worker_of(app: &TestApp) -> Worker {
    let running = app.server.as_ref().unwrap();
    let context = switchyard::mailer::context(&app.settings, &running.public_url).unwrap();
    quick_worker(Arc::clone(&running.hub), context)
}

fn quick_worker(hub: Arc<switchyard_network::Hub>, context: MailContext) -> Worker {
    let settings = WorkerSettings { first_retry: 200_000, longest_retry: 200_000, ..WorkerSettings::default() };
    switchyard::worker::worker_with(hub, context, settings)
}

/// Works the outbox until the batch window has passed and nothing is due.
pub(crate) async fn deliver_batches(worker: &Worker) {
    worker.drain().await.unwrap();
    tokio::time::sleep(Duration::from_millis(BATCH_SECONDS * 1000 + 300)).await;
    worker.drain().await.unwrap();
}

async fn fail_order(app: &TestApp, buyer: &Party, supplier: &Party, number: &str, reason: &str) -> String {
    let id = app.send(buyer, DocumentType::Order, &order(buyer, supplier, number)).await.id();
    let marked = app.mark(supplier, &id, &json!({"success": false, "errorReason": reason})).await;
    marked.body["data"]["errorUrl"].as_str().unwrap().to_owned()
}

pub(crate) fn to(received: &[Received], address: &str) -> Vec<Received> {
    received.iter().filter(|mail| mail.to.iter().any(|to| to.contains(address))).cloned().collect()
}

/// The text of a mail with quoted-printable soft breaks undone, for reading its words.
pub(crate) fn text(mail: &Received) -> String {
    mail.data.replace("=\r\n", "").replace("\r\n ", " ").replace("=3D", "=")
}

#[tokio::test]
async fn the_responsible_people_get_one_mail_per_batch_listing_every_open_error() {
    let sink = SmtpSink::start().await;
    let app = app_mailing_to(&sink.url()).await;
    let (buyer, supplier) = app.trading_pair().await;
    let other_buyer = app.company("Other Buyer", "4000000000009").await;
    app.relate(&other_buyer, &supplier, &DocumentType::ALL, switchyard_network::model::RelationshipState::Active).await;
    app.user(&supplier, "admin@supplier.example", Role::Admin).await;
    app.user(&supplier, "default@supplier.example", Role::Member).await;
    app.user(&supplier, "override@supplier.example", Role::Member).await;
    app.user(&buyer, "buyer-admin@buyer.example", Role::Admin).await;
    let company = app.hub().company(&supplier.name).await.unwrap();
    let partner = app.hub().company(&buyer.name).await.unwrap();
    let operator = &Actor::Operator;
    app.hub()
        .set_responsible(&company, DocumentType::Order, None, &["default@supplier.example".into()], operator)
        .await
        .unwrap();
    app.hub()
        .set_responsible(&company, DocumentType::Order, Some(&partner), &["override@supplier.example".into()], operator)
        .await
        .unwrap();

    let first = fail_order(&app, &buyer, &supplier, "PO-21", "Article 4300348765433 unknown").await;
    let second = fail_order(&app, &buyer, &supplier, "PO-22", "Customer blocked").await;
    let resolved = fail_order(&app, &buyer, &supplier, "PO-23", "Closed period").await;
    let from_other = fail_order(&app, &other_buyer, &supplier, "PO-24", "Price mismatch").await;
    let resolved_id = resolved.rsplit('/').next().unwrap().parse().unwrap();
    let overrider = app.hub().find_user_for_test("override@supplier.example").await;
    app.hub()
        .act_on_error(&overrider, resolved_id, switchyard_network::model::ErrorAction::Resolve { comment: None })
        .await
        .unwrap();
    assert!(sink.received().is_empty(), "nothing goes out inside the request");
    deliver_batches(&worker_of(&app)).await;

    let received = sink.received();
    let overridden = to(&received, "override@supplier.example");
    assert_eq!(overridden.len(), 1, "one mail for the batch: {received:?}");
    let mail = text(&overridden[0]);
    assert!(mail.contains(&first) && mail.contains(&second), "every error with its link: {mail}");
    assert!(!mail.contains(&resolved), "an error resolved before the batch left is left out: {mail}");
    assert!(
        mail.contains("Subject: Supplier GmbH's ERP could not import the order PO-21 from Buyer Ltd and 1 more"),
        "{mail}"
    );
    assert!(mail.contains("Article 4300348765433 unknown"), "{mail}");
    assert!(mail.contains("Content-Type: text/html") && mail.contains("Content-Type: text/plain"), "{mail}");
    let defaulted = to(&received, "default@supplier.example");
    assert_eq!(defaulted.len(), 1, "the default covers the other partner");
    assert!(text(&defaulted[0]).contains(&from_other) && !text(&defaulted[0]).contains(&first));
    assert!(to(&received, "admin@supplier.example").is_empty(), "the admins only when nobody is set");
    let sender_side = to(&received, "buyer-admin@buyer.example");
    assert_eq!(sender_side.len(), 1, "the partner whose order failed hears of it: {received:?}");
    assert!(
        text(&sender_side[0]).contains("Supplier GmbH could not import your order PO-21"),
        "{}",
        text(&sender_side[0])
    );

    deliver_batches(&worker_of(&app)).await;
    assert_eq!(sink.received().len(), received.len(), "each mail once");
}

#[tokio::test]
async fn a_mail_server_down_for_a_while_delays_mails_and_loses_none() {
    // A port nothing listens on yet; the sink comes up on it later.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let app = app_mailing_to(&format!("smtp://127.0.0.1:{port}")).await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "admin@supplier.example", Role::Admin).await;
    let error_url = fail_order(&app, &buyer, &supplier, "PO-31", "Unknown article").await;
    let worker = worker_of(&app);
    deliver_batches(&worker).await;

    let sink = SmtpSink::start_on(port).await;
    assert!(sink.received().is_empty());
    for _ in 0..20 {
        tokio::time::sleep(Duration::from_millis(250)).await;
        worker.drain().await.unwrap();
        if !sink.received().is_empty() {
            break;
        }
    }
    let received = sink.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert!(text(&received[0]).contains(&error_url));
    worker.drain().await.unwrap();
    assert_eq!(sink.received().len(), 1, "once");
}

#[tokio::test]
async fn an_invitation_and_a_password_reset_arrive_by_mail() {
    let sink = SmtpSink::start().await;
    let app = app_mailing_to(&sink.url()).await;
    let (buyer, _) = app.trading_pair().await;
    app.user(&buyer, "admin@buyer.example", Role::Admin).await;
    let admin = app.hub().find_user_for_test("admin@buyer.example").await;
    let company = app.hub().company(&buyer.name).await.unwrap();
    let invitation = app
        .hub()
        .add_user(
            &company,
            "new@buyer.example",
            Role::Member,
            switchyard_network::usecases::people::Inviter::Admin(&admin),
        )
        .await
        .unwrap();
    app.hub().request_password_reset("admin@buyer.example").await.unwrap();
    app.hub().request_password_reset("nobody@buyer.example").await.unwrap();
    worker_of(&app).drain().await.unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 2, "none for an unknown address: {received:?}");
    let invited = text(&to(&received, "new@buyer.example")[0]);
    assert!(invited.contains(&format!("{}{}", app.base, invitation.path)), "{invited}");
    assert!(invited.contains("admin@buyer.example invited you"), "{invited}");
    let reset = text(&to(&received, "admin@buyer.example")[0]);
    assert!(
        reset.contains("/portal/password/pw_") && reset.contains("Subject: Choose a new Switchyard password"),
        "{reset}"
    );
}

#[tokio::test]
async fn two_workers_on_one_postgresql_database_never_send_a_mail_twice() {
    let sink = SmtpSink::start().await;
    let url = sink.url();
    let mut app = TestApp::spawn_on_postgres_with(move |settings| {
        settings.mail.smtp_url = Some(SecretUrl::new(url));
        settings.mail.notification_batch_seconds = 0;
    })
    .await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&buyer, "admin@buyer.example", Role::Admin).await;
    let admin = app.hub().find_user_for_test("admin@buyer.example").await;
    let company = app.hub().company(&buyer.name).await.unwrap();
    let inviter = switchyard_network::usecases::people::Inviter::Admin(&admin);
    for n in 0..40 {
        app.hub().add_user(&company, &format!("user{n}@buyer.example"), Role::Member, inviter).await.unwrap();
    }
    app.user(&supplier, "admin@supplier.example", Role::Admin).await;
    let mut error_urls = Vec::new();
    for n in 0..5 {
        error_urls.push(fail_order(&app, &buyer, &supplier, &format!("PO-4{n}"), "Unknown article").await);
    }
    let other_hub =
        switchyard::server::open_hub(&app.settings, Arc::new(switchyard_network::SystemClock)).await.unwrap();
    let other = quick_worker(other_hub, switchyard::mailer::context(&app.settings, &app.base).unwrap());
    let one = worker_of(&app);
    tokio::join!(deliver_batches(&one), deliver_batches(&other));
    let received = sink.received();
    let mut ids: Vec<String> = received
        .iter()
        .filter_map(|mail| mail.data.lines().find(|line| line.starts_with("Message-ID:")).map(str::to_owned))
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "no Message-ID twice");
    let invitations = received.iter().filter(|mail| text(mail).contains("Your Switchyard account")).count();
    assert_eq!(invitations, 40, "every invitation once");
    let told = to(&received, "admin@supplier.example");
    for url in &error_urls {
        let mails = told.iter().filter(|mail| text(mail).contains(url.as_str())).count();
        assert_eq!(mails, 1, "{url} in one mail of the responsible admin");
    }
    app.stop_database();
}

#[tokio::test]
async fn admins_invite_and_choose_who_is_told_in_the_portal_and_people_can_turn_mails_off() {
    let sink = SmtpSink::start().await;
    let app = app_mailing_to(&sink.url()).await;
    let (buyer, supplier) = app.trading_pair().await;
    app.user(&supplier, "admin@supplier.example", Role::Admin).await;
    let mut admin = crate::browser::Browser::new(&app.base);
    admin.sign_in("/portal/settings", "admin@supplier.example", crate::browser::PASSWORD).await;
    let settings = admin.open("/portal/settings").await;
    let csrf = settings.csrf();
    let invited = admin
        .post("/portal/people/invite", &[("csrf", &csrf), ("email", "max@supplier.example"), ("role", "member")])
        .await;
    assert_eq!(invited.location.as_deref(), Some("/portal/settings?done=invited"), "{invited:?}");
    let partner = app.hub().company(&buyer.name).await.unwrap().id.to_string();
    let rule = admin
        .post(
            "/portal/responsible",
            &[("csrf", &csrf), ("document", "ORDER"), ("partner", &partner), ("emails", "max@supplier.example")],
        )
        .await;
    assert_eq!(rule.status, 303, "{rule:?}");
    let shown = admin.open("/portal/settings").await;
    assert!(shown.html.contains("max@supplier.example") && shown.html.contains("Buyer Ltd"), "{}", shown.html);
    let worker = worker_of(&app);
    worker.drain().await.unwrap();
    let invitation = text(&to(&sink.received(), "max@supplier.example")[0]);
    let link = invitation
        .lines()
        .find(|line| line.contains("/portal/password/pw_") && !line.contains('<'))
        .unwrap()
        .trim()
        .to_owned();
    let secret = link.rsplit('/').next().unwrap();
    app.hub().set_password(secret, crate::browser::PASSWORD).await.unwrap();

    let mut max = crate::browser::Browser::new(&app.base);
    max.sign_in("/portal/settings", "max@supplier.example", crate::browser::PASSWORD).await;
    let member_page = max.open("/portal/settings").await;
    assert!(!member_page.html.contains("id=\"invite\""), "members do not see the admin forms");
    let max_csrf = member_page.csrf();
    let refused = max.post("/portal/people/invite", &[("csrf", &max_csrf), ("email", "eve@supplier.example")]).await;
    assert_eq!(refused.status, 403);

    let error_url = fail_order(&app, &buyer, &supplier, "PO-51", "Unknown article").await;
    deliver_batches(&worker).await;
    assert_eq!(to(&sink.received(), "max@supplier.example").len(), 2, "the invitation and the error, by the rule");
    assert!(to(&sink.received(), "admin@supplier.example").is_empty(), "the rule replaces the admins");
    assert!(text(&to(&sink.received(), "max@supplier.example")[1]).contains(&error_url));

    let off = max.post("/portal/settings/mail", &[("csrf", &max_csrf)]).await;
    assert_eq!(off.location.as_deref(), Some("/portal/settings?done=mail"));
    fail_order(&app, &buyer, &supplier, "PO-52", "Unknown article").await;
    deliver_batches(&worker).await;
    assert_eq!(to(&sink.received(), "max@supplier.example").len(), 2, "no more mails once turned off");
}
