//! The board's experiments in the text format (version 3): a block per experiment, its
//! question in quotes and its settings on the first line, then what each side sets, in the
//! words of `stormlab experiment --a/--b`.
//!
//! ```text
//! experiment "Push or poll for Billing?" metric="Mean latency" runs=20 expect="b higher" {
//!   a delivery=push
//!   b delivery=poll interval_ms=500 outage="Order management"@10..30
//! }
//! ```
//!
//! `watch="..."` adds what to look at; `expect` is `"b higher"`, `"b lower"`, `"a under N"` or
//! `"b over N"`; `runs` defaults to 10; `sweep="consumers 1..10, 5 points"` adds a sweep (a
//! setting as `stormlab sweep --setting` names it). A side not written is the board as drawn.

use super::attrs::{Attr, Reader};
use super::lex::{quote, Tok, Token};
use super::TextError;
use crate::document::Board;
use crate::experiment::{Experiment, DEFAULT_RUNS};
use crate::variant::Variant;

/// An experiment being read: its first line's settings, and each side's words with where they
/// were written (read once the contexts an outage names are known).
pub(super) struct Pending {
    pub line: usize,
    experiment: Experiment,
    sides: [Option<(usize, usize, String)>; 2],
}

/// `experiment "Question" key=value ... {`.
pub(super) fn open(r: &Reader, toks: &[Token]) -> Result<Pending, TextError> {
    let Some(Token {
        tok: Tok::Str(question),
        ..
    }) = toks.get(1)
    else {
        let col = toks.get(1).map_or(toks[0].end, |t| t.col);
        return Err(r.err(
            col,
            "expected the experiment's question in quotes: experiment \"Push or poll?\" metric=\"Mean latency\" {",
        ));
    };
    let Some(last) = toks.last().filter(|t| t.tok == Tok::Open && toks.len() > 2) else {
        return Err(r.err(
            toks.last().map_or(1, |t| t.end),
            "an experiment's line ends with \"{\"; its sides follow on the lines below (a ..., b ...), then \"}\".",
        ));
    };
    let mut e = Experiment::new(question, "");
    let settings = super::read::attrs(r, &toks[2..toks.len() - 1], false)?;
    for a in &settings {
        let value = r.value(a)?;
        match a.key.as_str() {
            "metric" => e.metric = value.text.clone(),
            "watch" => e.watch = value.text.clone(),
            "runs" => {
                e.runs = value.text.parse().map_err(|_| {
                    r.err(
                        value.col,
                        format!("runs takes a whole number, not {}.", quote(&value.text)),
                    )
                })?
            }
            "expect" => {
                e.expect = Some(
                    value
                        .text
                        .parse()
                        .map_err(|m: String| r.err(value.col, m))?,
                )
            }
            "sweep" => {
                e.sweep = Some(
                    value
                        .text
                        .parse()
                        .map_err(|m: String| r.err(value.col, m))?,
                )
            }
            key => {
                return Err(r.err(
                    a.col,
                    format!(
                        "an experiment takes metric=, runs=, expect=, sweep= and watch=, not \"{key}\"."
                    ),
                ))
            }
        }
    }
    if e.metric.is_empty() {
        return Err(r.err(
            last.col,
            "an experiment names the metric that answers it: metric=\"Mean latency\".",
        ));
    }
    Ok(Pending {
        line: r.line,
        experiment: e,
        sides: [None, None],
    })
}

/// `a WORDS` or `b WORDS` inside an experiment's block.
pub(super) fn side(p: &mut Pending, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
    let i = match &toks[0].tok {
        Tok::Word(w) if w == "a" => 0,
        Tok::Word(w) if w == "b" => 1,
        _ => {
            return Err(r.err(
                toks[0].col,
                format!(
                    "inside an experiment, expected a side (a ... or b ...) or \"}}\", found {}.",
                    toks[0].describe()
                ),
            ))
        }
    };
    if p.sides[i].is_some() {
        return Err(r.err(toks[0].col, "this side is written twice in the experiment."));
    }
    let words: Vec<String> = super::read::attrs(r, &toks[1..], false)?
        .iter()
        .map(word)
        .collect();
    let col = toks.get(1).map_or(toks[0].end, |t| t.col);
    p.sides[i] = Some((r.line, col, words.join(" ")));
    Ok(())
}

/// A setting as `Variant::from_words` reads it.
fn word(a: &Attr) -> String {
    match &a.value {
        None => a.key.clone(),
        Some(v) => {
            let text = if v.quoted {
                quote(&v.text)
            } else {
                v.text.clone()
            };
            format!(
                "{}={text}{}",
                a.key,
                v.suffix.as_deref().unwrap_or_default()
            )
        }
    }
}

/// The experiment, its sides read on `board` (whose contexts an outage names).
pub(super) fn finish(p: Pending, board: &Board) -> Result<Experiment, TextError> {
    let mut e = p.experiment;
    for (i, side) in p.sides.into_iter().enumerate() {
        let Some((line, col, words)) = side else {
            continue;
        };
        let v = Variant::from_words(&words, board).map_err(|m| TextError::at(line, col, m))?;
        if i == 0 {
            e.a = v;
        } else {
            e.b = v;
        }
    }
    if let Some(problem) = e.problem() {
        return Err(TextError::at(p.line, 1, problem));
    }
    Ok(e)
}

/// The board's experiments as text, after a blank line.
pub(super) fn write(board: &Board, out: &mut String) {
    for e in &board.experiments {
        out.push('\n');
        let mut head = format!(
            "experiment {} metric={}",
            quote(&e.question),
            quote(&e.metric)
        );
        if e.runs != DEFAULT_RUNS {
            head.push_str(&format!(" runs={}", e.runs));
        }
        if let Some(x) = e.expect {
            head.push_str(&format!(" expect={}", quote(&x.to_string())));
        }
        if let Some(p) = &e.sweep {
            head.push_str(&format!(" sweep={}", quote(&p.to_string())));
        }
        if !e.watch.is_empty() {
            head.push_str(&format!(" watch={}", quote(&e.watch)));
        }
        out.push_str(&head);
        out.push_str(" {\n");
        for (name, v) in [("a", &e.a), ("b", &e.b)] {
            let words = v.to_words(board);
            if !words.is_empty() {
                out.push_str(&format!("  {name} {words}\n"));
            }
        }
        out.push_str("}\n");
    }
}
