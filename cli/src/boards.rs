//! `stormlab export` and `stormlab examples`: boards out of Stormlab without a browser, through
//! the same code as the app's Export menu.

use std::io::Read as _;
use std::process::ExitCode;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{format, text, Board};
use stormlab_export::{export as export_board, Format, Request};

use crate::args::{usage_error, ExamplesArgs, ExportArgs};

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
pub fn export(args: ExportArgs) -> ExitCode {
    let path = args.board.as_str();
    let format = Format::parse(&args.format).expect("clap checks the format");
    let mut request = Request::new(format);
    request.domain_events = args.domain_events;
    request.legend = !args.no_legend;
    if let Some(n) = args.saga {
        request.saga = n as usize - 1;
    }
    let output = args.output.as_deref();
    if args.context.is_some() && format != Format::AsyncApi {
        return usage_error("export", "--context is for --format asyncapi");
    }
    let board = match open_board(path) {
        Ok(b) => b,
        Err(code) => return code,
    };
    if let Some(name) = &args.context {
        match board.contexts.iter().find(|c| &c.name == name) {
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
pub fn examples(args: ExamplesArgs) -> ExitCode {
    let dir = args.dir.as_str();
    let as_text = args.format == "text";
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
