//! The words of a refusal: a message a person reads must not speak the engine's language.
//! Every refusal the suite sees is held to this; one that fails counts as a broken promise.

/// Rust's number types: a message naming one was written for a programmer.
const TYPE_NAMES: [&str; 10] = [
    "u8", "u16", "u32", "u64", "u128", "usize", "i32", "i64", "f32", "f64",
];

/// The longest run of digits a person would write (u64::MAX has 20).
const MAX_DIGITS: usize = 20;

/// What is wrong with the words of a refusal from `family`, if anything. Engine scenarios are
/// written in microseconds, so only their messages may name a field ending in `_us`.
pub fn problem(family: &str, message: &str) -> Option<String> {
    let words = message.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
    for word in words {
        if TYPE_NAMES.contains(&word) {
            return Some(format!("names the Rust type `{word}`"));
        }
        if family != "scenario" && word.ends_with("_us") {
            return Some(format!("names the engine field `{word}`"));
        }
    }
    if message.contains("\\u{") {
        return Some("writes a character as a Rust escape (\\u{...})".into());
    }
    // A number stands alone; digits inside a name ("order-184467440737095516160") are the
    // person's own text.
    let numbers = message
        .split(|c: char| c.is_whitespace() || ",;:=()\"".contains(c))
        .filter(|w| !w.chars().any(|c| c.is_alphabetic() && c != 'e' && c != 'E'));
    for word in numbers {
        let mut run = 0;
        for c in word.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            if run > MAX_DIGITS {
                return Some(format!("prints a number of more than {MAX_DIGITS} digits"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn engine_words_are_found() {
        assert!(problem("board-file", "invalid type: string \"7\", expected u32").is_some());
        assert!(problem("board-file", "expected f64").is_some());
        assert!(problem("text-board", "no sticky reads \"b\\u{202e}\"").is_some());
        assert!(problem("playback", "from_us must be before to_us").is_some());
        assert!(problem("board-file", &format!("found {}", "9".repeat(21))).is_some());
    }

    #[test]
    fn people_words_pass() {
        assert_eq!(
            problem("board-file", "Seed must be a whole number, found 7.5"),
            None
        );
        assert_eq!(
            problem("scenario", "workloads[0].start_us: must be at most 10^12"),
            None
        );
        assert_eq!(problem("share-link", "found 18446744073709551615"), None);
        assert_eq!(
            problem("text-board", "Line 3, column 4: `status` is not a key"),
            None
        );
        let name = format!("no sticky has ref=order-{}", "1".repeat(24));
        assert_eq!(problem("text-board", &name), None);
    }
}
