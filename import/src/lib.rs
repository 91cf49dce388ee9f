//! AsyncAPI in: documents (3.0 or 2.6, YAML or JSON) read into one Stormlab board. Each
//! document's `$ref`s are followed inside it and, through the caller's `load`, into files
//! beside it; each application becomes a bounded context, what it sends integration events,
//! what it receives policies linked from them, a request it answers a notification with its
//! callback; documents join where one receives what another sends (see `build`). What the
//! contracts do not say is added with defaults and marked for review; what cannot be read is
//! refused, naming the file and the place in it.

mod build;
mod read;
mod resolve;
mod schema;

use stormlab_board::Board;

pub use build::OUTSIDE;
pub use resolve::{join, Load};
pub use stormlab_board::file::is_asyncapi;

/// A document to import: where it is (references resolve from there) and its text.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// The board made from the documents, and what to review in it.
#[derive(Clone, Debug)]
pub struct Imported {
    pub board: Board,
    pub review: Vec<String>,
}

/// Imports `sources` into one board; `load` reads the files their references point to.
pub fn import(sources: &[Source], load: Load) -> Result<Imported, String> {
    if sources.is_empty() {
        return Err("no document to import".into());
    }
    let mut apps = Vec::new();
    let mut titles = Vec::new();
    for s in sources {
        let raw = resolve::parse(&s.text, &s.path)?;
        if !raw.is_object() || raw.get("asyncapi").is_none() {
            return Err(format!(
                "{} is not an AsyncAPI document (it has no `asyncapi` key at its top)",
                s.path
            ));
        }
        let doc = resolve::Resolver::new(load)
            .resolve_document(&s.path, &raw)
            .map_err(|e| format!("{}: {e}", s.path))?;
        if let Some(t) = doc.pointer("/info/title").and_then(|t| t.as_str()) {
            titles.push(t.trim().to_string());
        }
        apps.extend(read::apps(&raw, &doc, &s.path)?);
    }
    if apps.is_empty() {
        return Err(format!(
            "{} describe{} no message sent or received: there is nothing to put on a board",
            names(sources),
            if sources.len() == 1 { "s" } else { "" }
        ));
    }
    let title = match titles.as_slice() {
        [one] => one.clone(),
        _ => "Imported contracts".to_string(),
    };
    let (mut board, review) = build::board(&apps, &title);
    stormlab_board::format::check(&mut board).map_err(|e| {
        format!(
            "the board made from {} is not valid: {}",
            names(sources),
            e.0
        )
    })?;
    Ok(Imported { board, review })
}

fn names(sources: &[Source]) -> String {
    sources
        .iter()
        .map(|s| s.path.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Text from a document as a message quotes it: in quotes, invisible characters written as
/// `\u202e`, and a run of digits longer than any number a person writes cut short (a
/// refusal repeats what it refuses, not a page of it).
pub(crate) fn shown(text: &str) -> String {
    let mut out = String::new();
    let mut run = 0;
    for c in text.chars().take(200) {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        match run {
            0..=20 => out.push(c),
            21 => out.push('…'),
            _ => {}
        }
    }
    if text.chars().count() > 200 {
        out.push('…');
    }
    stormlab_words::quoted(&out)
}

/// A loader for documents given alone (the page's Open, one file): every reference to another
/// file is refused, naming it.
pub fn no_files(path: &str) -> Result<String, String> {
    Err(format!(
        "{path} was not opened with the document (open it too)"
    ))
}
