//! The portal on the history scenario's database: each company's people page through
//! `/portal/transactions` with each filter the page offers (the history's, direction, partner,
//! a number), following its "Older" link as a browser would, and open the overview.

use std::time::{Duration, Instant};

use reqwest::Client;
use reqwest::redirect::Policy;
use switchyard_network::model::Role;
use switchyard_network::usecases::people::Inviter;

use crate::history_fill::{DAYS, Spread};
use crate::stats::Figures;

const PASSWORD: &str = "a long enough bench password";

/// A portal user of `company`, with the bench's password; answers the e-mail address.
pub async fn add_user(
    hub: &switchyard_network::Hub,
    company: &switchyard_network::model::Company,
) -> anyhow::Result<String> {
    let email = format!("bench@{}.example", company.id.simple());
    let link = hub.add_user(company, &email, Role::Member, Inviter::Operator).await?;
    let secret = link.path.rsplit('/').next().unwrap_or_default();
    hub.set_password(secret, PASSWORD).await?;
    Ok(email)
}

/// Signs `email` in and answers the `Cookie` header of its session.
pub async fn sign_in(base: &str, email: &str) -> anyhow::Result<String> {
    let client = Client::builder().redirect(Policy::none()).build()?;
    let form = client.get(format!("{base}/portal/login")).send().await?;
    let before = cookies(&form);
    let html = form.text().await?;
    let csrf = html.split("name=\"csrf\" value=\"").nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default();
    let fields = [("email", email), ("password", PASSWORD), ("csrf", csrf), ("next", "/portal")];
    let signed_in = client.post(format!("{base}/portal/login")).header("cookie", before).form(&fields).send().await?;
    let session = cookies(&signed_in);
    anyhow::ensure!(session.contains("switchyard_session="), "{email} could not sign in: {}", signed_in.status());
    Ok(session)
}

fn cookies(response: &reqwest::Response) -> String {
    let pairs = response.headers().get_all("set-cookie").iter().filter_map(|value| value.to_str().ok());
    pairs.filter_map(|set| set.split(';').next()).collect::<Vec<_>>().join("; ")
}

/// The filters paged with: none, each alone, and together; some matching most of the
/// history, some a few rows, some nothing. `{partner}` stands for the other company's id.
pub fn filters(spread: Spread) -> Vec<String> {
    let middle = spread.first_at + DAYS / 2 * 86_400_000_000;
    let day = chrono::DateTime::from_timestamp_micros(middle)
        .map(|at| at.date_naive().format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let row = spread.rows / 2;
    vec![
        String::new(),
        "direction=sent".into(),
        "direction=received".into(),
        "partner={partner}".into(),
        "type=INVOICE".into(),
        "type=SALES_REPORT".into(),
        "status=FAILED".into(),
        "status=UNKNOWN".into(),
        "flow=TEST&direction=received".into(),
        "partner={partner}&status=FAILED".into(),
        "partner={partner}&type=SALES_REPORT".into(),
        format!("from={day}&until={day}"),
        format!("from={day}&until={day}&status=FAILED"),
        format!("number=H-{row}"),
        format!("number=O-{}", row / 4),
        "number=NO-SUCH-NUMBER".into(),
    ]
}

/// Up to `pages` pages of `filter` as each company's user, one request at a time. `sessions`
/// holds each company's session cookie and the other company's id, which `{partner}` in the
/// filters stands for.
pub async fn page_one_filter(
    client: &Client,
    base: &str,
    filter: &str,
    sessions: &[(String, String)],
    pages: usize,
) -> Figures {
    let started = Instant::now();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for (cookie, partner) in sessions {
        let filter = filter.replace("{partner}", partner);
        let walked = walk(client, base, &filter, cookie, pages).await;
        latencies.extend(walked.0);
        errors += walked.1;
    }
    let name = if filter.is_empty() { "no filter" } else { filter };
    Figures::new(&format!("portal list, {name}"), latencies, errors, started.elapsed())
}

/// The pages besides the documents list that count or list something: the overview (the last
/// seven days by type, the queue's oldest), the partners (30 days by partner and type) and the
/// errors.
pub const OTHER_PAGES: [(&str, &str); 3] =
    [("/portal", "portal overview"), ("/portal/partners", "portal partners"), ("/portal/errors", "portal errors")];

/// The page at `path`, opened `times` times as each company's user.
pub async fn open_page(
    client: &Client,
    base: &str,
    (path, name): (&str, &str),
    sessions: &[(String, String)],
    times: usize,
) -> Figures {
    let started = Instant::now();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for (cookie, _) in sessions {
        for _ in 0..times {
            let asked = Instant::now();
            let answer = client.get(format!("{base}{path}")).header("cookie", cookie).send().await;
            let read = match answer {
                Ok(response) if response.status() == reqwest::StatusCode::OK => response.text().await.is_ok(),
                _ => false,
            };
            if read {
                latencies.push(asked.elapsed());
            } else {
                errors += 1;
            }
        }
    }
    Figures::new(name, latencies, errors, started.elapsed())
}

/// Follows the "Older" links of one filter for `pages` pages, from the first page again when
/// the list ends before, so that a filter with few rows is timed as often as the others.
async fn walk(client: &Client, base: &str, filter: &str, cookie: &str, pages: usize) -> (Vec<Duration>, usize) {
    let first = format!("{base}/portal/transactions?{filter}");
    let mut url = first.clone();
    let mut latencies = Vec::new();
    for _ in 0..pages {
        let asked = Instant::now();
        let Ok(response) = client.get(&url).header("cookie", cookie).send().await else { return (latencies, 1) };
        if response.status() != reqwest::StatusCode::OK {
            return (latencies, 1);
        }
        let Ok(html) = response.text().await else { return (latencies, 1) };
        latencies.push(asked.elapsed());
        url = older(&html).map_or_else(|| first.clone(), |next| format!("{base}{next}"));
    }
    (latencies, 0)
}

/// The address of the page's "Older" link, unescaped.
fn older(html: &str) -> Option<String> {
    let at = html.find("id=\"older\"")?;
    let link = html[..at].rsplit("href=\"").next()?.split('"').next()?;
    Some(link.replace("&amp;", "&").replace("&#38;", "&"))
}
