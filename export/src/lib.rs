//! Boards out of Stormlab, one implementation per format shared by the app and the command
//! line: AsyncAPI 3.0 for the engineers, Mermaid for the docs, SVG for the slides, and the
//! board's own text and JSON files (from `stormlab-board`) for version control.

pub mod asyncapi;
pub mod job;
pub mod mermaid;
pub mod names;
pub mod svg;
pub mod yaml;

use serde::{Deserialize, Serialize};
use stormlab_board::{format, text, Board, ContextId, StickyId};

/// A format a board can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// AsyncAPI 3.0 (YAML).
    AsyncApi,
    /// A Mermaid flowchart.
    Mermaid,
    /// A Mermaid sequence diagram of a saga.
    MermaidSaga,
    /// An SVG image.
    Svg,
    /// The board as text.
    Text,
    /// The board file (JSON).
    Json,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 6] = [
        Format::AsyncApi,
        Format::Mermaid,
        Format::MermaidSaga,
        Format::Svg,
        Format::Text,
        Format::Json,
    ];

    /// The name on the command line (`--format asyncapi`).
    pub fn id(self) -> &'static str {
        match self {
            Format::AsyncApi => "asyncapi",
            Format::Mermaid => "mermaid",
            Format::MermaidSaga => "mermaid-saga",
            Format::Svg => "svg",
            Format::Text => "text",
            Format::Json => "json",
        }
    }

    /// The name shown to people.
    pub fn name(self) -> &'static str {
        match self {
            Format::AsyncApi => "AsyncAPI 3.0 (contract)",
            Format::Mermaid => "Mermaid flowchart",
            Format::MermaidSaga => "Mermaid saga sequence",
            Format::Svg => "SVG image",
            Format::Text => "Board as text",
            Format::Json => "Board file (JSON)",
        }
    }

    /// The format named `id`.
    pub fn parse(id: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.id() == id)
    }

    /// The media type of the file.
    pub fn mime(self) -> &'static str {
        match self {
            Format::AsyncApi => "application/yaml",
            Format::Mermaid | Format::MermaidSaga => "text/vnd.mermaid",
            Format::Svg => "image/svg+xml",
            Format::Text => "text/plain",
            Format::Json => "application/json",
        }
    }
}

/// What to export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// The format.
    pub format: Format,
    /// AsyncAPI: only this context's view.
    pub context: Option<ContextId>,
    /// AsyncAPI: domain events too.
    pub domain_events: bool,
    /// Mermaid saga: which saga (0-based).
    pub saga: usize,
    /// SVG: the legend below the board.
    pub legend: bool,
    /// SVG: only these stickies and frames.
    pub selection: Option<(Vec<StickyId>, Vec<ContextId>)>,
}

impl Request {
    /// The defaults for `format`: the whole board, integration events only, the first saga,
    /// with a legend.
    pub fn new(format: Format) -> Request {
        Request {
            format,
            context: None,
            domain_events: false,
            saga: 0,
            legend: true,
            selection: None,
        }
    }
}

/// An exported file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exported {
    /// Its content.
    pub text: String,
    /// A file name made from the board's title (`online-retail.asyncapi.yaml`).
    pub file_name: String,
}

/// The board exported as asked, or why it cannot be.
pub fn export(board: &Board, request: &Request) -> Result<Exported, String> {
    let stem = names::file_stem(&board.title);
    let (text, file_name) = match request.format {
        Format::AsyncApi => {
            let options = asyncapi::Options {
                context: request.context,
                domain_events: request.domain_events,
            };
            let view = match request.context {
                None => String::new(),
                Some(id) => {
                    let c = board
                        .context(id)
                        .ok_or("That context is no longer on the board.")?;
                    format!(".{}", names::kebab(&c.name, &format!("context-{}", id.0)))
                }
            };
            (
                asyncapi::to_asyncapi(board, &options),
                format!("{stem}{view}.asyncapi.yaml"),
            )
        }
        Format::Mermaid => (mermaid::flowchart(board), format!("{stem}.mmd")),
        Format::MermaidSaga => {
            let sagas = mermaid::saga_sequences(board);
            let text = match sagas.get(request.saga) {
                Some(s) => s.clone(),
                None if sagas.is_empty() => return Err("This board has no saga to draw: a saga needs a failure outcome whose policies lead back into earlier contexts, and a board that runs.".into()),
                None => return Err(format!("This board has {} saga{}; there is no saga {}.", sagas.len(), if sagas.len() == 1 { "" } else { "s" }, request.saga + 1)),
            };
            let n = if sagas.len() > 1 {
                format!("-{}", request.saga + 1)
            } else {
                String::new()
            };
            (text, format!("{stem}.saga{n}.mmd"))
        }
        Format::Svg => {
            let options = svg::Options {
                selection: request.selection.clone(),
                legend: request.legend,
            };
            (svg::to_svg(board, &options), format!("{stem}.svg"))
        }
        Format::Text => (text::to_text(board), format!("{stem}.stormlab.txt")),
        Format::Json => (format::to_json(board), format!("{stem}.json")),
    };
    Ok(Exported { text, file_name })
}
