//! Which scope each `/v2` call needs. A route not named here needs `admin`, so that a route
//! added later is closed to limited tokens until it is given its scope.

use axum::http::Method;
use switchyard_network::model::Scope;

/// The scope a call of `method` on the route `route` (as matched, `/v2/transactions/{id}`)
/// needs, `None` for calls any valid token may make.
pub fn needed(method: &Method, route: &str) -> Option<Scope> {
    let method = if method == Method::HEAD { "GET" } else { method.as_str() };
    match (method, route.strip_prefix("/v2").unwrap_or(route)) {
        (_, "/ping") | ("POST", "/validate") => None,
        ("GET", "/transactions" | "/all-transactions" | "/all-transactions/{id}" | "/all-transactions/{id}/events")
        | ("POST", "/transactions/leases/{id}/extend")
        | ("DELETE", "/transactions/leases/{id}") => Some(Scope::IncomingRead),
        ("PUT", "/transactions/{id}") | ("POST", "/transactions/bulk/mark-processed") => Some(Scope::IncomingMark),
        ("POST", "/transactions") => Some(Scope::OutgoingSend),
        ("POST", "/errors") => Some(Scope::ErrorsReport),
        ("GET", "/tasks") | ("PUT", "/tasks/{id}") => Some(Scope::Tasks),
        _ => Some(Scope::Admin),
    }
}

/// The refusal's message for a token without `scope`.
pub fn refusal(scope: Scope) -> String {
    format!("This token may not make this call: it needs the scope `{scope}`. Issue a token with that scope.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_call_needs_its_scope_and_unknown_routes_need_admin() {
        assert_eq!(needed(&Method::GET, "/v2/transactions"), Some(Scope::IncomingRead));
        assert_eq!(needed(&Method::HEAD, "/v2/all-transactions/{id}"), Some(Scope::IncomingRead));
        assert_eq!(needed(&Method::POST, "/v2/transactions"), Some(Scope::OutgoingSend));
        assert_eq!(needed(&Method::PUT, "/v2/transactions/{id}"), Some(Scope::IncomingMark));
        assert_eq!(needed(&Method::DELETE, "/v2/transactions/leases/{id}"), Some(Scope::IncomingRead));
        assert_eq!(needed(&Method::POST, "/v2/errors"), Some(Scope::ErrorsReport));
        assert_eq!(needed(&Method::PUT, "/v2/tasks/{id}"), Some(Scope::Tasks));
        assert_eq!(needed(&Method::POST, "/v2/ping"), None);
        assert_eq!(needed(&Method::POST, "/v2/webhooks"), Some(Scope::Admin));
    }
}
