//! Names derived from labels for formats that restrict them: identifiers (`orderPlaced`),
//! addresses (`ordering.order-placed`), file names, each unique within its document.

pub use stormlab_board::unique::Unique;

/// The ASCII words of `text` ("Order placed!" gives `["order", "placed"]`).
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in text.chars() {
        // A new word at a space or symbol, and where camel case turns upper ("OrderPlaced").
        let boundary = !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && prev_lower);
        if boundary && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
    }
    if !word.is_empty() {
        out.push(word);
    }
    out.truncate(8);
    out
}

/// `text` in camel case (`orderPlaced`), or `fallback` when it has no ASCII letters or digits;
/// never starting with a digit.
pub fn camel(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    for (i, w) in words(text).iter().enumerate() {
        if i == 0 {
            out.push_str(w);
        } else {
            let mut c = w.chars();
            out.extend(c.next().map(|c| c.to_ascii_uppercase()));
            out.push_str(c.as_str());
        }
    }
    match out.chars().next() {
        None => fallback.to_string(),
        Some(c) if c.is_ascii_digit() => format!("{fallback}{out}"),
        Some(_) => out,
    }
}

/// `text` in Pascal case (`OrderPlaced`).
pub fn pascal(text: &str, fallback: &str) -> String {
    let c = camel(text, fallback);
    let mut chars = c.chars();
    chars
        .next()
        .map(|f| f.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// `text` in kebab case (`order-placed`), or `fallback`.
pub fn kebab(text: &str, fallback: &str) -> String {
    let w = words(text);
    if w.is_empty() {
        fallback.to_string()
    } else {
        w.join("-")
    }
}

/// A file name for the board's exports: its title in kebab case, or "board".
pub fn file_stem(title: &str) -> String {
    kebab(title, "board")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_ascii_words_and_fall_back_otherwise() {
        assert_eq!(camel("Order placed!", "e"), "orderPlaced");
        assert_eq!(camel("ReviewPublished", "e"), "reviewPublished");
        assert_eq!(kebab("HTTPRequest sent", "e"), "httprequest-sent");
        assert_eq!(pascal("order placed", "E"), "OrderPlaced");
        assert_eq!(kebab("  Ordering & Billing ", "c"), "ordering-billing");
        assert_eq!(camel("مرحبا", "event7"), "event7");
        assert_eq!(camel("3 items", "event"), "event3Items");
        assert_eq!(
            file_stem("Online retail: order to shipment"),
            "online-retail-order-to-shipment"
        );
    }
}
