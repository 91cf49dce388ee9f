//! Boards out of Stormlab, one implementation per format shared by the app and the command
//! line: AsyncAPI 3.0 for the engineers, Mermaid for the docs, SVG for the slides, and the
//! board's own text format (from `stormlab-board`) for version control.

pub mod asyncapi;
pub mod names;
pub mod yaml;
