//! `ferrio-bench URL [--users 1,16,64] [--seconds 8] [--events N] [--fn-index 0] [--data '["hi"]']`
//! `ferrio-bench URL --idle 10000 [--seconds 20]`
//!
//! Virtual users in a closed loop, each on its own keep-alive connection: join the queue
//! (`POST /gradio_api/queue/join`), read the session's stream (`GET /gradio_api/queue/data`)
//! until `process_completed`, repeat. Reports requests/s and latency percentiles per user count.
//! It speaks only the wire protocol, so it measures Ferrio and Gradio alike.
//!
//! `--idle N` holds N idle pages instead: each a connection with its heartbeat stream open
//! (`GET /gradio_api/heartbeat/{session}`), as a browser tab holds one. It prints `open` once
//! all are, holds them for `--seconds`, and prints how many heartbeats arrived, so a script
//! can read the server's memory and CPU while they are held.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::Request;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

#[derive(Clone)]
struct Options {
    host: String,
    users: Vec<usize>,
    seconds: f64,
    events: Option<u64>,
    idle: Option<usize>,
    fn_index: u32,
    data: serde_json::Value,
}

fn parse_args() -> Result<Options> {
    let mut args = std::env::args().skip(1);
    let url = args.next().context("usage: ferrio-bench URL [--users 1,16,64] [--seconds 8] [--events N] [--fn-index 0] [--data JSON]")?;
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    if host.contains('/') {
        bail!("give the server's root URL, like http://127.0.0.1:7860");
    }
    let mut opts = Options {
        host,
        users: vec![1, 16, 64],
        seconds: 8.0,
        events: None,
        idle: None,
        fn_index: 0,
        data: serde_json::json!(["hi"]),
    };
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .with_context(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--users" => opts.users = value.split(',').map(str::parse).collect::<Result<_, _>>()?,
            "--seconds" => opts.seconds = value.parse()?,
            "--events" => opts.events = Some(value.parse()?),
            "--idle" => opts.idle = Some(value.parse()?),
            "--fn-index" => opts.fn_index = value.parse()?,
            "--data" => opts.data = serde_json::from_str(&value)?,
            _ => bail!("unknown option {flag}"),
        }
    }
    Ok(opts)
}

async fn connect(host: &str) -> Result<SendRequest<Full<Bytes>>> {
    let tcp = TcpStream::connect(host)
        .await
        .with_context(|| format!("connecting to {host}"))?;
    tcp.set_nodelay(true)?;
    let (sender, conn) = http1::handshake(TokioIo::new(tcp)).await?;
    tokio::spawn(conn);
    Ok(sender)
}

/// One event through the queue: join, then read the stream to its end. Returns when the
/// result arrived.
async fn one_event(
    sender: &mut SendRequest<Full<Bytes>>,
    opts: &Options,
    session: &str,
) -> Result<Duration> {
    let start = Instant::now();
    let body = serde_json::json!({
        "data": opts.data, "event_data": null, "fn_index": opts.fn_index,
        "trigger_id": null, "session_hash": session,
    });
    let join = Request::post("/gradio_api/queue/join")
        .header("host", &opts.host)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body.to_string())))?;
    let response = sender.send_request(join).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    if !status.is_success() {
        bail!("join answered {status}: {}", String::from_utf8_lossy(&body));
    }
    sender.ready().await?;
    let read = Request::get(format!("/gradio_api/queue/data?session_hash={session}"))
        .header("host", &opts.host)
        .body(Full::new(Bytes::new()))?;
    let mut stream = sender.send_request(read).await?.into_body();
    let mut done = None;
    let mut seen = Vec::new();
    // Read to the end (close_stream), so the connection can carry the next event.
    while let Some(frame) = stream.frame().await {
        if let Ok(data) = frame?.into_data() {
            seen.extend_from_slice(&data);
            // Judged once the whole message is in: a long line of `estimation`s can split
            // `process_completed` over two frames.
            let completed = find(&seen, b"\"process_completed\"")
                .map(|at| &seen[at..])
                .filter(|message| contains(message, b"\n\n"));
            if let (None, Some(message)) = (done, completed) {
                if !contains(message, b"\"success\":true")
                    && !contains(message, b"\"success\": true")
                {
                    bail!("the event failed: {}", String::from_utf8_lossy(&seen));
                }
                done = Some(start.elapsed());
            }
        }
    }
    sender.ready().await?;
    done.context("the stream ended without process_completed")
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An event that takes longer than this has failed.
const EVENT_TIMEOUT: Duration = Duration::from_secs(60);

struct Level {
    users: usize,
    events: usize,
    /// Events that failed (the server refused, or dropped the connection).
    errors: usize,
    seconds: f64,
    latencies: Vec<Duration>,
}

impl Level {
    fn percentile(&self, p: f64) -> f64 {
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies
            .get(i)
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    }
}

async fn run_level(opts: Arc<Options>, users: usize) -> Result<Level> {
    let deadline = Instant::now() + Duration::from_secs_f64(opts.seconds);
    let remaining = Arc::new(AtomicU64::new(opts.events.unwrap_or(u64::MAX)));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(users);
    for user in 0..users {
        let opts = opts.clone();
        let remaining = remaining.clone();
        tasks.push(tokio::spawn(async move {
            let mut sender = connect(&opts.host).await?;
            let mut latencies = Vec::new();
            let mut errors = 0;
            let mut n = 0u64;
            while (opts.events.is_some() || Instant::now() < deadline)
                && remaining
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |r| r.checked_sub(1))
                    .is_ok()
            {
                n += 1;
                let session = format!("bench{user}x{n}");
                // A server that stalls (Gradio, at 1,000 users) fails the event, not the run.
                let event =
                    tokio::time::timeout(EVENT_TIMEOUT, one_event(&mut sender, &opts, &session));
                match event.await.map_err(anyhow::Error::from).and_then(|r| r) {
                    Ok(latency) => latencies.push(latency),
                    // Counted, and the user goes on on a new connection: a server that
                    // fails under load is measured, not the end of the run.
                    Err(_) => {
                        errors += 1;
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        sender = connect(&opts.host).await?;
                    }
                }
            }
            anyhow::Ok((latencies, errors))
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (each, failed) = task.await??;
        latencies.extend(each);
        errors += failed;
    }
    let seconds = start.elapsed().as_secs_f64();
    latencies.sort();
    Ok(Level {
        users,
        events: latencies.len(),
        errors,
        seconds,
        latencies,
    })
}

/// Holds `pages` heartbeat streams open for `opts.seconds`, counting the beats.
async fn idle(opts: &Options, pages: usize) -> Result<()> {
    let beats = Arc::new(AtomicU64::new(0));
    let deadline =
        Instant::now() + Duration::from_secs_f64(opts.seconds) + Duration::from_secs(600);
    let mut held = Vec::with_capacity(pages);
    for page in 0..pages {
        let mut sender = connect(&opts.host).await?;
        let open = Request::get(format!("/gradio_api/heartbeat/idle{page}"))
            .header("host", &opts.host)
            .body(Full::new(Bytes::new()))?;
        let response = sender.send_request(open).await?;
        if !response.status().is_success() {
            bail!("heartbeat {page} answered {}", response.status());
        }
        let mut body = response.into_body();
        let beats = beats.clone();
        held.push(tokio::spawn(async move {
            // The sender keeps the connection; the body is read as the beats come.
            let _sender = sender;
            while Instant::now() < deadline {
                match body.frame().await {
                    Some(Ok(_)) => {
                        beats.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => break,
                }
            }
        }));
    }
    println!("open: {pages} pages");
    let start = Instant::now();
    let before = beats.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs_f64(opts.seconds)).await;
    let got = beats.load(Ordering::Relaxed) - before;
    println!(
        "held {pages} pages for {:.0} s: {got} heartbeats ({:.0}/s)",
        start.elapsed().as_secs_f64(),
        got as f64 / start.elapsed().as_secs_f64()
    );
    for page in held {
        page.abort();
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let opts = Arc::new(parse_args()?);
    if let Some(pages) = opts.idle {
        return idle(&opts, pages).await;
    }
    // Warm up: connections, caches, the server's first-request paths.
    let warm_up = Options {
        events: Some(200),
        ..(*opts).clone()
    };
    run_level(Arc::new(warm_up), 4).await?;
    println!("| users | events | errors | req/s | p50 ms | p95 ms | p99 ms |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for &users in &opts.users {
        let level = run_level(opts.clone(), users).await?;
        println!(
            "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
            level.users,
            level.events,
            level.errors,
            level.events as f64 / level.seconds,
            level.percentile(0.50),
            level.percentile(0.95),
            level.percentile(0.99),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_from_sorted_latencies() {
        let level = Level {
            users: 1,
            events: 100,
            errors: 0,
            seconds: 1.0,
            latencies: (1..=100).map(Duration::from_millis).collect(),
        };
        assert_eq!(level.percentile(0.0), 1.0);
        assert_eq!(level.percentile(0.5), 51.0);
        assert_eq!(level.percentile(0.99), 99.0);
    }

    #[test]
    fn finds_messages_in_the_stream_bytes() {
        assert!(contains(
            br#"data: {"msg":"process_completed"}"#,
            b"\"process_completed\""
        ));
        assert!(!contains(b"data: {}", b"\"process_completed\""));
    }
}
