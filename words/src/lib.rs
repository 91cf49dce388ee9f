//! Numbers as people write them, for messages: `12`, `0.25`, `1e-300`, `1e308`, never the
//! 309 digits `{}` prints for 1e308 nor `18446744073709552000` for the float nearest u64::MAX.
//! Every crate that puts a number in a message a person reads takes it from here, and the
//! readers of JSON files put serde's messages into plain words here (no `u32`, no backticks).

/// Below this (and above zero) a number is written with an exponent.
const SMALL: f64 = 1e-4;
/// From this up a number is written with an exponent (whole numbers below it in full).
const LARGE: f64 = 1e15;

/// `x` as a person would write it: whole numbers in full up to 10^15, fractions in their
/// shortest form that reads back the same, very large and very small numbers with an exponent
/// (`1e308`, `1.5e-7`), and words for what is no number.
pub fn number(x: f64) -> String {
    if x.is_nan() {
        return "not a number".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "infinity"
        } else {
            "minus infinity"
        }
        .into();
    }
    let size = x.abs();
    if size == 0.0 {
        "0".into()
    } else if !(SMALL..LARGE).contains(&size) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// A person's text in double quotes, as the text format and JSON write it: `"` and `\` escaped,
/// line breaks as `\n`, and invisible characters (controls, bidirectional overrides,
/// zero-width spaces) by their code (`\u202e`), so a message shows what is really there and
/// cannot be turned around by the text it quotes.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if invisible(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// True for characters that show nothing or change how the text around them shows.
fn invisible(c: char) -> bool {
    (c as u32) < 0x20
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A duration given in microseconds, in the largest unit that writes it whole: `2 s`,
/// `250 ms`, `7 µs`.
pub fn duration_us(us: u64) -> String {
    match us {
        0 => "0 s".into(),
        us if us % 1_000_000 == 0 => format!("{} s", us / 1_000_000),
        us if us % 1_000 == 0 => format!("{} ms", us / 1_000),
        us => format!("{us} µs"),
    }
}

/// Rust's names for what a field expected, and the words a person reads instead.
const EXPECTED: [(&str, &str); 14] = [
    ("u8", "a whole number (0 or more)"),
    ("u16", "a whole number (0 or more)"),
    ("u32", "a whole number (0 or more)"),
    ("u64", "a whole number (0 or more)"),
    ("u128", "a whole number (0 or more)"),
    ("usize", "a whole number (0 or more)"),
    ("i8", "a whole number"),
    ("i16", "a whole number"),
    ("i32", "a whole number"),
    ("i64", "a whole number"),
    ("i128", "a whole number"),
    ("f32", "a number"),
    ("f64", "a number"),
    ("a sequence", "a list"),
];

/// What serde says it found, and what a person calls it.
const FOUND: [(&str, &str); 9] = [
    ("unknown variant ", "unknown word "),
    ("invalid type: string ", "invalid type: the text "),
    ("invalid type: floating point ", "invalid type: the number "),
    (
        "invalid value: floating point ",
        "invalid value: the number ",
    ),
    ("invalid type: integer ", "invalid type: the number "),
    ("invalid value: integer ", "invalid value: the number "),
    ("invalid type: map", "invalid type: an object"),
    ("invalid type: sequence", "invalid type: a list"),
    ("invalid type: boolean ", "invalid type: "),
];

/// JSON's syntax errors as serde_json words them, and as a person reads them.
const SYNTAX: [(&str, &str); 5] = [
    ("expected value", "this is not JSON (expected a value)"),
    (
        "EOF while parsing",
        "the text ends too early, while reading",
    ),
    (
        "trailing characters",
        "there is more text after the end of the JSON",
    ),
    (
        "key must be a string",
        "a key must be written in double quotes",
    ),
    (
        "recursion limit exceeded",
        "the lists and objects are nested too deeply",
    ),
];

/// A message of serde or serde_json in plain words: Rust's type names become what they hold
/// ("a whole number (0 or more)" for `u32`), backticks become double quotes, and "at line 3
/// column 7" becomes "at line 3, column 7".
pub fn plain(message: &str) -> String {
    let mut out = message.replace('`', "\"");
    for (rust, plain) in FOUND.iter().chain(&SYNTAX) {
        if out.starts_with(rust) {
            out = format!("{plain}{}", &out[rust.len()..]);
        }
    }
    if let Some(cut) = out.find(", expected ") {
        let (head, rest) = out.split_at(cut + ", expected ".len());
        let (expected, place) = rest.split_at(rest.find(" at line ").unwrap_or(rest.len()));
        let expected = EXPECTED
            .iter()
            .find(|(rust, _)| expected == *rust)
            .map_or(expected, |(_, plain)| plain);
        out = format!("{head}{expected}{place}");
    }
    out = json_escapes(&out);
    if let Some(cut) = out.rfind(" at line ") {
        let (head, place) = out.split_at(cut);
        out = format!("{head}{}", place.replacen(" column ", ", column ", 1));
    }
    out
}

/// Rust's escapes of invisible characters (`\u{202e}`) written as JSON and the text format
/// write them (`\u202e`).
fn json_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\\u{") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        match after.find('}') {
            Some(end) if after[..end].chars().all(|c| c.is_ascii_hexdigit()) => {
                out.push_str(&format!("\\u{:0>4}", &after[..end]));
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str("\\u");
                rest = &rest[at + 3..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::{duration_us, number, plain, quoted};

    #[test]
    fn quoted_text_shows_what_is_there() {
        assert_eq!(quoted("Order \"A\""), "\"Order \\\"A\\\"\"");
        assert_eq!(quoted("b\u{e9}\u{202e}"), "\"b\u{e9}\\u202e\"");
        assert_eq!(quoted("\0\u{1}"), "\"\\u0000\\u0001\"");
    }

    #[test]
    fn durations_in_their_largest_whole_unit() {
        assert_eq!(duration_us(2_000_000), "2 s");
        assert_eq!(duration_us(250_000), "250 ms");
        assert_eq!(duration_us(1_500), "1500 µs");
    }

    #[test]
    fn serde_speaks_plainly() {
        let cases = [
            (
                "invalid type: string \"7\", expected u32",
                "invalid type: the text \"7\", expected a whole number (0 or more)",
            ),
            (
                "invalid type: floating point `1.8446744073709552e19`, expected u64",
                "invalid type: the number \"1.8446744073709552e19\", expected a whole number (0 or more)",
            ),
            ("invalid type: map, expected f64", "invalid type: an object, expected a number"),
            (
                "unknown field `colour`, expected one of `id`, `name`",
                "unknown field \"colour\", expected one of \"id\", \"name\"",
            ),
            (
                "invalid type: string \"\\u{202e}x\", expected u32 at line 7 column 5",
                "invalid type: the text \"\\u202ex\", expected a whole number (0 or more) at line 7, column 5",
            ),
            (
                "expected value at line 1 column 1",
                "this is not JSON (expected a value) at line 1, column 1",
            ),
        ];
        for (serde, person) in cases {
            assert_eq!(plain(serde), person);
        }
    }

    #[test]
    fn numbers_read_as_written() {
        let cases = [
            (12.0, "12"),
            (-0.0, "0"),
            (0.25, "0.25"),
            (1e-300, "1e-300"),
            (1e308, "1e308"),
            (18_446_744_073_709_551_615.0, "1.8446744073709552e19"),
            (999_999_999_999_999.0, "999999999999999"),
            (0.0001, "0.0001"),
            (0.00001, "1e-5"),
            (f64::NAN, "not a number"),
            (f64::NEG_INFINITY, "minus infinity"),
        ];
        for (x, written) in cases {
            assert_eq!(number(x), written, "{x:?}");
        }
    }

    #[test]
    fn every_number_is_short_and_reads_back() {
        for bits in (0..u64::MAX).step_by(0x00F0_F0F0_F0F0_F0F1) {
            let x = f64::from_bits(bits);
            if x.is_finite() {
                let written = number(x);
                assert!(written.len() <= 25, "{written}");
                assert_eq!(written.parse::<f64>().unwrap(), x, "{written}");
            }
        }
    }
}
