//! Splits one line of a text board into tokens: quoted strings (JSON escapes), words, `=`,
//! `{`, `}`, and `->`, each with the column where it starts. `#` starts a comment.

use super::TextError;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A quoted string, unescaped.
    Str(String),
    /// A run of characters that are not spaces, quotes, `=`, `{`, `}`, `#` or `->`.
    Word(String),
    /// `=`.
    Eq,
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// `->`.
    Arrow,
}

/// A token and where it is: 1-based columns, counted in characters.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The token.
    pub tok: Tok,
    /// Column of its first character.
    pub col: usize,
    /// Column just past its last character.
    pub end: usize,
}

impl Token {
    /// How the token reads in a message.
    pub fn describe(&self) -> String {
        match &self.tok {
            Tok::Str(s) => format!("the text {}", quote(s)),
            Tok::Word(w) => format!("\"{w}\""),
            Tok::Eq => "\"=\"".into(),
            Tok::Open => "\"{\"".into(),
            Tok::Close => "\"}\"".into(),
            Tok::Arrow => "\"->\"".into(),
        }
    }
}

fn is_word_char(c: char) -> bool {
    !(c.is_whitespace() || matches!(c, '"' | '=' | '{' | '}' | '#'))
}

/// The tokens of `line` (line number `n`, for messages).
pub fn tokens(line: &str, n: usize) -> Result<Vec<Token>, TextError> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' {
            break;
        }
        let (tok, next) = match c {
            '=' => (Tok::Eq, i + 1),
            '{' => (Tok::Open, i + 1),
            '}' => (Tok::Close, i + 1),
            '"' => string(&chars, i, n)?,
            _ => {
                let arrow_at = |j: usize| chars[j] == '-' && chars.get(j + 1) == Some(&'>');
                if arrow_at(i) {
                    (Tok::Arrow, i + 2)
                } else {
                    let mut j = i;
                    while j < chars.len() && is_word_char(chars[j]) && !arrow_at(j) {
                        j += 1;
                    }
                    (Tok::Word(chars[i..j].iter().collect()), j)
                }
            }
        };
        out.push(Token {
            tok,
            col,
            end: next + 1,
        });
        i = next;
    }
    Ok(out)
}

/// A quoted string starting at `start`: its text and the index past its closing quote.
fn string(chars: &[char], start: usize, n: usize) -> Result<(Tok, usize), TextError> {
    let mut j = start + 1;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '"' => {
                let raw: String = chars[start..=j].iter().collect();
                return serde_json::from_str::<String>(&raw)
                    .map(|s| (Tok::Str(s), j + 1))
                    .map_err(|_| {
                        TextError::at(
                            n,
                            start + 1,
                            "this quoted text has a bad escape (use \\\" for a quote, \\\\ for a backslash, \\n for a new line, \\u00e9 for a character by its code)",
                        )
                    });
            }
            c if (c as u32) < 0x20 => {
                return Err(TextError::at(
                    n,
                    j + 1,
                    "a control character inside quoted text (write a tab as \\t)",
                ))
            }
            _ => j += 1,
        }
    }
    Err(TextError::at(
        n,
        start + 1,
        "this quoted text has no closing quote (\")",
    ))
}

/// A label or name written as a quoted string the lexer reads back to the same text: the text
/// format quotes as every message does.
pub use stormlab_words::quoted as quote;

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(line: &str) -> Vec<Tok> {
        tokens(line, 1)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    #[test]
    fn a_line_splits_into_words_strings_and_marks() {
        assert_eq!(
            toks(r#"  event "Order \"placed\"" at=1,2 { # comment "x""#),
            vec![
                Tok::Word("event".into()),
                Tok::Str("Order \"placed\"".into()),
                Tok::Word("at".into()),
                Tok::Eq,
                Tok::Word("1,2".into()),
                Tok::Open,
            ]
        );
        assert_eq!(
            toks(r#""a" -> b->c"#),
            vec![
                Tok::Str("a".into()),
                Tok::Arrow,
                Tok::Word("b".into()),
                Tok::Arrow,
                Tok::Word("c".into())
            ]
        );
    }

    #[test]
    fn columns_count_characters() {
        let t = tokens("é \"ü\" x", 1).unwrap();
        assert_eq!((t[0].col, t[1].col, t[1].end, t[2].col), (1, 3, 6, 7));
    }

    #[test]
    fn quoting_reads_back_to_the_same_text() {
        for text in [
            "",
            "plain",
            "a \"quote\" and a \\ backslash",
            "línea\nnueva\ttab\r",
            "مرحبا \u{202e}rtl\u{2066}",
            "# not a comment = {}",
            "\u{0}\u{1f}\u{7f}\u{85}\u{2028}\u{feff}",
        ] {
            let q = quote(text);
            assert!(!q.contains('\n'), "{q}");
            assert_eq!(toks(&q), vec![Tok::Str(text.into())], "{q}");
        }
    }

    #[test]
    fn a_broken_string_names_its_column() {
        let e = tokens(r#"event "open"#, 4).unwrap_err();
        assert_eq!((e.line, e.column), (4, 7));
        assert!(e.message.contains("closing quote"), "{}", e.message);
        let e = tokens(r#"event "bad \q""#, 2).unwrap_err();
        assert!(e.message.contains("bad escape"), "{}", e.message);
    }
}
