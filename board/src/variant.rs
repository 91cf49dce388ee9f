//! Variants: settings applied over the whole board at compile time, so the same board can run
//! twice (same seed, same workload) with one thing changed. What a variant does to a board (its
//! data is in [`crate::experiment`], which a board holds).

use std::borrow::Cow;

use crate::document::Board;
pub use crate::experiment::{Outage, Variant};
use crate::overrides::Overrides;
use crate::payload::Payload;
use crate::settings::table::{applies, settle};
use crate::settings::{RunSettings, ServiceSettings, StickySettings};

impl Overrides {
    /// Applies the settings to `board`: each to every sticky that carries it where it applies
    /// (a poll interval only to polling consumers, unless a delivery is given too), every
    /// service and the run. True when at least one of them applied somewhere.
    pub fn apply(&self, board: &mut Board) -> bool {
        let sticky = self.of::<StickySettings>();
        let service = self.of::<ServiceSettings>();
        let run = self.of::<RunSettings>();
        let mut applied = false;
        for s in &mut board.stickies {
            let carried: Vec<_> = sticky
                .iter()
                .copied()
                .filter(|(setting, _)| setting.carried_by(s.kind))
                .collect();
            if carried.is_empty() {
                continue;
            }
            // Every value was checked when it was set, so settling cannot fail here.
            settle(&mut s.settings, &carried, false).ok();
            applied |= carried
                .iter()
                .any(|(setting, _)| applies(setting, &s.settings));
        }
        for c in &mut board.contexts {
            settle(&mut c.service, &service, false).ok();
            applied |= !service.is_empty();
        }
        settle(&mut board.run, &run, false).ok();
        applied |= !run.is_empty();
        applied
    }
}

impl Variant {
    /// A variant that sets these settings (`key=value` words as the text format writes them);
    /// a panic for a word no setting takes (for variants written in code, which tests run).
    pub fn with(words: &str) -> Variant {
        Variant {
            settings: Overrides::from_words(words)
                .unwrap_or_else(|e| panic!("a variant written in code: {e}")),
            ..Variant::default()
        }
    }

    /// What this variant changes on `board`, one short phrase per override ("as drawn" when
    /// nothing).
    pub fn describe(&self, board: &Board) -> Vec<String> {
        let mut out = self.settings.describe();
        if let Some(p) = self.payload {
            out.push(format!("every event: {}", p.name().to_lowercase()));
        }
        if let Some(v) = self.version_bump {
            out.push(format!(
                "events published {v} version{} up",
                if v == 1 { "" } else { "s" }
            ));
        }
        if let Some(v) = self.circuit_breaker {
            out.push(
                if v {
                    "circuit breakers on callbacks"
                } else {
                    "no circuit breakers"
                }
                .into(),
            );
        }
        if let Some(o) = &self.outage {
            let name = board
                .context(o.context)
                .map_or("a deleted context", |c| &c.name);
            out.push(format!("{name} down from {} s to {} s", o.from_s, o.to_s));
        }
        if out.is_empty() {
            out.push("as drawn".into());
        }
        out
    }

    /// `board` with this variant's settings applied (borrowed when it sets none).
    pub fn board<'a>(&self, board: &'a Board) -> Cow<'a, Board> {
        if self.settings.is_empty() {
            Cow::Borrowed(board)
        } else {
            let mut b = board.clone();
            self.settings.apply(&mut b);
            Cow::Owned(b)
        }
    }
}

impl Variant {
    /// The variant as words: settings as the text format writes them (`delivery=poll`), then
    /// `payload=notification`, `version_bump=1`, `circuit_breaker=true` and
    /// `outage="Context name"@10..30` (the context by its name on `board`; none for a context
    /// deleted since). Empty: as drawn.
    pub fn to_words(&self, board: &Board) -> String {
        let mut words = vec![self.settings.to_words()];
        if let Some(p) = self.payload {
            words.push(format!("payload={}", p.word()));
        }
        if let Some(v) = self.version_bump {
            words.push(format!("version_bump={v}"));
        }
        if let Some(v) = self.circuit_breaker {
            words.push(format!("circuit_breaker={v}"));
        }
        // An outage of a deleted context takes nothing down and has no name to write.
        if let Some((o, c)) = self
            .outage
            .as_ref()
            .and_then(|o| Some((o, board.context(o.context)?)))
        {
            words.push(format!(
                "outage={}@{}..{}",
                serde_json::to_string(&c.name).unwrap_or_default(),
                o.from_s,
                o.to_s
            ));
        }
        words.retain(|w| !w.is_empty());
        words.join(" ")
    }

    /// Reads [`Variant::to_words`]'s words (an outage's context by its name on `board`), each
    /// checked as the panel checks it; the reason, naming the word, when one is wrong.
    pub fn from_words(text: &str, board: &Board) -> Result<Variant, String> {
        let mut variant = Variant::default();
        let mut settings = Vec::new();
        for word in split_words(text)? {
            let (key, value) = word.split_once('=').unwrap_or((word.as_str(), "true"));
            match key {
                "payload" => {
                    let p = Payload::from_word(value).ok_or(format!(
                        "payload takes fat, notification or claim_check, not \"{value}\"."
                    ))?;
                    variant.payload = Some(p);
                }
                "version_bump" => {
                    let n = value
                        .parse::<u32>()
                        .ok()
                        .filter(|n| (1..=100).contains(n))
                        .ok_or(format!(
                            "version_bump takes a whole number from 1 to 100, not \"{value}\"."
                        ))?;
                    variant.version_bump = Some(n);
                }
                "circuit_breaker" => {
                    variant.circuit_breaker = Some(match value {
                        "true" | "yes" => true,
                        "false" | "no" => false,
                        _ => {
                            return Err(format!(
                                "circuit_breaker takes true or false, not \"{value}\"."
                            ))
                        }
                    })
                }
                "outage" => variant.outage = Some(outage(value, board)?),
                _ => settings.push(word.clone()),
            }
        }
        variant.settings = Overrides::from_words(&settings.join(" "))?;
        Ok(variant)
    }
}

/// `"Name"@FROM..TO` (or `Name@FROM..TO` for a name without spaces).
fn outage(value: &str, board: &Board) -> Result<Outage, String> {
    let bad = || {
        format!(
            "outage reads NAME@FROM..TO (a context's name, quoted if it has spaces, and seconds), not {value}."
        )
    };
    let (name, window) = value.rsplit_once('@').ok_or_else(bad)?;
    let name = if name.starts_with('"') {
        serde_json::from_str::<String>(name).map_err(|_| bad())?
    } else {
        name.to_string()
    };
    let (from, to) = window.split_once("..").ok_or_else(bad)?;
    let (Ok(from_s), Ok(to_s)) = (from.parse::<f64>(), to.parse::<f64>()) else {
        return Err(bad());
    };
    let context = board
        .contexts
        .iter()
        .find(|c| c.name == name)
        .ok_or(format!(
            "outage names \"{name}\", which is no context of the board."
        ))?
        .id;
    let o = Outage {
        context,
        from_s,
        to_s,
    };
    match o.problem() {
        Some(p) => Err(p),
        None => Ok(o),
    }
}

/// Splits at spaces outside double quotes (a quoted name keeps its spaces and escapes).
fn split_words(text: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => {
                word.push(c);
                escaped = false;
            }
            '\\' if quoted => {
                word.push(c);
                escaped = true;
            }
            '"' => {
                word.push(c);
                quoted = !quoted;
            }
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if quoted {
        return Err(format!("A quote is not closed in \"{text}\"."));
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::example;

    #[test]
    fn every_lesson_side_reads_back_from_its_words() {
        for id in ["retail", "pizza", "review", "budget", "saga"] {
            let board = example(id).unwrap().board();
            for e in &board.experiments {
                for v in [&e.a, &e.b] {
                    let words = v.to_words(&board);
                    assert_eq!(
                        Variant::from_words(&words, &board).as_ref(),
                        Ok(v),
                        "{words}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_wrong_word_is_named() {
        let board = example("retail").unwrap().board();
        let v =
            Variant::from_words("outage=\"Shipping\"@10..30 payload=notification", &board).unwrap();
        assert!(v.outage.is_some() && v.payload == Some(Payload::Notification));
        for (words, says) in [
            ("outage=Nowhere@1..2", "\"Nowhere\", which is no context"),
            ("outage=Shipping@30..10", "must come before"),
            ("payload=thin", "not \"thin\""),
            ("delivery=sometimes", "sometimes"),
            ("outage=\"Shipping@1..2", "not closed"),
        ] {
            let e = Variant::from_words(words, &board).unwrap_err();
            assert!(e.contains(says), "{words}: {e}");
        }
    }
}
