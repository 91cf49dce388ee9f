//! The event-storming board: the document (stickies, bounded contexts, links), the grammar
//! of links, lints, the versioned file format and share links, and the editor logic (actions,
//! reducer, history, gestures, viewport). Plain Rust with no web crates; the Yew UI sits on top.

pub mod action;
pub mod document;
pub mod editor;
pub mod examples;
pub mod experiment;
pub mod file;
pub mod format;
pub mod generate;
pub mod gesture;
pub mod grammar;
pub mod ids;
pub mod kind;
pub mod lessons;
pub mod limits;
pub mod lints;
pub mod overrides;
pub mod payload;
pub mod place;
pub mod room;
pub mod route;
pub mod settings;
pub mod share;
pub mod text;
pub mod unique;
pub mod variant;
pub mod viewport;
pub mod walkthrough;

pub use action::{apply, Action};
pub use document::{
    Board, Context, EventProps, Field, FieldType, Link, Payload, Rect, Scope, Sticky, Versioning,
};
pub use editor::Editor;
pub use ids::{ContextId, ItemId, LinkId, StickyId};
pub use kind::Kind;
