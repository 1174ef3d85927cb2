//! Which client a request comes from: the `ferrio_client` cookie that the page and `/config`
//! give a client arriving without one.
//!
//! A session belongs to the first client that used it ([`SessionStore::claim`]), so learning
//! another's `session_hash` reads neither its messages nor its `State`. Browsers send the
//! cookie by themselves, and gradio_client keeps `/config`'s cookies for every later request
//! (for proxies' session affinity). A client that sends none (the JS client under Node, curl)
//! may use only sessions nobody owns, as anyone may in Gradio.
//!
//! [`SessionStore::claim`]: crate::runtime::sessions::SessionStore::claim

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

use crate::runtime::sessions::ClientId;

/// The cookie's name.
pub(crate) const COOKIE: &str = "ferrio_client";

/// The client a request came from, when it sent its cookie.
pub(super) struct Client(pub(super) Option<ClientId>);

impl Client {
    fn from_headers(headers: &HeaderMap) -> Self {
        let jar = CookieJar::from_headers(headers);
        Client(jar.get(COOKIE).and_then(|c| ClientId::parse(c.value())))
    }

    pub(super) fn id(&self) -> Option<&ClientId> {
        self.0.as_ref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Client::from_headers(&parts.headers))
    }
}

/// Middleware for the routes a client starts at (the page, `/config`): one that came without
/// an id leaves with one.
pub(super) async fn introduce(req: Request, next: Next) -> Response {
    let known = Client::from_headers(req.headers()).0.is_some();
    let mut response = next.run(req).await;
    if !known {
        // HttpOnly: the page's scripts never need it; Lax: sent on the app's own requests
        // and when a person follows a link to it.
        let cookie = Cookie::build((COOKIE, ClientId::random().as_str().to_owned()))
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .build();
        if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
