//! The watchdog fails a hung input at its time limit: the run ends red, naming the input,
//! instead of stalling the test command.

use std::process::Command;
use std::time::{Duration, Instant};

#[test]
fn a_hung_input_ends_the_run_red_and_named() {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_stormlab-robust"))
        .args(["--selftest-hang", "--hang-after", "1"])
        .output()
        .expect("the suite runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAILURE: selftest hang hung (over 1 s)"),
        "{stdout}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "the watchdog ended it near its limit"
    );
}
