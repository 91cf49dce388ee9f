//! Keyboard shortcuts: which keys the app claims (so the listener can stop the browser's own
//! action at once, knowing only the mode), and which command a key press stands for, given
//! the state. Pure, so both are tested natively.

use stormlab_board::ItemId;

use super::state::{AppState, Mode, Msg};
use super::toolbar::PaletteItem;

/// A key press as the shortcuts see it.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// `KeyboardEvent.key`: "z", "Delete", "ArrowLeft", " ".
    pub key: String,
    /// Ctrl or Cmd held.
    pub ctrl: bool,
    /// Shift held.
    pub shift: bool,
}

/// What a shortcut asks for.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // one per key press: its size does not matter
pub enum Command {
    /// A change of the app's state.
    Edit(Msg),
    /// Save the board as a file.
    Save,
    /// Play or pause the run.
    TogglePlay,
}

/// True when the app takes `key` from the browser in `mode`. `on_control` says the focus is on
/// a native control (a button, a link), whose Enter and F2 stay the browser's. Every key
/// [`shortcut`] maps is claimed; Space only in the Run view, where it plays and pauses.
pub fn claims(key: &Key, mode: Mode, on_control: bool) -> bool {
    match key.key.as_str() {
        "z" | "Z" | "y" | "Y" | "a" | "A" | "s" | "S" if key.ctrl => true,
        "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" if key.ctrl => mode == Mode::Model,
        _ if key.ctrl => false,
        " " => mode == Mode::Run,
        "Enter" | "F2" => !on_control,
        "Delete" | "Backspace" | "Escape" | "?" | "ArrowLeft" | "ArrowRight" | "ArrowUp"
        | "ArrowDown" | "+" | "=" | "-" | "_" | "f" | "F" | "0" => true,
        // The palette and L (connect) are the Model view's only.
        other => {
            let palette = PaletteItem::ALL
                .iter()
                .any(|(_, _, k)| k.eq_ignore_ascii_case(other));
            mode == Mode::Model && (palette || other.eq_ignore_ascii_case("l"))
        }
    }
}

/// Whether presentation mode handles `key`: a clicker's Page Up / Page Down, the arrows,
/// Space and Enter step; Home and End jump; Escape ends. Nothing else edits the board.
pub fn claims_presenting(key: &Key) -> bool {
    !key.ctrl
        && matches!(
            key.key.as_str(),
            "ArrowRight"
                | "ArrowDown"
                | "PageDown"
                | " "
                | "Enter"
                | "ArrowLeft"
                | "ArrowUp"
                | "PageUp"
                | "Backspace"
                | "Home"
                | "End"
                | "Escape"
        )
}

/// The command a key stands for while presenting step `at` of `steps` (one past the last
/// step: the simulation, where Space plays and pauses).
fn presenting(key: &Key, at: usize, steps: usize) -> Option<Command> {
    let go = |step| Some(Command::Edit(Msg::Present(step)));
    match key.key.as_str() {
        " " if at == steps => Some(Command::TogglePlay),
        "ArrowRight" | "ArrowDown" | "PageDown" | " " | "Enter" if at < steps => go(Some(at + 1)),
        "ArrowLeft" | "ArrowUp" | "PageUp" | "Backspace" if at > 0 => go(Some(at - 1)),
        "Home" => go(Some(0)),
        "End" => go(Some(steps)),
        "Escape" => go(None),
        _ => None,
    }
}

/// The command `key` stands for, if any, on a board area of `size` pixels.
pub fn shortcut(state: &AppState, key: &Key, size: (f64, f64)) -> Option<Command> {
    if let Some(at) = state.presenting {
        return presenting(key, at, state.walkthrough().len());
    }
    let step = if key.shift { 50.0 } else { 10.0 };
    let model = state.mode == Mode::Model;
    let centre = (size.0 / 2.0, size.1 / 2.0);
    // While a dialog is open only Escape (and ? for the help) reach the app.
    if (state.help_open || state.export_open || state.notice_log_open)
        && !matches!(key.key.as_str(), "Escape" | "?")
    {
        return None;
    }
    let msg = match key.key.as_str() {
        " " if state.mode == Mode::Run && !key.ctrl => return Some(Command::TogglePlay),
        "z" | "Z" if key.ctrl && key.shift => Msg::Redo,
        "z" | "Z" if key.ctrl => Msg::Undo,
        "y" | "Y" if key.ctrl => Msg::Redo,
        "a" | "A" if key.ctrl => Msg::SelectAll,
        "s" | "S" if key.ctrl => return Some(Command::Save),
        "ArrowLeft" if key.ctrl && model => Msg::ResizeSelection(-step, 0.0),
        "ArrowRight" if key.ctrl && model => Msg::ResizeSelection(step, 0.0),
        "ArrowUp" if key.ctrl && model => Msg::ResizeSelection(0.0, -step),
        "ArrowDown" if key.ctrl && model => Msg::ResizeSelection(0.0, step),
        _ if key.ctrl => return None,
        "Delete" | "Backspace" => Msg::DeleteSelection,
        "Escape" => Msg::Escape,
        "?" => Msg::ToggleHelp,
        "Enter" | "F2" => match state.editor.selection.iter().next() {
            Some(ItemId::Context(id)) if state.editor.selection.len() == 1 => Msg::StartNaming(*id),
            Some(ItemId::Sticky(id)) if state.editor.selection.len() == 1 => {
                if state.linking.is_some() {
                    Msg::FinishLink(*id)
                } else {
                    Msg::StartEdit(*id)
                }
            }
            _ => return None,
        },
        "ArrowLeft" => Msg::Nudge(-step, 0.0),
        "ArrowRight" => Msg::Nudge(step, 0.0),
        "ArrowUp" => Msg::Nudge(0.0, -step),
        "ArrowDown" => Msg::Nudge(0.0, step),
        "+" | "=" => Msg::Zoom(1.25, centre),
        "-" | "_" => Msg::Zoom(0.8, centre),
        "f" | "F" | "0" => Msg::Fit(size.0, size.1),
        _ if state.mode != Mode::Model => return None,
        "l" | "L" => Msg::StartLink,
        other => {
            let item = PaletteItem::ALL
                .iter()
                .find(|(_, _, k)| k.eq_ignore_ascii_case(other))?
                .0;
            Msg::Apply(item.action(&state.editor, &state.view, size))
        }
    };
    Some(Command::Edit(msg))
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;
    use stormlab_board::{Action, Kind};

    use super::*;

    fn key(k: &str, ctrl: bool, shift: bool) -> Key {
        Key {
            key: k.into(),
            ctrl,
            shift,
        }
    }

    fn edit(state: &AppState, k: Key) -> Option<Msg> {
        match shortcut(state, &k, (800.0, 600.0)) {
            Some(Command::Edit(m)) => Some(m),
            _ => None,
        }
    }

    #[test]
    fn undo_redo_save_and_space_map_by_modifier_and_mode() {
        let mut state = AppState::default();
        assert!(matches!(
            edit(&state, key("z", true, false)),
            Some(Msg::Undo)
        ));
        assert!(matches!(
            edit(&state, key("Z", true, true)),
            Some(Msg::Redo)
        ));
        assert!(matches!(
            edit(&state, key("y", true, false)),
            Some(Msg::Redo)
        ));
        assert!(matches!(
            shortcut(&state, &key("s", true, false), (1.0, 1.0)),
            Some(Command::Save)
        ));
        assert!(edit(&state, key("q", true, false)).is_none());
        assert!(shortcut(&state, &key(" ", false, false), (1.0, 1.0)).is_none());
        state.mode = Mode::Run;
        assert!(matches!(
            shortcut(&state, &key(" ", false, false), (1.0, 1.0)),
            Some(Command::TogglePlay)
        ));
    }

    #[test]
    fn enter_renames_a_selected_context_and_ctrl_arrows_resize_it_in_the_model_view() {
        let mut state = AppState::new(example("retail").unwrap().board(), None);
        let id = state.editor.board.contexts[0].id;
        state.editor.make_mut().select(ItemId::Context(id), false);
        assert!(
            matches!(edit(&state, key("Enter", false, false)), Some(Msg::StartNaming(c)) if c == id)
        );
        assert!(
            matches!(edit(&state, key("ArrowRight", true, false)), Some(Msg::ResizeSelection(w, h)) if w == 10.0 && h == 0.0)
        );
        assert!(
            matches!(edit(&state, key("ArrowUp", true, true)), Some(Msg::ResizeSelection(w, h)) if w == 0.0 && h == -50.0)
        );
        assert!(claims(&key("ArrowDown", true, false), Mode::Model, false));
        assert!(!claims(&key("ArrowDown", true, false), Mode::Run, false));
    }

    #[test]
    fn a_clicker_and_the_arrows_step_through_the_presentation_and_escape_ends_it() {
        let mut state = AppState::new(example("retail").unwrap().board(), None);
        let steps = state.walkthrough().len();
        state.presenting = Some(0);
        let go =
            |state: &AppState, k: &str| match shortcut(state, &key(k, false, false), (1.0, 1.0)) {
                Some(Command::Edit(Msg::Present(step))) => Some(step),
                Some(Command::TogglePlay) => Some(Some(usize::MAX)),
                _ => None,
            };
        for k in ["ArrowRight", "PageDown", " ", "Enter", "ArrowDown"] {
            assert!(claims_presenting(&key(k, false, false)));
            assert_eq!(go(&state, k), Some(Some(1)), "{k}");
        }
        assert_eq!(go(&state, "PageUp"), None, "nothing before the first step");
        assert_eq!(go(&state, "End"), Some(Some(steps)));
        assert_eq!(go(&state, "Escape"), Some(None));
        assert_eq!(go(&state, "c"), None, "no palette while presenting");
        assert!(!claims_presenting(&key("c", false, false)));
        state.presenting = Some(steps);
        assert_eq!(
            go(&state, " "),
            Some(Some(usize::MAX)),
            "Space plays the simulation"
        );
        assert_eq!(go(&state, "PageDown"), None);
        assert_eq!(go(&state, "PageUp"), Some(Some(steps - 1)));
    }

    #[test]
    fn arrows_nudge_further_with_shift_and_enter_edits_one_selected_sticky() {
        let mut state = AppState::new(example("retail").unwrap().board(), None);
        assert!(
            matches!(edit(&state, key("ArrowLeft", false, false)), Some(Msg::Nudge(x, y)) if x == -10.0 && y == 0.0)
        );
        assert!(
            matches!(edit(&state, key("ArrowDown", false, true)), Some(Msg::Nudge(x, y)) if x == 0.0 && y == 50.0)
        );
        assert!(
            edit(&state, key("Enter", false, false)).is_none(),
            "nothing selected"
        );
        let first = state.editor.board.stickies[0].id;
        state.update(Msg::Select(ItemId::Sticky(first), false));
        assert!(
            matches!(edit(&state, key("Enter", false, false)), Some(Msg::StartEdit(id)) if id == first)
        );
    }

    #[test]
    fn every_key_a_shortcut_maps_is_claimed_in_its_mode_and_others_are_left_alone() {
        let keys = [
            " ",
            "z",
            "Z",
            "y",
            "a",
            "s",
            "q",
            "c",
            "Delete",
            "Backspace",
            "Escape",
            "?",
            "Enter",
            "F2",
            "ArrowLeft",
            "ArrowUp",
            "+",
            "=",
            "-",
            "_",
            "f",
            "0",
            "e",
            "i",
            "b",
            "j",
            "Tab",
            "1",
            "F5",
        ];
        let mut state = AppState::new(example("retail").unwrap().board(), None);
        let first = state.editor.board.stickies[0].id;
        state.update(Msg::Select(ItemId::Sticky(first), false));
        let mut mapped = 0;
        for mode in [Mode::Model, Mode::Run, Mode::Compare] {
            state.mode = mode;
            for k in keys {
                for (ctrl, shift) in [(false, false), (true, false), (false, true), (true, true)] {
                    let key = key(k, ctrl, shift);
                    if shortcut(&state, &key, (800.0, 600.0)).is_some() {
                        mapped += 1;
                        assert!(claims(&key, mode, false), "{key:?} in {mode:?}");
                    }
                }
            }
        }
        assert!(
            mapped > 100,
            "the table was exercised ({mapped} mapped keys)"
        );
        let plain = |k: &str| key(k, false, false);
        assert!(
            !claims(&key("c", true, false), Mode::Model, false),
            "Ctrl+C copies"
        );
        assert!(
            !claims(&plain("Tab"), Mode::Model, false),
            "Tab moves the focus"
        );
        assert!(
            !claims(&plain(" "), Mode::Model, false),
            "Space presses a button"
        );
        assert!(
            claims(&plain(" "), Mode::Run, true),
            "Space plays, wherever the focus is"
        );
        assert!(
            !claims(&plain("Enter"), Mode::Model, true),
            "Enter presses a focused button"
        );
        assert!(
            claims(&plain("Enter"), Mode::Model, false),
            "Enter edits a selected sticky"
        );
    }

    #[test]
    fn palette_letters_add_their_kind_in_the_middle_of_the_view() {
        let state = AppState::default();
        let Some(Msg::Apply(Action::AddSticky { kind, x, y, .. })) =
            edit(&state, key("c", false, false))
        else {
            panic!("C adds a command");
        };
        assert_eq!(kind, Kind::Command);
        let (w, h) = Kind::Command.size();
        let (cx, cy) = state.view.to_world(400.0, 300.0);
        assert!((x + w / 2.0 - cx).abs() < 130.0 && (y + h / 2.0 - cy).abs() < 130.0);
        assert!(matches!(
            edit(&state, key("b", false, false)),
            Some(Msg::Apply(Action::AddContext { .. }))
        ));
        assert!(edit(&state, key("j", false, false)).is_none());
        // Outside the Model view the palette's letters are left to the page.
        for mode in [Mode::Run, Mode::Compare] {
            let state = AppState {
                mode,
                ..AppState::default()
            };
            assert!(edit(&state, key("c", false, false)).is_none(), "{mode:?}");
            assert!(!claims(&key("c", false, false), mode, false), "{mode:?}");
        }
    }
}
