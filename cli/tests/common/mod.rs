//! What the command line's tests share: running the built `stormlab`.

use std::process::Command;

/// Runs `stormlab` with `args`: its exit code, standard output and standard error.
pub fn stormlab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_stormlab"))
        .args(args)
        .output()
        .expect("run stormlab");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
