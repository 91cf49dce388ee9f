//! The watchdog: an input still running long after the time limit is a hang, and a hang must
//! fail the run, not stall it. Every thread that feeds an input says so here; a thread of its
//! own looks at them every quarter second and, when one has run for longer than the hang limit,
//! writes that input out, names it and ends the process with a failure.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// What one thread is feeding, and since when.
struct Current {
    family: &'static str,
    label: String,
    input: String,
    since: Instant,
}

fn feeding() -> &'static Mutex<HashMap<ThreadId, Current>> {
    static FEEDING: OnceLock<Mutex<HashMap<ThreadId, Current>>> = OnceLock::new();
    FEEDING.get_or_init(Default::default)
}

/// Notes that this thread starts feeding `input`; the guard notes the end when dropped (also
/// when the input panics).
pub fn feeding_now(family: &'static str, label: String, input: &str) -> Guard {
    let current = Current {
        family,
        label,
        input: input.to_string(),
        since: Instant::now(),
    };
    if let Ok(mut map) = feeding().lock() {
        map.insert(thread::current().id(), current);
    }
    Guard
}

/// Ends the note of [`feeding_now`].
pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        if let Ok(mut map) = feeding().lock() {
            map.remove(&thread::current().id());
        }
    }
}

/// Starts the watchdog: an input running over `limit` is written to `dir/<family>/<label>.txt`
/// and named, and the process exits with code 1.
pub fn start(limit: Duration, dir: PathBuf) {
    thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || loop {
            thread::sleep(Duration::from_millis(250));
            let hung = feeding().lock().ok().and_then(|map| {
                map.values()
                    .find(|c| c.since.elapsed() > limit)
                    .map(|c| (c.family, c.label.clone(), c.input.clone()))
            });
            if let Some((family, label, input)) = hung {
                let folder = dir.join(family);
                let path = folder.join(format!("{label}.txt"));
                let written = std::fs::create_dir_all(&folder)
                    .and_then(|()| std::fs::write(&path, &input))
                    .map_or_else(
                        |e| format!("(not written: {e})"),
                        |()| path.display().to_string(),
                    );
                eprintln!(
                    "\nHUNG: {family} {label} ran for more than {} s and was stopped: {written}",
                    limit.as_secs()
                );
                println!(
                    "\nFAILURE: {family} {label} hung (over {} s); the input is in {written}",
                    limit.as_secs()
                );
                std::process::exit(1);
            }
        })
        .expect("the watchdog thread starts");
}
