//! `stormlab import FILE... [--output BOARD]`: AsyncAPI documents (3.0 or 2.6, YAML or JSON)
//! read into one board, written as a board file (JSON); references to files beside a document
//! are followed. What to review goes to standard error.

use std::process::ExitCode;

use stormlab_import::{import as read, Source};

use crate::args::ImportArgs;

/// Runs `stormlab import`.
pub fn import(args: ImportArgs) -> ExitCode {
    let output = args.output.as_deref();
    let files = &args.files;
    let mut sources = Vec::new();
    for f in files {
        match std::fs::read_to_string(f) {
            Ok(text) => sources.push(Source {
                path: f.clone(),
                text,
            }),
            Err(e) => {
                eprintln!("error: cannot read {f}: {e}");
                return ExitCode::from(1);
            }
        }
    }
    let load = |path: &str| std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"));
    let imported = match read(&sources, &load) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let b = &imported.board;
    eprintln!(
        "imported {} document{}: {} contexts, {} events, {} links",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        b.contexts.len(),
        b.stickies.iter().filter(|s| s.event.is_some()).count(),
        b.links.len()
    );
    for r in &imported.review {
        eprintln!("review: {r}");
    }
    let json = stormlab_board::format::to_json(b);
    match output {
        None => crate::print_out(&json),
        Some(file) => {
            if let Err(e) = std::fs::write(file, &json) {
                eprintln!("error: cannot write {file}: {e}");
                return ExitCode::from(1);
            }
            eprintln!("wrote {file} ({} bytes)", json.len());
        }
    }
    ExitCode::SUCCESS
}
