//! AsyncAPI documents to import (Open, `stormlab import`): the specification's examples and
//! Stormlab's own exports, mutated line by line and character by character, and documents made
//! to hurt (reference cycles and long chains, YAML aliases that expand, deep nesting, thousands
//! of channels). A refusal must say why; a board that imports keeps the promises of an opened
//! board file and compiles, or names what keeps it from running.

use std::sync::OnceLock;

use stormlab_board::examples::EXAMPLES;
use stormlab_engine::rng::Rng;
use stormlab_export::asyncapi::{to_asyncapi, Options};
use stormlab_import::{import, no_files, Source};
use stormlab_run::{compile, Variant};

use super::board_file::round_trip;
use super::Outcome;
use crate::mutate::{between, mutate_lines, mutate_text, pick};

/// Documents others wrote (the specification's examples, Apache-2.0, see import/tests/spec).
const SPEC: [&str; 5] = [
    include_str!("../../../import/tests/spec/3.0.0/streetlights-kafka-asyncapi.yml"),
    include_str!("../../../import/tests/spec/3.0.0/kraken-websocket-request-reply-multiple-channels-asyncapi.yml"),
    include_str!("../../../import/tests/spec/3.0.0/rpc-server-asyncapi.yml"),
    include_str!("../../../import/tests/spec/2.6.0/oneof.yml"),
    include_str!("../../../import/tests/spec/2.6.0/slack-rtm.yml"),
];

/// Words that mean something in a document, for splicing into lines.
const TOKENS: [&str; 14] = [
    "$ref: '#/components/messages/nowhere'",
    "$ref: '#'",
    "$ref: 'https://example.invalid/x.yaml'",
    "$ref: '../../etc/passwd'",
    "action: sned",
    "asyncapi: 1.2.0",
    "type: [null, object]",
    "format: uuid",
    "maxLength: 18446744073709551615",
    "maxItems: -1",
    "reply: {}",
    "&a [*a]",
    "- {",
    "\u{202e}",
];

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut docs: Vec<String> = SPEC.iter().map(|s| s.to_string()).collect();
        docs.extend(
            EXAMPLES
                .iter()
                .map(|e| to_asyncapi(&e.board(), &Options::default())),
        );
        docs
    })
}

/// A token in place of a line's value, keeping its indentation and key.
#[allow(clippy::ptr_arg)] // the signature every line edit shares (some insert lines)
fn token_for_value(rng: &mut Rng, lines: &mut Vec<String>, at: usize) {
    let token = pick(rng, &TOKENS);
    lines[at] = match lines[at].split_once(": ") {
        Some((key, _)) => format!("{key}: {token}"),
        None => format!("{}{token}", lines[at]),
    };
}

/// A document whose one message's payload is `schema` (YAML, indented for its place), with
/// `components` (YAML at the top level) after it.
fn with_payload(schema: &str, components: &str) -> String {
    format!(
        "asyncapi: 3.0.0\ninfo:\n  title: Hurt\n  version: 1.0.0\nchannels:\n  c:\n    address: c\n    messages:\n      m:\n        payload:\n{schema}\noperations:\n  s:\n    action: send\n    channel:\n      $ref: '#/channels/c'\n{components}"
    )
}

/// A document made to hurt the reader rather than mutated from a good one.
fn hurtful(rng: &mut Rng) -> String {
    let n = between(rng, 2, 20_000) as usize;
    match rng.below(5) {
        // References in a ring.
        0 => {
            let mut schemas = String::from("components:\n  schemas:\n");
            for i in 0..n {
                schemas += &format!(
                    "    s{i}:\n      $ref: '#/components/schemas/s{}'\n",
                    (i + 1) % n
                );
            }
            with_payload("          $ref: '#/components/schemas/s0'", &schemas)
        }
        // A long chain of references, each to the next, ending in an object.
        1 => {
            let mut schemas = String::from("components:\n  schemas:\n");
            for i in 0..n {
                schemas += &format!("    s{i}:\n      $ref: '#/components/schemas/s{}'\n", i + 1);
            }
            schemas += &format!("    s{n}:\n      type: object\n");
            with_payload("          $ref: '#/components/schemas/s0'", &schemas)
        }
        // Aliases that expand: each level lists the one before ten times.
        2 => {
            let mut yaml = String::from(
                "asyncapi: 3.0.0\ninfo:\n  title: Laughs\n  version: 1.0.0\nx-0: &l0 [lol]\n",
            );
            for i in 1..between(rng, 2, 12) {
                let refs = vec![format!("*l{}", i - 1); 10].join(", ");
                yaml += &format!("x-{i}: &l{i} [{refs}]\n");
            }
            yaml
        }
        // Properties nested deep.
        3 => {
            let depth = n.min(3_000);
            let mut schema = String::new();
            for d in 0..depth {
                let pad = " ".repeat(10 + 2 * d);
                schema += &format!("{pad}type: object\n{pad}properties:\n{pad}  p:\n");
            }
            schema += &format!("{}type: string", " ".repeat(12 + 2 * depth));
            with_payload(&schema, "")
        }
        // Thousands of channels, each sent.
        _ => {
            let mut doc = String::from(
                "asyncapi: 2.6.0\ninfo:\n  title: Many\n  version: 1.0.0\nchannels:\n",
            );
            for i in 0..n.min(5_000) {
                doc += &format!("  c{i}:\n    subscribe:\n      message:\n        name: M{i}\n        payload:\n          type: object\n          properties:\n            id:\n              type: string\n              format: uuid\n");
            }
            doc
        }
    }
}

/// A hostile AsyncAPI document.
pub fn generate(rng: &mut Rng) -> String {
    if rng.chance(0.1) {
        return hurtful(rng);
    }
    let mut text = pick(rng, corpus()).clone();
    for _ in 0..between(rng, 0, 3) {
        text = mutate_lines(rng, &text, 2_000, &[token_for_value]);
    }
    if rng.chance(0.2) {
        text = mutate_text(rng, &text);
    }
    text
}

/// Imports the document; a refusal says why, what imports opens, saves and shares as any board
/// does, and compiles or names what keeps it from running.
pub fn check(text: &str) -> Outcome {
    let source = Source {
        path: "document.yaml".into(),
        text: text.to_string(),
    };
    let board = match import(&[source], &no_files) {
        Err(e) => return Outcome::refused(e),
        Ok(imported) => imported.board,
    };
    let outcome = round_trip(&board);
    if outcome != Outcome::Accepted {
        return outcome;
    }
    match compile(&board, &Variant::default()) {
        Ok(_) => Outcome::Accepted,
        Err(problems) if problems.iter().any(|p| p.message.trim().is_empty()) => {
            Outcome::Broken("an imported board cannot run, and a problem says nothing".into())
        }
        Err(_) => Outcome::Accepted,
    }
}
