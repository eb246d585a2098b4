//! Worlds a run is done with, deleted on a thread of their own: the run's worker goes on
//! to its next run without waiting for the target's answer, and [`settle`] waits until
//! every deletion asked for has been answered.

use super::wire::api_agent;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, OnceLock};

/// Deletes the world at `url` (`…/_eseikyu/worlds/{id}`) soon, off the caller's thread;
/// at once if no thread can be started.
pub(super) fn delete_soon(url: String) {
    match reaper() {
        Some(r) => {
            *r.pending.0.lock().unwrap_or_else(|p| p.into_inner()) += 1;
            if let Err(back) = r.sender.send(url) {
                delete(&back.0);
                done_one(&r.pending);
            }
        }
        None => delete(&url),
    }
}

/// Waits until every world [`delete_soon`] was given is deleted (or the target answered
/// that it could not be): a process that ran against a target calls it before it ends,
/// so no world of its runs is left behind.
pub fn settle() {
    if let Some(r) = REAPER.get().and_then(Option::as_ref) {
        let (count, emptied) = &*r.pending;
        let mut n = count.lock().unwrap_or_else(|p| p.into_inner());
        while *n > 0 {
            n = emptied.wait(n).unwrap_or_else(|p| p.into_inner());
        }
    }
}

struct Reaper {
    sender: Sender<String>,
    /// Deletions asked for and not yet answered, and the signal that they reached none.
    pending: Arc<(Mutex<usize>, Condvar)>,
}

static REAPER: OnceLock<Option<Reaper>> = OnceLock::new();

fn reaper() -> Option<&'static Reaper> {
    REAPER
        .get_or_init(|| {
            let (sender, asked) = std::sync::mpsc::channel::<String>();
            let pending = Arc::new((Mutex::new(0), Condvar::new()));
            let counted = pending.clone();
            std::thread::Builder::new()
                .name("world-reaper".into())
                .spawn(move || {
                    for url in asked {
                        delete(&url);
                        done_one(&counted);
                    }
                })
                .ok()?;
            Some(Reaper { sender, pending })
        })
        .as_ref()
}

fn done_one(pending: &(Mutex<usize>, Condvar)) {
    let mut n = pending.0.lock().unwrap_or_else(|p| p.into_inner());
    *n = n.saturating_sub(1);
    if *n == 0 {
        pending.1.notify_all();
    }
}

/// One `DELETE`; a world the target no longer has, or a target gone, is nothing to do.
fn delete(url: &str) {
    let _ = api_agent().delete(url).call();
}
