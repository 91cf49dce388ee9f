//! Text boards: the examples and hand-written boards as text, and boards from mutated files
//! written as text, then mutated line by line and character by character. A refusal must name
//! its line and column; whatever opens must keep the promises of an opened board file, read
//! back from its own text equal, and export to every format.

use std::sync::OnceLock;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::format::from_json;
use stormlab_board::text::{from_text, normalise, to_text};
use stormlab_engine::rng::Rng;
use stormlab_export::{export, Format, Request};

use super::board_file::{mutated_json, round_trip};
use super::Outcome;
use crate::mutate::{between, mutate_lines, mutate_text, pick};

/// The most contexts of one board exported one by one.
const CONTEXTS_EXPORTED: usize = 24;

/// A board written by hand, without positions.
const HAND_WRITTEN: &str = "# A coffee bar\nboard \"Coffee\" seed=7\ncontext \"Ordering\" {\n  actor \"Customer\"\n  command \"Order coffee\" rate_per_sec=2\n  aggregate \"Order\"\n  event \"Coffee ordered\" integration notification field=id:uuid field=\"line items\":array:400 part=sku:12 part=qty?:integer field=note?:80\n}\ncontext \"Bar\" outbox {\n  policy \"Brew what is ordered\" poll interval_ms=200 idempotent\n  command \"Brew coffee\"\n  aggregate \"Barista\" ref=b\n  event \"Coffee brewed\" outcome=failure weight=0.1\n  read_model \"Queue\"\n}\n\"Customer\" -> \"Order coffee\" -> \"Order\" -> \"Coffee ordered\" -> \"Brew what is ordered\"\n\"Brew what is ordered\" -> \"Brew coffee\" -> b -> \"Coffee brewed\" -> \"Queue\"\n";

/// Words that mean something in the format, for splicing into lines.
const TOKENS: [&str; 29] = [
    "{",
    "}",
    "->",
    "=",
    "\"",
    "\\",
    "#",
    "context \"X\" {",
    "event \"e\"",
    "at=1e300,0",
    "size=0x0",
    "ref=r",
    "field=:1",
    "field=x:uuid:40",
    "part=p:object:1",
    "field=n?:date-time",
    "field=\"a\"?:array:",
    "part=q:",
    "version=none",
    "poll",
    "window=0",
    "outcome=failure",
    "weight=-1",
    "stormlab 2",
    "board \"b\"",
    "\"\" -> \"\"",
    "seed=9007199254740993",
    "at=-0,NaN",
    "\u{202e}",
];

fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let mut texts: Vec<String> = EXAMPLES.iter().map(|e| to_text(&e.board())).collect();
        texts.push(HAND_WRITTEN.into());
        texts
    })
}

/// A token spliced into a line at a word boundary.
#[allow(clippy::ptr_arg)] // the signature every line edit shares (some insert lines)
fn token_spliced(rng: &mut Rng, lines: &mut Vec<String>, at: usize) {
    let line = &lines[at];
    let cuts: Vec<usize> = line.match_indices(' ').map(|(i, _)| i).collect();
    let cut = cuts
        .get(rng.below(cuts.len().max(1) as u32) as usize)
        .copied()
        .unwrap_or(line.len());
    let token = pick(rng, &TOKENS);
    lines[at] = format!("{} {token}{}", &line[..cut], &line[cut..]);
}

/// A word of a line replaced by a token.
#[allow(clippy::ptr_arg)] // the signature every line edit shares (some insert lines)
fn word_replaced(rng: &mut Rng, lines: &mut Vec<String>, at: usize) {
    let mut words: Vec<String> = lines[at].split(' ').map(String::from).collect();
    let i = rng.below(words.len() as u32) as usize;
    words[i] = pick(rng, &TOKENS).to_string();
    lines[at] = words.join(" ");
}

/// Contexts opened inside each other thousands deep, on one line.
fn deep_contexts(rng: &mut Rng, lines: &mut Vec<String>, at: usize) {
    let depth = between(rng, 1, 3_000) as usize;
    lines.insert(at, "context \"deep\" {".repeat(depth));
}

/// A board whose placed part reaches the edge of the range, followed by contexts and stickies
/// with no place: the layout must find room for them inside the range, or name the line.
fn near_the_edge(rng: &mut Rng) -> String {
    let edge = *pick(rng, &[9_999_000.0, 10_000_000.0, -10_000_000.0]);
    let mut text = String::from("stormlab 1\nboard \"Edge\"\n");
    match rng.below(3) {
        0 => text += &format!("hotspot \"far\" at={edge},{edge}\n"),
        1 => {
            let (x, size) = if edge > 0.0 {
                (edge - 5_000.0, 5_000.0)
            } else {
                (edge, 5_000.0)
            };
            text += &format!("context \"Far\" at={x},{x} size={size}x{size} {{\n  hotspot \"far\" at={},{}\n}}\n", x + 100.0, x + 100.0);
        }
        _ => {
            // A frame across the whole range: no side has room.
            text += "context \"All\" at=-10000000,-10000000 size=10000000x10000000 {\n}\n";
            text += "context \"All 2\" at=0,0 size=10000000x10000000 {\n}\n";
        }
    }
    for c in 0..between(rng, 0, 1_000) {
        text += &format!("context \"C{c}\" {{\n  command \"Do {c}\"\n}}\n");
    }
    for s in 0..between(rng, 0, 50) {
        text += &format!("hotspot \"Loose {s}\"\n");
    }
    text
}

/// A hostile text board.
pub fn generate(rng: &mut Rng) -> String {
    if rng.chance(0.05) {
        return near_the_edge(rng);
    }
    let mut text = if rng.chance(0.3) {
        // A mutated board file that still opens, as text.
        let json = mutated_json(rng);
        match from_json(&json) {
            Ok(board) => to_text(&board),
            Err(_) => pick(rng, corpus()).clone(),
        }
    } else {
        pick(rng, corpus()).clone()
    };
    for _ in 0..between(rng, 0, 3) {
        text = mutate_lines(
            rng,
            &text,
            4_000,
            &[token_spliced, word_replaced, deep_contexts],
        );
    }
    if rng.chance(0.2) {
        text = mutate_text(rng, &text);
    }
    text
}

/// Reads the text; a refusal names its place, what opens keeps every promise and exports.
pub fn check(text: &str) -> Outcome {
    let board = match from_text(text) {
        Err(e) if e.line == 0 || e.column == 0 => {
            return Outcome::Broken(format!("refused without a place: {e}"))
        }
        Err(e) => return Outcome::refused(e.to_string()),
        Ok(board) => board,
    };
    let outcome = round_trip(&board);
    if outcome != Outcome::Accepted {
        return outcome;
    }
    let written = to_text(&board);
    match from_text(&written) {
        Ok(again) if again == normalise(&board) => {}
        Ok(_) => return Outcome::Broken("written as text, it reads back different".into()),
        Err(e) => return Outcome::Broken(format!("written as text, it will not read back: {e}")),
    }
    for format in Format::ALL {
        if format == Format::MermaidSaga {
            let _ = export(&board, &Request::new(format));
        } else if let Err(e) = export(&board, &Request::new(format)) {
            return Outcome::Broken(format!("{} export failed: {e}", format.id()));
        }
    }
    // Each context's export reads the whole board: a sample of them (the first, the last and
    // evenly between) keeps a board of a thousand contexts from costing a thousand exports.
    let step = board.contexts.len().div_ceil(CONTEXTS_EXPORTED).max(1);
    let sample = board
        .contexts
        .iter()
        .step_by(step)
        .chain(board.contexts.last());
    for c in sample {
        let request = Request {
            context: Some(c.id),
            ..Request::new(Format::AsyncApi)
        };
        if let Err(e) = export(&board, &request) {
            return Outcome::Broken(format!("asyncapi export of a context failed: {e}"));
        }
    }
    Outcome::Accepted
}
