//! Mutations of valid input into hostile input: JSON values replaced by extremes, keys dropped,
//! given twice or renamed, arrays grown past their limits, text cut, flipped and padded.

use serde_json::{Map, Number, Value};
use stormlab_engine::rng::Rng;

/// A uniform pick from a non-empty slice.
pub fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u32) as usize]
}

/// A uniform integer in `lo..=hi`.
pub fn between(rng: &mut Rng, lo: u64, hi: u64) -> u64 {
    lo + rng.next_u64() % (hi - lo + 1)
}

/// Every node of `v` as a JSON pointer (the root is `""`), with whether it is a number.
fn pointers(v: &Value, at: &mut String, out: &mut Vec<(String, bool)>) {
    out.push((at.clone(), v.is_number()));
    let len = at.len();
    match v {
        Value::Object(map) => {
            for (key, child) in map {
                at.push('/');
                at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push('/');
                at.push_str(&i.to_string());
                pointers(child, at, out);
                at.truncate(len);
            }
        }
        _ => {}
    }
}

/// Numbers at and just past the edges of every type and range the code meets.
const EXTREMES: &[f64] = &[
    0.0,
    -0.0,
    -1.0,
    0.5,
    1e-300,
    1e308,
    -1e308,
    255.0,
    256.0,
    65_535.0,
    65_536.0,
    70_000.0,
    4_294_967_295.0,
    4_294_967_296.0,
    1e6,
    1_000_001.0,
    1e9,
    1e12,
    1e13,
    9_007_199_254_740_993.0,
    1.8446744073709552e19,
    -9.223372036854776e18,
    86_401.0,
    600_001.0,
    100_000_001.0,
    5001.0,
];

/// A hostile replacement for `old`.
pub fn hostile(rng: &mut Rng, old: &Value) -> Value {
    match rng.below(12) {
        0..=4 => match old {
            // Near the old number: scaled, negated, off by one.
            Value::Number(n) if rng.chance(0.5) => {
                let x = n.as_f64().unwrap_or(0.0);
                let y = match rng.below(5) {
                    0 => x * 10f64.powi(between(rng, 1, 12) as i32),
                    1 => -x,
                    2 => x + 1.0,
                    3 => x - 1.0,
                    _ => x / 1e9,
                };
                number(y)
            }
            _ => match rng.below(4) {
                0 => Value::Number(Number::from(u64::MAX)),
                1 => Value::Number(Number::from(i64::MIN)),
                _ => number(*pick(rng, EXTREMES)),
            },
        },
        5 => Value::Null,
        6 => Value::Bool(rng.chance(0.5)),
        7 => Value::String(text(rng)),
        8 => Value::Array(vec![]),
        9 => Value::Object(Map::new()),
        10 => Value::String(old.to_string()),
        _ => {
            let mut deep = Value::Null;
            for _ in 0..between(rng, 2, 200) {
                deep = Value::Array(vec![deep]);
            }
            deep
        }
    }
}

/// `x` as JSON, written as a whole number when it is one.
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        Value::Number(Number::from(x as i64))
    } else {
        Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// Hostile text: markup, control characters, long runs, words that look like numbers.
fn text(rng: &mut Rng) -> String {
    let pieces = [
        "",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "\u{0}\u{1}\u{7f}",
        "\u{202e}reversed",
        "💥🧨",
        "NaN",
        "-Infinity",
        "1e999",
        "\"quoted\"",
        "domain_event",
        "integration",
        "poll",
    ];
    let mut s = pick(rng, &pieces).to_string();
    if rng.chance(0.15) {
        let n = if rng.chance(0.1) {
            between(rng, 1_000_000, 6_000_000)
        } else {
            between(rng, 100, 20_000)
        };
        s.push_str(&"W".repeat(n as usize));
    }
    s
}

/// Applies one structural mutation to `v`; numbers are chosen more often than other nodes.
pub fn mutate_value(rng: &mut Rng, v: &mut Value) {
    let mut nodes = Vec::new();
    pointers(v, &mut String::new(), &mut nodes);
    let numbers: Vec<&String> = nodes.iter().filter(|(_, n)| *n).map(|(p, _)| p).collect();
    let at = if !numbers.is_empty() && rng.chance(0.6) {
        (*pick(rng, &numbers)).clone()
    } else {
        pick(rng, &nodes).0.clone()
    };
    let Some(node) = v.pointer_mut(&at) else {
        return;
    };
    match node {
        Value::Object(map) if rng.chance(0.5) && !map.is_empty() => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = pick(rng, &keys).clone();
            match rng.below(3) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    let child = map.remove(&key).unwrap_or(Value::Null);
                    map.insert(format!("{key}_"), child);
                }
                _ => {
                    map.insert("unexpected".into(), Value::Bool(true));
                }
            }
        }
        Value::Array(items) if rng.chance(0.6) && !items.is_empty() => {
            let i = rng.below(items.len() as u32) as usize;
            match rng.below(4) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let j = rng.below(items.len() as u32) as usize;
                    items.swap(i, j);
                }
                _ => {
                    let copies = if rng.chance(0.2) {
                        between(rng, 1_000, 6_000)
                    } else {
                        between(rng, 1, 20)
                    };
                    let item = items[i].clone();
                    items.extend(std::iter::repeat_n(item, copies as usize));
                }
            }
        }
        _ => *node = hostile(rng, node),
    }
}

/// Moves one number of `v` within a plausible distance: zero, one, halved, doubled, ten times,
/// or one more; whole numbers stay whole. Most such inputs still load, so the code behind the
/// parser runs.
/// Only numbers whose pointer passes `only` are moved.
pub fn nudge(rng: &mut Rng, v: &mut Value, only: fn(&str) -> bool) {
    let mut nodes = Vec::new();
    pointers(v, &mut String::new(), &mut nodes);
    let numbers: Vec<&String> = nodes
        .iter()
        .filter(|(p, n)| *n && only(p))
        .map(|(p, _)| p)
        .collect();
    if numbers.is_empty() {
        return;
    }
    let at = (*pick(rng, &numbers)).clone();
    let Some(node) = v.pointer_mut(&at) else {
        return;
    };
    let x = node.as_f64().unwrap_or(0.0);
    let y = match rng.below(6) {
        0 => 0.0,
        1 => 1.0,
        2 => x / 2.0,
        3 => x * 2.0,
        4 => x * 10.0,
        _ => x + 1.0,
    };
    *node = if node.is_f64() {
        Number::from_f64(y).map_or(Value::Null, Value::Number)
    } else {
        number(y.round())
    };
}

/// One change to the lines of a line-based document (a text board, YAML): a line removed,
/// two swapped, a line repeated up to `most_copies` times, or one of the format's own edits
/// (each given the lines and the line chosen).
pub fn mutate_lines(
    rng: &mut Rng,
    text: &str,
    most_copies: u64,
    own: &[fn(&mut Rng, &mut Vec<String>, usize)],
) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let at = rng.below(lines.len() as u32) as usize;
    match rng.below(3 + own.len() as u32) as usize {
        0 => {
            lines.remove(at);
        }
        1 => {
            let other = rng.below(lines.len() as u32) as usize;
            lines.swap(at, other);
        }
        2 => {
            let copies = between(rng, 1, most_copies) as usize;
            let line = lines[at].clone();
            lines.splice(at..at, std::iter::repeat_n(line, copies));
        }
        k => own[k - 3](rng, &mut lines, at),
    }
    lines.join("\n")
}

/// Applies one mutation to the text of an input.
pub fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = rng.below(bytes.len().max(1) as u32) as usize;
    match rng.below(9) {
        0 => bytes.truncate(at),
        1 => {
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 1 << rng.below(8);
            }
        }
        2 => {
            let junk: Vec<u8> = (0..between(rng, 1, 8))
                .map(|_| rng.next_u64() as u8)
                .collect();
            bytes.splice(at..at, junk);
        }
        3 => return duplicate_key(rng, text),
        4 => return replace_number(rng, text),
        5 => return format!("\u{feff}{text}"),
        6 => {
            let depth = between(rng, 100, 200_000) as usize;
            return format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        }
        7 => bytes.extend(std::iter::repeat_n(
            b' ',
            between(rng, 1, 6_000_000) as usize,
        )),
        _ => bytes
            .drain(at..(at + between(rng, 1, 64) as usize).min(bytes.len()))
            .for_each(drop),
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Gives a random `"key":` of the text twice, the copy first.
fn duplicate_key(rng: &mut Rng, text: &str) -> String {
    let starts: Vec<usize> = text.match_indices("\":").map(|(i, _)| i).collect();
    let Some(&end) = starts.get(rng.below(starts.len().max(1) as u32) as usize) else {
        return text.to_string();
    };
    let Some(open) = text[..end].rfind('"') else {
        return text.to_string();
    };
    let key = &text[open..end + 2];
    let filler = *pick(rng, &["null", "[]", "{}", "0", "\"\""]);
    format!("{}{key} {filler}, {}", &text[..open], &text[open..])
}

/// Replaces a number literal of the text with one JSON allows but no type holds.
fn replace_number(rng: &mut Rng, text: &str) -> String {
    let digits: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| {
            c.is_ascii_digit() && (*i == 0 || !text.as_bytes()[i - 1].is_ascii_alphanumeric())
        })
        .map(|(i, _)| i)
        .collect();
    let Some(&start) = digits.get(rng.below(digits.len().max(1) as u32) as usize) else {
        return text.to_string();
    };
    let end = text[start..]
        .find(|c: char| !(c.is_ascii_digit() || ".eE+-".contains(c)))
        .map_or(text.len(), |n| start + n);
    let literal = *pick(
        rng,
        &[
            "1e999",
            "-1e999",
            "184467440737095516160",
            "1e-999",
            "0.00000000000000000000001",
            "99999999999999999999999",
        ],
    );
    format!("{}{literal}{}", &text[..start], &text[end..])
}
