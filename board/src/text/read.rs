//! Reads a text board: line by line into contexts, stickies and links, then places what has
//! no place and checks the result as any board from outside is checked. Any mistake is
//! refused with its line and column and what was expected.

use std::collections::{HashMap, VecDeque};

use super::attrs::{self, Attr, Place, Reader, StickyAttrs, Val};
use super::experiments;
use super::layout::{self, Frame, Item, NoRoom};
use super::lex::{quote, tokens, Tok, Token};
use super::write::kind_word;
use super::{TextError, TEXT_VERSION};
use crate::document::{Board, Context, Link, Sticky};
use crate::ids::{ContextId, LinkId, StickyId};
use crate::kind::Kind;
use crate::limits::{COORDINATE, MAX_BYTES, MAX_CONTEXTS, MAX_LINKS, MAX_STICKIES};
use crate::settings::ServiceSettings;

/// How a link names one of its ends.
enum End {
    Label(String),
    Ref(String),
}

struct StickyLine {
    sticky: Sticky,
    at: Option<(f64, f64)>,
    block: Option<usize>,
    line: usize,
    col: usize,
}

/// A `step` line: where it is, the two ends of the link it shows (with their columns), and
/// its caption.
struct StepLine {
    line: usize,
    from: (End, usize),
    to: (End, usize),
    caption: String,
}

struct ContextLine {
    context: Context,
    place: Place,
    line: usize,
}

#[derive(Default)]
struct Parser {
    board: Board,
    contexts: Vec<ContextLine>,
    stickies: Vec<StickyLine>,
    /// Per link line: its ends with their columns.
    chains: Vec<(usize, Vec<(End, usize)>)>,
    /// The walkthrough's steps, in order.
    steps: Vec<StepLine>,
    refs: HashMap<String, usize>,
    open: Option<usize>,
    /// The experiment whose block is open, and those read.
    experiment: Option<experiments::Pending>,
    experiments: Vec<experiments::Pending>,
    seen_board: bool,
    seen_anything: bool,
    next_id: u32,
}

/// Reads a text board.
pub fn from_text(text: &str) -> Result<Board, TextError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() > MAX_BYTES {
        return Err(TextError::at(
            1,
            1,
            format!(
                "the text is too large ({:.1} MB); boards are limited to {} MB.",
                text.len() as f64 / 1_048_576.0,
                MAX_BYTES / 1_048_576
            ),
        ));
    }
    let mut p = Parser::default();
    let mut last = 0;
    for (i, line) in text.lines().enumerate() {
        let toks = tokens(line, i + 1)?;
        if !toks.is_empty() {
            p.statement(i + 1, &toks)?;
            last = i + 1;
        }
    }
    if let Some(e) = &p.experiment {
        return Err(TextError::at(
            last.max(1) + usize::from(last > 0),
            1,
            format!(
                "the text ends inside the experiment opened on line {}: expected \"}}\" to close it.",
                e.line
            ),
        ));
    }
    if let Some(c) = p.open {
        let ctx = &p.contexts[c];
        return Err(TextError::at(
            last.max(1) + usize::from(last > 0),
            1,
            format!(
                "the text ends inside the context {} opened on line {}: expected \"}}\" to close it.",
                quote(&ctx.context.name), ctx.line
            ),
        ));
    }
    p.finish()
}

impl Parser {
    fn statement(&mut self, n: usize, toks: &[Token]) -> Result<(), TextError> {
        let r = Reader { line: n };
        let word = match &toks[0].tok {
            Tok::Word(w) => Some(w.as_str()),
            _ => None,
        };
        let is_link = toks.iter().any(|t| t.tok == Tok::Arrow);
        if let Some(pending) = &mut self.experiment {
            if toks[0].tok == Tok::Close {
                self.experiments.extend(self.experiment.take());
                return expect_end(&r, &toks[1..], "after \"}\"");
            }
            return experiments::side(pending, &r, toks);
        }
        match word {
            Some("step") => self.step(&r, toks),
            Some("experiment") if self.open.is_some() => Err(r.err(
                toks[0].col,
                "an experiment is written outside the contexts: close this context with \"}\" first.",
            )),
            Some("experiment") => {
                self.seen_anything = true;
                self.experiment = Some(experiments::open(&r, toks)?);
                Ok(())
            }
            _ if is_link => self.link(&r, toks),
            Some("stormlab") => self.version(&r, toks),
            Some("board") => self.board_line(&r, toks),
            Some("context") => self.context(&r, toks),
            Some(w) if kind_of(w).is_some() => self.sticky(&r, toks, kind_of(w).expect("a kind")),
            _ if toks[0].tok == Tok::Close => {
                if self.open.take().is_none() {
                    return Err(r.err(
                        toks[0].col,
                        "this \"}\" closes nothing: no context is open.",
                    ));
                }
                expect_end(&r, &toks[1..], "after \"}\"")
            }
            _ => {
                let t = &toks[0];
                let near = word
                    .and_then(|w| STATEMENTS.iter().find(|k| attrs::close(k, w)))
                    .map_or(String::new(), |k| format!(" Did you mean \"{k}\"?"));
                Err(r.err(
                    t.col,
                    format!(
                        "expected a sticky kind ({}), \"context\", \"board\", \"}}\", a link (\"A\" -> \"B\") or a step, found {}.{near}",
                        attrs::one_of(&KIND_WORDS),
                        t.describe()
                    ),
                ))
            }
        }
    }

    fn version(&mut self, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
        if self.seen_anything {
            return Err(r.err(
                toks[0].col,
                "\"stormlab\" and its version come first, before anything else.",
            ));
        }
        self.seen_anything = true;
        let v = toks.get(1).and_then(|t| match &t.tok {
            Tok::Word(w) => w.parse::<u32>().ok(),
            _ => None,
        });
        match v {
            Some(v) if (1..=TEXT_VERSION).contains(&v) => expect_end(r, &toks[2..], "after the version"),
            Some(v) if v > TEXT_VERSION => Err(r.err(
                toks[1].col,
                format!("this board was written by a newer Stormlab (text version {v}); this one reads version {TEXT_VERSION}."),
            )),
            _ => Err(r.err(
                toks.get(1).map_or(toks[0].end, |t| t.col),
                format!("expected the format's version after \"stormlab\", as: stormlab {TEXT_VERSION}"),
            )),
        }
    }

    fn board_line(&mut self, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
        if self.seen_board || self.seen_contentful() {
            return Err(r.err(
                toks[0].col,
                "the \"board\" line comes once, before contexts, stickies and links.",
            ));
        }
        self.seen_board = true;
        self.seen_anything = true;
        let title = quoted(
            r,
            toks,
            "the board's title in quotes, as: board \"Online retail\"",
        )?;
        let attrs = attrs(r, &toks[2..], false)?;
        attrs::read_run(r, &attrs, &mut self.board.run, &mut self.board.example)?;
        self.board.title = title;
        Ok(())
    }

    fn seen_contentful(&self) -> bool {
        !self.contexts.is_empty() || !self.stickies.is_empty() || !self.chains.is_empty()
    }

    fn context(&mut self, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
        self.seen_anything = true;
        if let Some(open) = self.open {
            let c = &self.contexts[open];
            return Err(r.err(
                toks[0].col,
                format!(
                    "contexts do not nest: close the context {} (opened on line {}) with \"}}\" first.",
                    quote(&c.context.name), c.line
                ),
            ));
        }
        if self.contexts.len() >= MAX_CONTEXTS {
            return Err(r.err(
                toks[0].col,
                format!("a board holds at most {MAX_CONTEXTS} contexts."),
            ));
        }
        let name = quoted(
            r,
            toks,
            "the context's name in quotes, as: context \"Payment\" {",
        )?;
        if toks.last().map(|t| &t.tok) != Some(&Tok::Open) {
            let col = toks.last().map_or(1, |t| t.end);
            return Err(r.err(col, "expected \"{\" at the end of the context line, and its stickies on the lines after it."));
        }
        let mut service = ServiceSettings::default();
        let mut place = Place::default();
        let attrs = attrs(r, &toks[2..toks.len() - 1], true)?;
        attrs::read_service(r, &attrs, &mut service, &mut place)?;
        let id = ContextId(self.fresh());
        self.open = Some(self.contexts.len());
        self.contexts.push(ContextLine {
            context: Context {
                id,
                name,
                x: 0.0,
                y: 0.0,
                w: 1.0,
                h: 1.0,
                service,
            },
            place,
            line: r.line,
        });
        Ok(())
    }

    fn sticky(&mut self, r: &Reader, toks: &[Token], kind: Kind) -> Result<(), TextError> {
        self.seen_anything = true;
        if self.stickies.len() >= MAX_STICKIES {
            return Err(r.err(
                toks[0].col,
                format!("a board holds at most {MAX_STICKIES} stickies."),
            ));
        }
        let label = quoted(
            r,
            toks,
            &format!(
                "the sticky's text in quotes, as: {} \"{}\"",
                kind_word(kind),
                kind.placeholder()
            ),
        )?;
        let mut a = StickyAttrs::default();
        for attr in attrs(r, &toks[2..], false)? {
            a.read(r, &attr)?;
        }
        a.finish(r)?;
        if kind != Kind::Event {
            if let Some((col, key)) = &a.event_only {
                return Err(r.err(
                    *col,
                    format!("\"{key}\" is for events; this is {}.", article(kind)),
                ));
            }
        }
        let index = self.stickies.len();
        if let Some((name, col)) = &a.reference {
            if self.refs.insert(name.clone(), index).is_some() {
                return Err(r.err(
                    *col,
                    format!(
                        "the ref {} is already used by another sticky; refs name one sticky each.",
                        quote(name)
                    ),
                ));
            }
        }
        let sticky = Sticky {
            id: StickyId(self.fresh()),
            kind,
            label,
            notes: std::mem::take(&mut a.notes),
            x: 0.0,
            y: 0.0,
            context: self.open.map(|c| self.contexts[c].context.id),
            event: (kind == Kind::Event).then(|| a.event()),
            settings: std::mem::take(&mut a.settings),
        };
        self.stickies.push(StickyLine {
            sticky,
            at: a.at,
            block: self.open,
            line: r.line,
            col: toks[0].col,
        });
        Ok(())
    }

    fn link(&mut self, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
        self.seen_anything = true;
        let mut ends = Vec::new();
        let mut want_end = true;
        for t in toks {
            match (&t.tok, want_end) {
                (Tok::Str(s), true) => ends.push((End::Label(s.clone()), t.col)),
                (Tok::Word(w), true) => ends.push((End::Ref(w.clone()), t.col)),
                (Tok::Arrow, false) => {}
                (_, true) => return Err(r.err(t.col, format!("expected a sticky (its text in quotes, or its ref) at this end of the link, found {}.", t.describe()))),
                (_, false) => return Err(r.err(t.col, format!("expected \"->\" between two stickies, found {}.", t.describe()))),
            }
            want_end = !want_end;
        }
        if want_end {
            let col = toks.last().map_or(1, |t| t.end);
            return Err(r.err(
                col,
                "the link ends with \"->\": expected the sticky it leads to.",
            ));
        }
        self.chains.push((r.line, ends));
        Ok(())
    }

    /// `step A -> B caption="..."`: a step of the walkthrough.
    fn step(&mut self, r: &Reader, toks: &[Token]) -> Result<(), TextError> {
        self.seen_anything = true;
        let end = |t: Option<&Token>| {
            match t.map(|t| (&t.tok, t.col)) {
            Some((Tok::Str(s), col)) => Ok((End::Label(s.clone()), col)),
            Some((Tok::Word(w), col)) => Ok((End::Ref(w.clone()), col)),
            Some((_, col)) => Err(r.err(col, "expected a sticky (its text in quotes, or its ref): a step is written step \"A\" -> \"B\".")),
            None => Err(r.err(toks.last().map_or(1, |t| t.end), "expected step \"A\" -> \"B\", the link this step shows.")),
        }
        };
        let from = end(toks.get(1))?;
        match toks.get(2) {
            Some(t) if t.tok == Tok::Arrow => {}
            Some(t) => {
                return Err(r.err(
                    t.col,
                    format!(
                        "expected \"->\" between the step's two stickies, found {}.",
                        t.describe()
                    ),
                ))
            }
            None => {
                return Err(r.err(
                    toks[1].end,
                    "expected \"->\" and the sticky the step's link leads to.",
                ))
            }
        }
        let to = end(toks.get(3))?;
        let mut caption = String::new();
        for a in attrs(r, toks.get(4..).unwrap_or_default(), false)? {
            match (a.key.as_str(), a.value) {
                ("caption", Some(v)) => caption = v.text,
                (key, _) => {
                    return Err(r.err(
                        a.col,
                        format!("a step takes only caption=\"...\", not \"{key}\"."),
                    ))
                }
            }
        }
        self.steps.push(StepLine {
            line: r.line,
            from,
            to,
            caption,
        });
        Ok(())
    }

    fn fresh(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id - 1
    }

    fn resolve(&self, line: usize, end: &End, col: usize) -> Result<usize, TextError> {
        let r = Reader { line };
        match end {
            End::Ref(name) => self.refs.get(name).copied().ok_or_else(|| {
                r.err(col, format!("no sticky has ref={name}; name a sticky by its text in quotes, or give it ref={name}."))
            }),
            End::Label(label) => {
                let mut found = self.stickies.iter().enumerate().filter(|(_, s)| s.sticky.label == *label);
                match (found.next(), found.next()) {
                    (Some((i, _)), None) => Ok(i),
                    (None, _) => Err(r.err(col, format!("no sticky reads {}; a link names stickies written on this board.", quote(label)))),
                    (Some((a, _)), Some((b, _))) => Err(r.err(
                        col,
                        format!(
                            "several stickies read {} (lines {} and {}); give each a ref=name and link by it.",
                            quote(label),
                            self.stickies[a].line, self.stickies[b].line
                        ),
                    )),
                }
            }
        }
    }

    fn finish(mut self) -> Result<Board, TextError> {
        let mut links = Vec::new();
        let mut pairs = Vec::new();
        for (line, ends) in &self.chains {
            for w in ends.windows(2) {
                let (a, b) = (
                    self.resolve(*line, &w[0].0, w[0].1)?,
                    self.resolve(*line, &w[1].0, w[1].1)?,
                );
                let (from, to) = (&self.stickies[a].sticky, &self.stickies[b].sticky);
                if let Err(reason) = crate::grammar::check_link(from.kind, to.kind) {
                    return Err(TextError::at(
                        *line,
                        w[1].1,
                        format!("this link is not allowed. {reason}"),
                    ));
                }
                if links.len() >= MAX_LINKS {
                    return Err(TextError::at(
                        *line,
                        w[0].1,
                        format!("a board holds at most {MAX_LINKS} links."),
                    ));
                }
                pairs.push((a, b));
                links.push((from.id, to.id));
            }
        }
        let items: Vec<Item> = self
            .stickies
            .iter()
            .map(|s| Item {
                kind: s.sticky.kind,
                at: s.at,
                block: s.block,
            })
            .collect();
        let frames: Vec<Frame> = self
            .contexts
            .iter()
            .map(|c| Frame {
                at: c.place.at,
                size: c.place.size,
            })
            .collect();
        let (positions, rects) = layout::place(&items, &frames, &pairs).map_err(|no_room| {
            let (line, what) = match no_room {
                NoRoom::Frame(f) => (self.contexts[f].line, "this context"),
                NoRoom::Item(i) => (self.stickies[i].line, "this sticky"),
            };
            TextError::at(
                line,
                1,
                format!(
                    "there is no room left on the board to place {what}: what has a place reaches the edge ({} to {}) on every side; give it a place with at=X,Y.",
                    COORDINATE.min, COORDINATE.max
                ),
            )
        })?;
        for (c, rect) in self.contexts.iter_mut().zip(rects) {
            let ctx = &mut c.context;
            (ctx.x, ctx.y, ctx.w, ctx.h) = (rect.x, rect.y, rect.w, rect.h);
        }
        for (s, (x, y)) in self.stickies.iter_mut().zip(positions) {
            (s.sticky.x, s.sticky.y) = (x, y);
        }
        let mut board = std::mem::take(&mut self.board);
        board.contexts = self.contexts.iter().map(|c| c.context.clone()).collect();
        board.stickies = self.stickies.iter().map(|s| s.sticky.clone()).collect();
        for (from, to) in links {
            let id = LinkId(self.fresh());
            board.links.push(Link { id, from, to });
        }
        board.next_id = self.next_id;
        // The links between each pair of stickies, in board order: each step takes the next.
        let mut between: HashMap<(StickyId, StickyId), VecDeque<LinkId>> = HashMap::new();
        for l in &board.links {
            between.entry((l.from, l.to)).or_default().push_back(l.id);
        }
        for StepLine {
            line,
            from,
            to,
            caption,
        } in &self.steps
        {
            let (a, b) = (
                self.resolve(*line, &from.0, from.1)?,
                self.resolve(*line, &to.0, to.1)?,
            );
            let (from_id, to_id) = (self.stickies[a].sticky.id, self.stickies[b].sticky.id);
            // Two links between the same stickies: each step takes the next one.
            let link = between
                .get_mut(&(from_id, to_id))
                .and_then(|ids| ids.pop_front());
            let Some(link) = link else {
                return Err(TextError::at(
                    *line,
                    from.1,
                    "no link written on this board goes from this sticky to that one (or each is shown by an earlier step); a step shows a link.",
                ));
            };
            let step = crate::walkthrough::Step {
                link,
                caption: caption.clone(),
            };
            board.walkthrough.push(step);
        }
        // A sticky belongs to the innermost frame holding its centre: its block must agree.
        board.assign_contexts();
        for (s, line) in board.stickies.iter().zip(&self.stickies) {
            if s.context != line.sticky.context {
                let r = Reader { line: line.line };
                let block = board.context_name(line.sticky.context).to_string();
                let lies = board.context_name(s.context).to_string();
                return Err(r.err(
                    line.col,
                    format!(
                        "this sticky is written in {} but its place at={},{} is in {}; move it or write it there.",
                        if line.block.is_some() { format!("the context {}", quote(&block)) } else { "no context".into() },
                        attrs::num(s.x),
                        attrs::num(s.y),
                        if s.context.is_some() { format!("the frame of {}", quote(&lies)) } else { "no frame".into() },
                    ),
                ));
            }
        }
        for pending in std::mem::take(&mut self.experiments) {
            let e = experiments::finish(pending, &board)?;
            board.experiments.push(e);
        }
        crate::format::check(&mut board)
            .map_err(|e| TextError::at(1, 1, e.read_from("the board").0))?;
        Ok(board)
    }
}

/// The words that start a statement.
const STATEMENTS: [&str; 13] = [
    "stormlab",
    "board",
    "context",
    "step",
    "experiment",
    "event",
    "command",
    "actor",
    "aggregate",
    "policy",
    "read_model",
    "external",
    "hotspot",
];
const KIND_WORDS: [&str; 8] = [
    "event",
    "command",
    "actor",
    "aggregate",
    "policy",
    "read_model",
    "external",
    "hotspot",
];

fn kind_of(word: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| kind_word(*k) == word)
}

fn article(kind: Kind) -> String {
    let name = kind.name().to_ascii_lowercase();
    let a = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {name}")
}

/// The quoted text right after the first word.
fn quoted(r: &Reader, toks: &[Token], expected: &str) -> Result<String, TextError> {
    match toks.get(1) {
        Some(Token {
            tok: Tok::Str(s), ..
        }) => Ok(s.clone()),
        Some(t) => Err(r.err(
            t.col,
            format!("expected {expected}; found {}.", t.describe()),
        )),
        None => Err(r.err(toks[0].end, format!("expected {expected}."))),
    }
}

fn expect_end(r: &Reader, rest: &[Token], after: &str) -> Result<(), TextError> {
    match rest.first() {
        None => Ok(()),
        Some(t) => Err(r.err(
            t.col,
            format!("nothing more was expected {after}; found {}.", t.describe()),
        )),
    }
}

/// The `key=value` settings and single words of a line (`in_context_line` when the line opens
/// a context, whose "{" must end it).
pub(super) fn attrs(
    r: &Reader,
    toks: &[Token],
    in_context_line: bool,
) -> Result<Vec<Attr>, TextError> {
    let mut out: Vec<Attr> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let Tok::Word(key) = &t.tok else {
            let hint = if t.tok == Tok::Open && in_context_line {
                " (the \"{\" that opens a context ends its line: write what goes inside on the lines below, each on a line of its own)"
            } else if t.tok == Tok::Open {
                " (only a context line ends with \"{\")"
            } else {
                ""
            };
            return Err(r.err(
                t.col,
                format!(
                    "expected a setting (key=value) here, found {}{hint}.",
                    t.describe()
                ),
            ));
        };
        let mut attr = Attr {
            key: key.clone(),
            col: t.col,
            value: None,
        };
        i += 1;
        if toks.get(i).map(|t| &t.tok) == Some(&Tok::Eq) {
            if toks[i].col != t.end {
                return Err(r.err(toks[i].col, "no space before \"=\": write key=value."));
            }
            let Some(v) = toks.get(i + 1).filter(|v| v.col == toks[i].end) else {
                return Err(r.err(
                    toks[i].end,
                    format!("expected a value right after \"{key}=\"."),
                ));
            };
            let (text, quoted) = match &v.tok {
                Tok::Word(w) => (w.clone(), false),
                Tok::Str(s) => (s.clone(), true),
                _ => {
                    return Err(r.err(
                        v.col,
                        format!("expected a value after \"{key}=\", found {}.", v.describe()),
                    ))
                }
            };
            i += 2;
            let mut suffix = None;
            if quoted {
                if let Some(Token {
                    tok: Tok::Word(w),
                    col,
                    ..
                }) = toks.get(i)
                {
                    if *col == v.end {
                        suffix = Some(w.clone());
                        i += 1;
                    }
                }
            }
            attr.value = Some(Val {
                text,
                quoted,
                col: v.col,
                suffix,
            });
        }
        let repeatable = attr.key == "field" || attr.key == "part";
        if !repeatable && out.iter().any(|a| a.key == attr.key) {
            return Err(r.err(
                attr.col,
                format!("\"{}\" is given twice on this line.", attr.key),
            ));
        }
        out.push(attr);
    }
    Ok(out)
}
