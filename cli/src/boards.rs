//! `stormlab export` and `stormlab examples`: boards out of Stormlab without a browser, through
//! the same code as the app's Export menu.

use std::io::Read as _;
use std::process::ExitCode;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{format, text, Board};
use stormlab_export::{export as export_board, Format, Request};

use crate::USAGE;

pub(crate) fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}

/// The value after `name`, if given (an error if it has none).
pub(crate) fn value<'a>(args: &'a [String], name: &str) -> Result<Option<&'a str>, String> {
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .filter(|v| !v.starts_with("--"))
            .map(|v| Some(v.as_str()))
            .ok_or(format!("{name} needs a value")),
    }
}

/// Refuses flags this command does not take.
pub(crate) fn known(args: &[String], flags: &[&str], with_values: &[&str]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if with_values.contains(&a) {
            i += 2;
            continue;
        }
        if a.starts_with("--") && !flags.contains(&a) {
            return Err(format!("unknown option {a}"));
        }
        i += 1;
    }
    Ok(())
}

/// The board file argument: the first, unless it is an option (`-` is standard input).
pub(crate) fn board_arg(args: &[String]) -> Option<&String> {
    args.first()
        .filter(|a| !a.starts_with("--") || a.as_str() == "-")
}

/// Reads a board file of either format (`-`: standard input).
fn read_board(path: &str) -> Result<Board, String> {
    let mut text = String::new();
    if path == "-" {
        std::io::stdin()
            .take(stormlab_board::limits::MAX_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
    } else {
        let size = std::fs::metadata(path)
            .map_err(|e| format!("cannot read {path}: {e}"))?
            .len();
        if size > stormlab_board::limits::MAX_BYTES as u64 {
            return Err(format!(
                "{path} is {size} bytes; a board file may be at most {}",
                stormlab_board::limits::MAX_BYTES
            ));
        }
        text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    }
    stormlab_board::file::open(&text).map_err(|e| format!("{path}: {e}"))
}

/// Reads a board file, or says why not on standard error and gives the exit code (2).
pub(crate) fn open_board(path: &str) -> Result<Board, ExitCode> {
    read_board(path).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// `stormlab export BOARD --format F ...`
pub fn export(args: &[String]) -> ExitCode {
    let with_values = ["--format", "--context", "--saga", "--output"];
    if let Err(e) = known(args, &["--domain-events", "--no-legend"], &with_values) {
        return usage_error(&e);
    }
    let Some(path) = board_arg(args) else {
        return usage_error("export needs a board file");
    };
    let parsed = (|| -> Result<(Request, Option<&str>), String> {
        let format_id = value(args, "--format")?.ok_or("export needs --format")?;
        let format = Format::parse(format_id).ok_or_else(|| {
            let ids: Vec<&str> = Format::ALL.iter().map(|f| f.id()).collect();
            format!("unknown format {format_id:?}; formats: {}", ids.join(", "))
        })?;
        let mut request = Request::new(format);
        request.domain_events = args.iter().any(|a| a == "--domain-events");
        request.legend = !args.iter().any(|a| a == "--no-legend");
        if let Some(n) = value(args, "--saga")? {
            let n: usize = n
                .parse()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or("--saga takes a number from 1")?;
            request.saga = n - 1;
        }
        Ok((request, value(args, "--output")?))
    })();
    let (mut request, output) = match parsed {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    match value(args, "--context") {
        Ok(Some(name)) => {
            if request.format != Format::AsyncApi {
                return usage_error("--context is for --format asyncapi");
            }
            match board.contexts.iter().find(|c| c.name == name) {
                Some(c) => request.context = Some(c.id),
                None => {
                    let names: Vec<String> = board
                        .contexts
                        .iter()
                        .map(|c| format!("{:?}", c.name))
                        .collect();
                    eprintln!(
                        "error: the board has no context {name:?}; its contexts: {}",
                        names.join(", ")
                    );
                    return ExitCode::from(2);
                }
            }
        }
        Ok(None) => {}
        Err(e) => return usage_error(&e),
    }
    let exported = match export_board(&board, &request) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    match output {
        None => crate::print_out(&exported.text),
        Some(file) => {
            if let Err(e) = std::fs::write(file, &exported.text) {
                eprintln!("error: cannot write {file}: {e}");
                return ExitCode::from(1);
            }
            eprintln!("wrote {file} ({} bytes)", exported.text.len());
        }
    }
    ExitCode::SUCCESS
}

/// `stormlab examples DIR [--format json|text]`
pub fn examples(args: &[String]) -> ExitCode {
    if let Err(e) = known(args, &[], &["--format"]) {
        return usage_error(&e);
    }
    let Some(dir) = args.first().filter(|a| !a.starts_with("--")) else {
        return usage_error("examples needs a folder to write into");
    };
    let as_text = match value(args, "--format") {
        Ok(None | Some("json")) => false,
        Ok(Some("text")) => true,
        Ok(Some(other)) => {
            return usage_error(&format!(
                "examples are written as json or text, not {other:?}"
            ))
        }
        Err(e) => return usage_error(&e),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {dir}: {e}");
        return ExitCode::from(1);
    }
    for e in EXAMPLES {
        let board = e.board();
        let (name, content) = if as_text {
            (format!("{}.stormlab.txt", e.id), text::to_text(&board))
        } else {
            (format!("{}.json", e.id), format::to_json(&board))
        };
        let path = std::path::Path::new(dir).join(&name);
        if let Err(err) = std::fs::write(&path, content) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::from(1);
        }
        println!("{}", path.display());
    }
    ExitCode::SUCCESS
}
