//! Keyboard shortcuts: which command a key press stands for, given the state. Pure, so the
//! mapping is tested natively; the app's key listener only reads the key.

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

/// The command `key` stands for, if any, on a board area of `size` pixels.
pub fn shortcut(state: &AppState, key: &Key, size: (f64, f64)) -> Option<Command> {
    let step = if key.shift { 50.0 } else { 10.0 };
    let centre = (size.0 / 2.0, size.1 / 2.0);
    let msg = match key.key.as_str() {
        " " if state.mode == Mode::Run && !key.ctrl => return Some(Command::TogglePlay),
        "z" | "Z" if key.ctrl && key.shift => Msg::Redo,
        "z" | "Z" if key.ctrl => Msg::Undo,
        "y" | "Y" if key.ctrl => Msg::Redo,
        "a" | "A" if key.ctrl => Msg::SelectAll,
        "s" | "S" if key.ctrl => return Some(Command::Save),
        _ if key.ctrl => return None,
        "Delete" | "Backspace" => Msg::DeleteSelection,
        "Escape" => Msg::Escape,
        "?" => Msg::ToggleHelp,
        "Enter" | "F2" => match state.editor.selection.iter().next() {
            Some(ItemId::Sticky(id)) if state.editor.selection.len() == 1 => Msg::StartEdit(*id),
            _ => return None,
        },
        "ArrowLeft" => Msg::Nudge(-step, 0.0),
        "ArrowRight" => Msg::Nudge(step, 0.0),
        "ArrowUp" => Msg::Nudge(0.0, -step),
        "ArrowDown" => Msg::Nudge(0.0, step),
        "+" | "=" => Msg::Zoom(1.25, centre),
        "-" | "_" => Msg::Zoom(0.8, centre),
        "f" | "F" | "0" => Msg::Fit(size.0, size.1),
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
    }
}
