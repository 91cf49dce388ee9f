//! Event-storming grammar: which sticky may lead to which, and why not.

use crate::kind::Kind;

/// Checks a link from a sticky of kind `from` to one of kind `to`; the error says why it is
/// refused, in one sentence.
pub fn check_link(from: Kind, to: Kind) -> Result<(), String> {
    use Kind::*;
    let allowed: &[Kind] = match from {
        Actor => &[Command],
        Command => &[Aggregate, ExternalSystem],
        Aggregate => &[Event],
        ExternalSystem => &[Event],
        Event => &[Policy, ReadModel],
        Policy => &[Command],
        ReadModel => &[Actor],
        Hotspot => &[],
    };
    if allowed.contains(&to) {
        return Ok(());
    }
    let names: Vec<String> = allowed.iter().map(|k| article(k.name())).collect();
    let reason = if from == Hotspot {
        "A hotspot marks a question; it does not connect to anything.".to_string()
    } else {
        format!(
            "{} cannot lead to {}: {} leads to {}.",
            capitalise(&article(from.name())),
            article(to.name()),
            article(from.name()),
            names.join(" or ")
        )
    };
    Err(reason)
}

fn article(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let a = if lower.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{a} {lower}")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Kind::*;

    #[test]
    fn the_event_storming_chain_is_allowed() {
        for (a, b) in [
            (Actor, Command),
            (Command, Aggregate),
            (Command, ExternalSystem),
            (Aggregate, Event),
            (ExternalSystem, Event),
            (Event, Policy),
            (Policy, Command),
            (Event, ReadModel),
            (ReadModel, Actor),
        ] {
            assert_eq!(check_link(a, b), Ok(()), "{a:?} -> {b:?}");
        }
    }

    #[test]
    fn anything_else_is_refused_with_a_reason() {
        let e = check_link(Command, Policy).unwrap_err();
        assert_eq!(e, "A command cannot lead to a policy: a command leads to an aggregate or an external system.");
        let e = check_link(Event, Command).unwrap_err();
        assert!(
            e.contains("an event leads to a policy or a read model"),
            "{e}"
        );
        assert!(check_link(Hotspot, Event).unwrap_err().contains("hotspot"));
        let allowed = Kind::ALL
            .iter()
            .flat_map(|&a| Kind::ALL.iter().map(move |&b| (a, b)));
        assert_eq!(
            allowed.filter(|&(a, b)| check_link(a, b).is_ok()).count(),
            9
        );
    }
}
