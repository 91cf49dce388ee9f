//! The board (or a selection) as a self-contained SVG image that looks like the board: frames
//! with their names, stickies in their kinds' colours with wrapped text kept as text, links
//! routed as on the board (dashed across contexts), and an optional legend.

use std::collections::HashSet;
use std::fmt::Write as _;

use stormlab_board::route::{route, svg_path};
use stormlab_board::{Board, ContextId, Kind, Rect, Scope, Sticky, StickyId};

/// What to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Only these stickies and frames (and the links between the stickies); `None`: all.
    pub selection: Option<(Vec<StickyId>, Vec<ContextId>)>,
    /// A legend of the kinds below the board.
    pub legend: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            selection: None,
            legend: true,
        }
    }
}

/// The font the app uses.
const FONT: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif";
const MARGIN: f64 = 40.0;

/// A kind's sticky colour, as on the board.
pub fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Event => "#ff9f43",
        Kind::Command => "#4ea8de",
        Kind::Actor => "#fff176",
        Kind::Aggregate => "#fff4b8",
        Kind::Policy => "#c3a6e6",
        Kind::ReadModel => "#8bd17c",
        Kind::ExternalSystem => "#f48fb1",
        Kind::Hotspot => "#e53935",
    }
}

/// Text for XML: the five special characters escaped, characters XML cannot hold replaced.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{fffe}' | '\u{ffff}') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// Roughly how wide a character is in bold sans-serif, in ems.
fn em(c: char) -> f64 {
    // Measured against DejaVu Sans Bold, the widest of the fonts the board names, so that text
    // fits whichever of them renders it.
    match c {
        'i' | 'l' | 'j' | 'I' | '.' | ',' | '\'' | '|' | '!' | ':' | ';' => 0.34,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' => 0.44,
        'm' | 'w' => 1.0,
        'M' | 'W' => 1.0,
        c if c.is_ascii_uppercase() => 0.78,
        c if c.is_ascii() => 0.66,
        c if (c as u32) >= 0x2E80 => 1.0,
        _ => 0.68,
    }
}

/// `text` broken into lines no wider than `width` at `size` px: at spaces, at camel-case
/// joins, and inside words too long for a line; new lines kept.
pub fn wrap(text: &str, size: f64, width: f64) -> Vec<String> {
    let measure = |s: &str| s.chars().map(em).sum::<f64>() * size;
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in words(para) {
            let candidate = if line.is_empty() {
                word.trim_start().to_string()
            } else {
                format!("{line}{word}")
            };
            if measure(candidate.trim_end()) <= width
                || line.is_empty() && measure(&candidate) <= width
            {
                line = candidate;
                continue;
            }
            if !line.trim().is_empty() {
                lines.push(line.trim_end().to_string());
            }
            line = String::new();
            for c in word.trim_start().chars() {
                if measure(&format!("{line}{c}")) > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Words with their leading space, split also where camel case turns upper.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        if (c == ' ' || (c.is_uppercase() && prev_lower)) && !word.trim().is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        word.push(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn kind_line(s: &Sticky) -> &'static str {
    match (s.kind, s.scope()) {
        (Kind::Event, Some(Scope::Integration)) => "INTEGRATION EVENT",
        (Kind::Event, _) => "DOMAIN EVENT",
        (Kind::Command, _) => "COMMAND",
        (Kind::Actor, _) => "ACTOR",
        (Kind::Aggregate, _) => "AGGREGATE",
        (Kind::Policy, _) => "POLICY",
        (Kind::ReadModel, _) => "READ MODEL",
        (Kind::ExternalSystem, _) => "EXTERNAL SYSTEM",
        (Kind::Hotspot, _) => "HOTSPOT",
    }
}

fn sticky(out: &mut String, s: &Sticky) {
    let r = s.rect();
    let ink = if s.kind == Kind::Hotspot {
        "#ffffff"
    } else {
        "#111111"
    };
    let turn = if s.kind == Kind::Hotspot {
        let (cx, cy) = r.center();
        format!(" transform=\"rotate(-2 {cx} {cy})\"")
    } else {
        String::new()
    };
    let _ = write!(out, "<g class=\"sticky kind-{}\"{turn}>", s.kind.slug());
    let border = if s.kind == Kind::Aggregate {
        " stroke=\"#d8c76a\" stroke-width=\"2\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"{}\"{border} filter=\"url(#shadow)\"/>",
        r.x, r.y, r.w, r.h, colour(s.kind)
    );
    let _ = write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"11\" font-weight=\"700\" fill=\"{ink}\" fill-opacity=\"0.75\">{}</text>",
        r.x + 9.0,
        r.y + 19.0,
        kind_line(s)
    );
    let size = if s.label.chars().count() > 28 {
        14.8
    } else {
        18.0
    };
    let line_height = size * 1.18;
    let mut lines = wrap(&s.label, size, r.w - 18.0);
    let room = ((r.h - 30.0) / line_height).floor().max(1.0) as usize;
    if lines.len() > room {
        lines.truncate(room);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    let _ = write!(
        out,
        "<text class=\"label\" font-size=\"{size}\" font-weight=\"700\" fill=\"{ink}\">"
    );
    for (i, line) in lines.iter().enumerate() {
        let _ = write!(
            out,
            "<tspan x=\"{}\" y=\"{}\">{}</tspan>",
            r.x + 9.0,
            r.y + 26.0 + size + i as f64 * line_height,
            xml(line)
        );
    }
    out.push_str("</text></g>\n");
}

/// The board as SVG.
pub fn to_svg(board: &Board, options: &Options) -> String {
    let (stickies, contexts): (Vec<&Sticky>, Vec<&stormlab_board::Context>) =
        match &options.selection {
            None => (
                board.stickies.iter().collect(),
                board.contexts.iter().collect(),
            ),
            Some((s, c)) => {
                let (s, c): (HashSet<_>, HashSet<_>) = (s.iter().collect(), c.iter().collect());
                (
                    board
                        .stickies
                        .iter()
                        .filter(|x| s.contains(&x.id))
                        .collect(),
                    board
                        .contexts
                        .iter()
                        .filter(|x| c.contains(&x.id))
                        .collect(),
                )
            }
        };
    let shown: HashSet<StickyId> = stickies.iter().map(|s| s.id).collect();
    let bounds = stickies
        .iter()
        .map(|s| s.rect())
        .chain(contexts.iter().map(|c| c.rect()))
        .reduce(|a, b| a.union(&b))
        .unwrap_or(Rect {
            x: 0.0,
            y: 0.0,
            w: 320.0,
            h: 120.0,
        });
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|k| stickies.iter().any(|s| s.kind == *k))
        .collect();
    let legend_h = if options.legend && !kinds.is_empty() {
        70.0
    } else {
        0.0
    };
    let (x, y) = (bounds.x - MARGIN, bounds.y - MARGIN);
    let (w, h) = (bounds.w + 2.0 * MARGIN, bounds.h + 2.0 * MARGIN + legend_h);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"{x} {y} {w} {h}\" font-family=\"{FONT}\" role=\"img\" aria-label=\"{}\">",
        xml(&title(board))
    );
    let _ = writeln!(out, "<title>{}</title>", xml(&title(board)));
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#3a4250\"/></marker>");
    out.push_str("<marker id=\"arrow-crossing\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#7a3db8\"/></marker>");
    out.push_str("<filter id=\"shadow\" x=\"-10%\" y=\"-10%\" width=\"130%\" height=\"140%\"><feDropShadow dx=\"0\" dy=\"2\" stdDeviation=\"2.5\" flood-opacity=\"0.25\"/></filter></defs>\n");
    let _ = writeln!(
        out,
        "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    );
    for c in &contexts {
        let _ = writeln!(
            out,
            "<g class=\"context\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"12\" fill=\"#7887a0\" fill-opacity=\"0.07\" stroke=\"#6b7585\" stroke-width=\"3\" stroke-dasharray=\"10 6\"/><text x=\"{}\" y=\"{}\" font-size=\"24\" font-weight=\"800\" fill=\"#3a4250\">{}</text></g>",
            c.x, c.y, c.w, c.h, c.x + 14.0, c.y + 34.0, xml(&c.name)
        );
    }
    for l in &board.links {
        if !(shown.contains(&l.from) && shown.contains(&l.to)) {
            continue;
        }
        let (Some(a), Some(b)) = (board.sticky(l.from), board.sticky(l.to)) else {
            continue;
        };
        let d = svg_path(&route(&a.rect(), &b.rect()));
        let style = if a.context != b.context {
            "stroke=\"#7a3db8\" stroke-width=\"3.5\" stroke-dasharray=\"10 6\" marker-end=\"url(#arrow-crossing)\""
        } else {
            "stroke=\"#3a4250\" stroke-width=\"2.5\" marker-end=\"url(#arrow)\""
        };
        let _ = writeln!(
            out,
            "<path class=\"link\" d=\"{d}\" fill=\"none\" {style}/>"
        );
    }
    for s in &stickies {
        sticky(&mut out, s);
    }
    if legend_h > 0.0 {
        legend(&mut out, &kinds, x + MARGIN, y + h - legend_h + 10.0);
    }
    out.push_str("</svg>\n");
    out
}

fn title(board: &Board) -> String {
    if board.title.trim().is_empty() {
        "Stormlab board".into()
    } else {
        board.title.clone()
    }
}

fn legend(out: &mut String, kinds: &[Kind], x: f64, y: f64) {
    out.push_str("<g class=\"legend\">");
    let mut at = x;
    for k in kinds {
        let _ = write!(
            out,
            "<rect x=\"{at}\" y=\"{y}\" width=\"22\" height=\"22\" rx=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"16\" fill=\"#3a4250\">{}</text>",
            colour(*k),
            at + 30.0,
            y + 17.0,
            k.name()
        );
        at += 30.0 + k.name().chars().map(em).sum::<f64>() * 16.0 + 28.0;
    }
    let _ = write!(
        out,
        "<path d=\"M{at} {} h48\" stroke=\"#7a3db8\" stroke-width=\"3.5\" stroke-dasharray=\"10 6\" marker-end=\"url(#arrow-crossing)\"/><text x=\"{}\" y=\"{}\" font-size=\"16\" fill=\"#3a4250\">crosses contexts</text>",
        y + 11.0,
        at + 60.0,
        y + 17.0
    );
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_at_spaces_and_camel_case_and_inside_long_words() {
        assert_eq!(
            wrap("InventoryReserved", 18.0, 142.0),
            vec!["Inventory", "Reserved"]
        );
        assert_eq!(wrap("a b\nc", 18.0, 142.0), vec!["a b", "c"]);
        let long = wrap(&"x".repeat(60), 18.0, 142.0);
        assert!(
            long.len() > 2 && long.iter().all(|l| l.chars().count() <= 14),
            "{long:?}"
        );
        assert_eq!(wrap("", 18.0, 100.0), vec![""]);
    }

    #[test]
    fn xml_text_is_escaped_and_kept_well_formed() {
        assert_eq!(
            xml("<a href=\"x\">&'\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\u{fffd}"
        );
    }
}
