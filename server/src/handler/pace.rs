//! Where a plain function runs: on tokio's blocking pool (as Gradio runs sync functions on its
//! thread pool), or, once it has shown itself quick, on the runtime thread that started it.
//!
//! Handing a call to the pool costs two thread wake-ups and context switches, which is more
//! than a quick function's run itself: for an echo it was 40 % of the server's throughput.
//! A run is quick when it used under [`Pace::QUICK`] of CPU and never blocked (on Linux: no
//! voluntary context switch, so no sleep, lock wait or I/O wait). A run the OS preempted says
//! nothing either way and is not counted. Quick runs on the pool earn a function trust, slow
//! ones cost it more; a trusted function runs inline. An inline run that isn't quick sends it
//! back to the pool to earn its trust again, and the third sends it back for good. So a slow
//! or blocking function never runs on the runtime, and at worst three calls of a function
//! that turned slow each hold one runtime thread once.
//!
//! CPU time rather than wall time, and three strikes rather than one: under a load spike (a
//! thousand connections) the kernel's network work lands on whatever thread is running, and a
//! single unlucky echo used to banish its function to the pool for the life of the server,
//! halving its throughput long after the spike.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::runtime::call::{BoxStream, RunError};
use crate::runtime::progress::EventContext;

/// One function's record of how its runs went (each listener has one; it shows in
/// [`Handler::call`](crate::typing::Handler::call), and apps never need to make one).
#[derive(Default)]
pub struct Pace {
    /// Earned by quick runs on the pool, lost faster by slow ones.
    trust: AtomicU32,
    /// Inline runs that were slow, each of which sent the function back to the pool.
    strikes: AtomicU32,
    /// Inline runs were slow [`Pace::STRIKES`] times: this function stays on the pool.
    slow: AtomicBool,
}

/// How one run went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// Short, and it never waited.
    Quick,
    /// It used much CPU, or it waited (slept, took a contended lock, read a file or the
    /// network).
    Slow,
    /// The OS preempted its thread: its time says nothing about the function.
    Preempted,
}

impl Pace {
    /// A run this short is quick: handing it to another thread would cost about as much.
    pub const QUICK: Duration = Duration::from_micros(200);
    /// The trust at which a function runs inline: this many quick runs on the pool, net.
    pub const TRUSTED: u32 = 32;
    /// A slow run on the pool costs this many quick ones.
    const SLOW_COST: u32 = 8;
    /// Slow inline runs after which a function stays on the pool for good.
    pub const STRIKES: u32 = 3;

    /// Whether the next run goes inline.
    pub(crate) fn inline(&self) -> bool {
        !self.slow.load(Ordering::Relaxed) && self.trust.load(Ordering::Relaxed) >= Self::TRUSTED
    }

    /// Learns from a run, made inline or on the pool.
    pub(crate) fn record(&self, run: Run, inline: bool) {
        let change = |f: fn(u32) -> u32| {
            let _ = self
                .trust
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| Some(f(n)));
        };
        match (run, inline) {
            (Run::Preempted, _) => {}
            (Run::Quick, _) => change(|n| (n + 1).min(2 * Self::TRUSTED)),
            (Run::Slow, true) => {
                self.trust.store(0, Ordering::Relaxed);
                if self.strikes.fetch_add(1, Ordering::Relaxed) + 1 >= Self::STRIKES {
                    self.slow.store(true, Ordering::Relaxed);
                }
            }
            (Run::Slow, false) => change(|n| n.saturating_sub(Self::SLOW_COST)),
        }
    }

    /// Runs the plain function `f` where its pace says, within the current event's context
    /// (for progress and toasts). `heavy`: it decodes its inputs first (files, images), which
    /// goes to the pool whatever its pace.
    pub(crate) fn run<T: Send + 'static>(
        self: &Arc<Self>,
        heavy: bool,
        f: impl FnOnce() -> Result<T, RunError> + Send + 'static,
    ) -> BoxStream<Result<T, RunError>> {
        let context = EventContext::current();
        let pace = self.clone();
        let timed = move |inline: bool| {
            let before = Usage::now();
            let start = Instant::now();
            let result = EventContext::in_blocking(context, f);
            let took = start.elapsed();
            pace.record(Usage::now().judge(before, took), inline);
            result
        };
        if !heavy && self.inline() {
            // A panic fails the event, as it does on the pool.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| timed(true)));
            return Box::pin(futures_util::stream::once(std::future::ready(
                result.unwrap_or(Err(RunError::Panicked)),
            )));
        }
        Box::pin(futures_util::stream::once(async move {
            tokio::task::spawn_blocking(move || timed(false))
                .await
                .unwrap_or(Err(RunError::Panicked))
        }))
    }
}

/// This thread's use so far: its context switches (voluntary, involuntary) and CPU time.
#[derive(Clone, Copy)]
struct Usage(Option<(i64, i64, Duration)>);

impl Usage {
    #[cfg(target_os = "linux")]
    fn now() -> Self {
        // SAFETY: getrusage and clock_gettime only write the structs they are given.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let mut cpu: libc::timespec = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) } == 0
            // The CPU time from the scheduler, to the nanosecond: getrusage's lags by up to a
            // tick for the running thread, which made quick runs look slow.
            && unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut cpu) } == 0;
        Usage(ok.then(|| {
            let cpu = Duration::new(cpu.tv_sec as u64, cpu.tv_nsec as u32);
            (usage.ru_nvcsw, usage.ru_nivcsw, cpu)
        }))
    }

    /// Elsewhere the time alone tells.
    #[cfg(not(target_os = "linux"))]
    fn now() -> Self {
        Usage(None)
    }

    /// How a run that took `took` (wall time) went, these being the figures after it. Only
    /// a run that both took and used [`Pace::QUICK`] is slow for its time.
    fn judge(self, before: Usage, took: Duration) -> Run {
        match (before.0, self.0) {
            (Some((_, forced, _)), Some((_, forced_after, _))) if forced_after > forced => {
                Run::Preempted
            }
            (Some((waited, _, _)), Some((waited_after, _, _))) if waited_after > waited => {
                Run::Slow
            }
            // Both its CPU time and its wall time: the CPU clock also counts the kernel's
            // network work done on this thread as the clock itself is read.
            (Some((_, _, cpu)), Some((_, _, cpu_after))) => {
                if cpu_after.saturating_sub(cpu).min(took) >= Pace::QUICK {
                    Run::Slow
                } else {
                    Run::Quick
                }
            }
            _ if took >= Pace::QUICK => Run::Slow,
            _ => Run::Quick,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOW: Duration = Duration::from_millis(5);

    #[test]
    fn a_function_runs_inline_only_after_quick_runs_in_a_row() {
        let pace = Pace::default();
        for _ in 0..Pace::TRUSTED - 1 {
            pace.record(Run::Quick, false);
        }
        // A slow run on the pool costs eight quick ones; a preempted one counts for nothing.
        pace.record(Run::Slow, false);
        for _ in 0..8 {
            pace.record(Run::Preempted, false);
            pace.record(Run::Quick, false);
            assert!(!pace.inline());
        }
        pace.record(Run::Quick, false);
        assert!(pace.inline());
        // A function mostly slow never gets there.
        let slowish = Pace::default();
        for i in 0..1000 {
            let run = if i % 4 == 0 { Run::Slow } else { Run::Quick };
            slowish.record(run, false);
            assert!(!slowish.inline());
        }
    }

    #[test]
    fn a_slow_inline_run_costs_all_trust_and_the_third_sends_it_to_the_pool_for_good() {
        let pace = Pace::default();
        for strike in 1..=Pace::STRIKES {
            for _ in 0..Pace::TRUSTED {
                pace.record(Run::Quick, false);
            }
            assert!(pace.inline(), "trusted again before strike {strike}");
            pace.record(Run::Preempted, true);
            assert!(pace.inline());
            pace.record(Run::Slow, true);
            // Back on the pool: its trust is earned again from nothing.
            assert!(!pace.inline());
            for _ in 0..Pace::TRUSTED - 1 {
                pace.record(Run::Quick, false);
            }
            assert!(!pace.inline());
        }
        for _ in 0..10 * Pace::TRUSTED {
            pace.record(Run::Quick, false);
        }
        assert!(
            !pace.inline(),
            "out for good after {} strikes",
            Pace::STRIKES
        );
    }

    #[test]
    fn a_run_is_judged_by_its_waits_its_preemptions_and_the_time_it_took_and_used() {
        let at =
            |waited, forced, cpu_us| Usage(Some((waited, forced, Duration::from_micros(cpu_us))));
        let quick = Duration::from_micros(5);
        let long = Pace::QUICK * 2;
        assert_eq!(at(1, 1, 10).judge(at(1, 1, 0), quick), Run::Quick);
        // The kernel's network work, counted on this thread's CPU clock as it was read: the
        // run itself took 5 µs.
        assert_eq!(at(1, 1, 900).judge(at(1, 1, 0), quick), Run::Quick);
        // Long in both: it computed.
        assert_eq!(at(1, 1, 900).judge(at(1, 1, 0), long), Run::Slow);
        // Long on the clock alone: it was kept off the CPU, not slow itself.
        assert_eq!(at(1, 1, 10).judge(at(1, 1, 0), long), Run::Quick);
        // It waited (a sleep, a lock, I/O), however briefly.
        assert_eq!(at(2, 1, 10).judge(at(1, 1, 0), quick), Run::Slow);
        // Preempted: says nothing.
        assert_eq!(at(2, 2, 900).judge(at(1, 1, 0), long), Run::Preempted);
        // Without the counters, the clock alone.
        assert_eq!(Usage(None).judge(Usage(None), long), Run::Slow);
        assert_eq!(Usage(None).judge(Usage(None), quick), Run::Quick);
    }

    #[tokio::test]
    async fn quick_runs_move_inline_and_a_slow_one_moves_back() {
        use futures_util::StreamExt;
        let pace = Arc::new(Pace::default());
        // The test's runtime runs on this thread; the pool's threads are others.
        let here = std::thread::current().id();
        let on_runtime = move || std::thread::current().id() == here;
        // On the pool until trusted (a run the OS preempted doesn't count), then inline.
        let mut on_the_pool = 0;
        loop {
            let mut run = pace.run(false, move || Ok(on_runtime()));
            if run.next().await.unwrap().unwrap() {
                break;
            }
            on_the_pool += 1;
            assert!(on_the_pool < 10 * Pace::TRUSTED, "never trusted");
        }
        assert!(on_the_pool >= Pace::TRUSTED);
        // A function that sleeps, however briefly, waits: it never leaves the pool.
        #[cfg(target_os = "linux")]
        {
            let napper = Arc::new(Pace::default());
            for _ in 0..2 * Pace::TRUSTED {
                let mut run = napper.run(false, || {
                    std::thread::sleep(Duration::from_micros(20));
                    Ok(())
                });
                run.next().await.unwrap().unwrap();
            }
            assert!(!napper.inline());
        }
        // Heavy inputs go to the pool anyway.
        let mut run = pace.run(true, move || Ok(on_runtime()));
        assert!(!run.next().await.unwrap().unwrap());
        // A slow inline run, then the pool again (a second try if the OS preempted the
        // first); a panic inline fails the run.
        for _ in 0..4 {
            let mut run = pace.run(false, || {
                std::thread::sleep(SLOW);
                Ok(())
            });
            run.next().await.unwrap().unwrap();
            if !pace.inline() {
                break;
            }
        }
        assert!(!pace.inline());
        let fresh = Arc::new(Pace::default());
        for _ in 0..Pace::TRUSTED {
            fresh.record(Run::Quick, false);
        }
        let mut run = fresh.run(false, || -> Result<(), RunError> { panic!("a bug") });
        assert_eq!(run.next().await.unwrap(), Err(RunError::Panicked));
    }
}
