//! Per-session values (`State` components), behind a trait so a shared store (Redis, NATS) can
//! replace the in-process one when several replicas serve one app.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ferrio_components::{ComponentId, SessionHash};
use serde_json::{Map, Value};

/// Where sessions' `State` values live between events. Values are JSON, so any store can hold
/// them.
pub trait SessionStore: Send + Sync + 'static {
    /// The value `State` component `id` holds in this session; `None` before an event set one
    /// (the component's initial value then applies).
    fn get(&self, session: &SessionHash, id: ComponentId) -> Option<Value>;
    /// Stores what an event returned for `State` component `id` in this session.
    fn set(&self, session: &SessionHash, id: ComponentId, value: Value);
    /// The props updates gave component `id` in this session (Gradio keeps them too: a
    /// Dropdown's new choices are what its later values are checked against).
    fn props(&self, session: &SessionHash, id: ComponentId) -> Option<Map<String, Value>>;
    /// Merges an update's props into what the session holds for component `id`.
    fn merge_props(&self, session: &SessionHash, id: ComponentId, props: &Map<String, Value>);
    /// Drops everything the session holds.
    fn forget(&self, session: &SessionHash);
    /// The session's page is still open (a heartbeat): its values' time to live starts over.
    fn touch(&self, session: &SessionHash);
    /// Checks that `client` may use the session, making it the session's owner if it has none
    /// yet: a session belongs to the first client that used it with an id. A request without
    /// one may use only sessions nobody owns.
    fn claim(&self, session: &SessionHash, client: Option<&ClientId>)
        -> Result<(), ForeignSession>;
}

/// Which client (a browser, a gradio_client instance) a request comes from: a random id the
/// server gave it, which it sends back with each request (a cookie, see `http::client`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ClientId(String);

impl ClientId {
    /// A new, unguessable id (128 random bits, as hex).
    pub fn random() -> Self {
        ClientId(uuid::Uuid::new_v4().simple().to_string())
    }

    /// An id as the server gave it out (32 lowercase hex digits); anything else is none.
    pub fn parse(id: &str) -> Option<Self> {
        let ok = id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        ok.then(|| ClientId(id.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A session that belongs to another client: neither its messages nor its State are this
/// one's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("session belongs to another client: use a session_hash of your own")]
pub struct ForeignSession;

/// Gradio keeps a session's state for an hour after its last use.
pub const SESSION_TTL: Duration = Duration::from_secs(60 * 60);

/// A page whose heartbeat stream stays closed this long is gone (a browser reconnects a
/// dropped EventSource after about 3 s).
pub const UNLOAD_GRACE: Duration = Duration::from_secs(10);

/// At most this many sessions hold state at once (Gradio's cap too): beyond it, the least
/// recently used are forgotten first.
pub const MAX_SESSIONS: usize = 10_000;

/// The in-process store: a session untouched for `ttl` is forgotten, and so are the least
/// recently used beyond `max_sessions` (checked as the store is used, so it needs no task of its
/// own and its size is bounded).
pub struct LocalSessionStore {
    ttl: Duration,
    max_sessions: usize,
    inner: Mutex<Inner>,
}

struct Inner {
    sessions: HashMap<SessionHash, Entry>,
    last_sweep: Instant,
}

struct Entry {
    last_used: Instant,
    /// The client the session belongs to, once one used it.
    owner: Option<ClientId>,
    values: HashMap<ComponentId, Value>,
    props: HashMap<ComponentId, Map<String, Value>>,
}

impl Default for LocalSessionStore {
    fn default() -> Self {
        Self::with_ttl(SESSION_TTL)
    }
}

impl LocalSessionStore {
    /// A store that forgets a session untouched for `ttl`, holding at most [`MAX_SESSIONS`].
    pub fn with_ttl(ttl: Duration) -> Self {
        Self::with_limits(ttl, MAX_SESSIONS)
    }

    /// A store that forgets a session untouched for `ttl`, and the least recently used beyond
    /// `max_sessions` (at least 1).
    pub fn with_limits(ttl: Duration, max_sessions: usize) -> Self {
        LocalSessionStore {
            ttl,
            max_sessions: max_sessions.max(1),
            inner: Mutex::new(Inner {
                sessions: HashMap::new(),
                last_sweep: Instant::now(),
            }),
        }
    }

    /// How many sessions hold values.
    pub fn len(&self) -> usize {
        self.lock().sessions.len()
    }

    /// No session holds values.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        // At most a few sweeps per ttl: each is O(sessions).
        let now = Instant::now();
        if now.duration_since(inner.last_sweep) >= self.ttl / 4 {
            let ttl = self.ttl;
            inner
                .sessions
                .retain(|_, e| now.duration_since(e.last_used) < ttl);
            inner.last_sweep = now;
        }
        inner
    }
}

impl LocalSessionStore {
    /// The session's entry, used now; `None` if it has none (or it expired unswept).
    fn with_live<T>(&self, session: &SessionHash, read: impl FnOnce(&mut Entry) -> T) -> Option<T> {
        let mut inner = self.lock();
        let entry = inner.sessions.get_mut(session)?;
        let now = Instant::now();
        // Expired but not swept yet: as good as gone.
        if now.duration_since(entry.last_used) >= self.ttl {
            inner.sessions.remove(session);
            return None;
        }
        entry.last_used = now;
        Some(read(entry))
    }

    /// Writes into the session's entry, made if need be; beyond the cap, the least recently
    /// used sessions go.
    fn write(&self, session: &SessionHash, write: impl FnOnce(&mut Entry)) {
        let mut inner = self.lock();
        let entry = inner
            .sessions
            .entry(session.clone())
            .or_insert_with(|| Entry {
                last_used: Instant::now(),
                owner: None,
                values: HashMap::new(),
                props: HashMap::new(),
            });
        entry.last_used = Instant::now();
        write(entry);
        if inner.sessions.len() > self.max_sessions {
            // Forget the least recently used tenth at once, so this O(n) step is rare.
            let mut by_age: Vec<(Instant, SessionHash)> = inner
                .sessions
                .iter()
                .map(|(s, e)| (e.last_used, s.clone()))
                .collect();
            by_age.sort_unstable_by_key(|(at, _)| *at);
            let excess = inner.sessions.len() - self.max_sessions + self.max_sessions / 10;
            for (_, old) in by_age.into_iter().take(excess) {
                inner.sessions.remove(&old);
            }
        }
    }
}

impl SessionStore for LocalSessionStore {
    fn get(&self, session: &SessionHash, id: ComponentId) -> Option<Value> {
        self.with_live(session, |e| e.values.get(&id).cloned())?
    }

    fn set(&self, session: &SessionHash, id: ComponentId, value: Value) {
        self.write(session, |e| {
            e.values.insert(id, value);
        });
    }

    fn props(&self, session: &SessionHash, id: ComponentId) -> Option<Map<String, Value>> {
        self.with_live(session, |e| e.props.get(&id).cloned())?
    }

    fn merge_props(&self, session: &SessionHash, id: ComponentId, props: &Map<String, Value>) {
        self.write(session, |e| {
            let held = e.props.entry(id).or_default();
            for (key, value) in props {
                held.insert(key.clone(), value.clone());
            }
        });
    }

    fn forget(&self, session: &SessionHash) {
        self.lock().sessions.remove(session);
    }

    fn touch(&self, session: &SessionHash) {
        if let Some(entry) = self.lock().sessions.get_mut(session) {
            entry.last_used = Instant::now();
        }
    }

    fn claim(
        &self,
        session: &SessionHash,
        client: Option<&ClientId>,
    ) -> Result<(), ForeignSession> {
        let Some(client) = client else {
            // Only a look: a client without an id owns nothing, so nothing is stored for it.
            return match self.with_live(session, |e| e.owner.is_some()) {
                Some(true) => Err(ForeignSession),
                _ => Ok(()),
            };
        };
        let mut claimed = Ok(());
        self.write(session, |e| match &e.owner {
            Some(owner) if owner != client => claimed = Err(ForeignSession),
            Some(_) => {}
            None => e.owner = Some(client.clone()),
        });
        claimed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn s(name: &str) -> SessionHash {
        SessionHash(name.into())
    }

    #[test]
    fn sessions_are_isolated() {
        let store = LocalSessionStore::default();
        store.set(&s("a"), ComponentId(1), json!(1));
        store.set(&s("b"), ComponentId(1), json!(2));
        assert_eq!(store.get(&s("a"), ComponentId(1)), Some(json!(1)));
        assert_eq!(store.get(&s("b"), ComponentId(1)), Some(json!(2)));
        assert_eq!(store.get(&s("a"), ComponentId(2)), None);
        store.forget(&s("a"));
        assert_eq!(store.get(&s("a"), ComponentId(1)), None);
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn updated_props_accumulate_per_session() {
        let store = LocalSessionStore::default();
        let props = |v: Value| v.as_object().unwrap().clone();
        store.merge_props(&s("a"), ComponentId(1), &props(json!({"visible": false})));
        store.merge_props(
            &s("a"),
            ComponentId(1),
            &props(json!({"choices": [["x", "x"]]})),
        );
        store.merge_props(&s("a"), ComponentId(1), &props(json!({"visible": true})));
        assert_eq!(
            store.props(&s("a"), ComponentId(1)),
            Some(props(json!({"visible": true, "choices": [["x", "x"]]})))
        );
        assert_eq!(store.props(&s("b"), ComponentId(1)), None);
        assert_eq!(store.props(&s("a"), ComponentId(2)), None);
        store.forget(&s("a"));
        assert_eq!(store.props(&s("a"), ComponentId(1)), None);
    }

    #[test]
    fn a_session_belongs_to_the_first_client_that_used_it() {
        let store = LocalSessionStore::default();
        let (alice, bob) = (ClientId::random(), ClientId::random());
        // Nobody's yet: anyone may use it, and a client with an id makes it its own.
        assert_eq!(store.claim(&s("a"), None), Ok(()));
        assert_eq!(store.claim(&s("a"), Some(&alice)), Ok(()));
        assert_eq!(store.claim(&s("a"), Some(&alice)), Ok(()));
        assert_eq!(store.claim(&s("a"), Some(&bob)), Err(ForeignSession));
        assert_eq!(store.claim(&s("a"), None), Err(ForeignSession));
        // Setting values keeps the owner; forgetting the session frees it.
        store.set(&s("a"), ComponentId(1), json!(1));
        assert_eq!(store.claim(&s("a"), Some(&bob)), Err(ForeignSession));
        store.forget(&s("a"));
        assert_eq!(store.claim(&s("a"), Some(&bob)), Ok(()));
        // A look without an id stores nothing.
        assert_eq!(store.claim(&s("b"), None), Ok(()));
        assert_eq!(store.len(), 1);
    }

    #[test]
    fn client_ids_are_what_the_server_gives_out() {
        let id = ClientId::random();
        assert_eq!(ClientId::parse(id.as_str()), Some(id.clone()));
        assert_ne!(ClientId::random(), id);
        for bad in ["", "abc", &"G".repeat(32), &"a".repeat(33), &"A".repeat(32)] {
            assert_eq!(ClientId::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn beyond_the_cap_the_least_recently_used_go_first() {
        let store = LocalSessionStore::with_limits(SESSION_TTL, 10);
        for i in 0..10 {
            store.set(&s(&i.to_string()), ComponentId(1), json!(i));
        }
        // Session 0 is used again, so it is no longer the oldest.
        assert_eq!(store.get(&s("0"), ComponentId(1)), Some(json!(0)));
        store.set(&s("new"), ComponentId(1), json!("n"));
        assert!(store.len() <= 10);
        assert_eq!(store.get(&s("1"), ComponentId(1)), None);
        assert_eq!(store.get(&s("0"), ComponentId(1)), Some(json!(0)));
        assert_eq!(store.get(&s("new"), ComponentId(1)), Some(json!("n")));
    }

    #[test]
    fn an_expired_session_reads_as_empty_before_any_sweep() {
        let store = LocalSessionStore::with_ttl(Duration::from_millis(200));
        store.set(&s("a"), ComponentId(1), json!(1));
        std::thread::sleep(Duration::from_millis(210));
        assert_eq!(store.get(&s("a"), ComponentId(1)), None);
    }

    #[test]
    fn idle_sessions_are_forgotten() {
        let store = LocalSessionStore::with_ttl(Duration::from_millis(40));
        store.set(&s("old"), ComponentId(1), json!("x"));
        std::thread::sleep(Duration::from_millis(60));
        store.set(&s("new"), ComponentId(1), json!("y"));
        assert_eq!(store.get(&s("old"), ComponentId(1)), None);
        assert_eq!(store.len(), 1);
    }
}
