//! Presentation mode's state: which walkthrough step is shown, what is highlighted and where
//! the view looks; one past the last step the simulation plays. Pure (no web calls).

use stormlab_board::viewport::Viewport;
use stormlab_board::walkthrough::{steps, Shown};
use stormlab_board::ItemId;

use super::state::{AppState, Mode};

impl AppState {
    /// The walkthrough as presented.
    pub fn walkthrough(&self) -> Vec<Shown> {
        steps(&self.editor.board)
    }

    /// Starts, moves or (with `None`) ends the presentation. Steps are clamped to the
    /// walkthrough; one past its last step the Run view plays the board.
    pub(super) fn present(&mut self, step: Option<usize>) {
        self.editing = None;
        self.naming = None;
        self.linking = None;
        self.help_open = false;
        self.export_open = false;
        self.notice_log_open = false;
        self.walkthrough_open = false;
        let Some(step) = step else {
            if self.presenting.take().is_some() {
                self.mode = Mode::Model;
                self.editor.make_mut().clear_selection();
            }
            return;
        };
        let shown = self.walkthrough();
        let step = step.min(shown.len());
        self.presenting = Some(step);
        let editor = self.editor.make_mut();
        editor.clear_selection();
        match shown.get(step) {
            Some(s) => {
                self.mode = Mode::Model;
                for item in [
                    ItemId::Sticky(s.from),
                    ItemId::Sticky(s.to),
                    ItemId::Link(s.link),
                ] {
                    editor.select(item, true);
                }
            }
            None => self.mode = Mode::Run,
        }
    }

    /// Fits the view to the current step's two stickies (the whole board in the simulation),
    /// on a board area of `w` × `h` pixels.
    pub(super) fn fit_step(&mut self, w: f64, h: f64) {
        let board = &self.editor.board;
        let pair = self
            .presenting
            .and_then(|i| self.walkthrough().get(i).cloned())
            .and_then(|s| {
                Some(
                    board
                        .sticky(s.from)?
                        .rect()
                        .union(&board.sticky(s.to)?.rect()),
                )
            });
        // Room around a pair for what leads to it and from it; the whole board as large as
        // it goes.
        let (bounds, margin) = match pair {
            Some(pair) => (Some(pair), (w.min(h) * 0.18).max(40.0)),
            None => (board.bounds(), 24.0),
        };
        if let Some(bounds) = bounds {
            self.view = Viewport::fit(bounds, w, h, margin);
        }
    }

    /// The caption to show: "step of steps" and the step's sentence; `None` in the simulation.
    pub fn caption(&self) -> Option<(usize, usize, String)> {
        let i = self.presenting?;
        let shown = self.walkthrough();
        shown
            .get(i)
            .map(|s| (i + 1, shown.len(), s.caption.clone()))
    }
}

#[cfg(test)]
mod tests {
    use stormlab_board::examples::example;

    use super::super::state::{AppState, Msg};
    use super::*;

    #[test]
    fn presenting_steps_through_the_links_then_plays_the_run_and_ends_in_the_model() {
        let mut s = AppState::new(example("retail").unwrap().board(), None);
        let shown = s.walkthrough();
        assert_eq!(shown.len(), s.editor.board.links.len());
        s.update(Msg::Present(Some(0)));
        assert_eq!((s.presenting, s.mode), (Some(0), Mode::Model));
        let first = &shown[0];
        assert!(s.editor.selection.contains(&ItemId::Sticky(first.from)));
        assert!(s.editor.selection.contains(&ItemId::Sticky(first.to)));
        assert!(s.editor.selection.contains(&ItemId::Link(first.link)));
        assert_eq!(s.editor.selection.len(), 3);
        let (n, of, caption) = s.caption().unwrap();
        assert_eq!((n, of), (1, shown.len()));
        assert_eq!(caption, first.caption);
        // The view frames the pair, larger than the whole board would be.
        s.update(Msg::Fit(1280.0, 600.0));
        let zoomed = s.view.zoom;
        s.update(Msg::Present(Some(99)));
        assert_eq!(s.presenting, Some(shown.len()), "clamped to the simulation");
        assert_eq!(s.mode, Mode::Run);
        assert!(s.caption().is_none());
        s.update(Msg::Fit(1280.0, 600.0));
        assert!(s.view.zoom < zoomed, "the simulation shows the whole board");
        s.update(Msg::Present(None));
        assert_eq!((s.presenting, s.mode), (None, Mode::Model));
        assert!(s.editor.selection.is_empty());
    }

    #[test]
    fn presenting_changes_no_board_revision() {
        let mut s = AppState::new(example("saga").unwrap().board(), None);
        let revision = s.editor.revision;
        for step in [Some(0), Some(1), Some(2), None] {
            s.update(Msg::Present(step));
        }
        assert_eq!(s.editor.revision, revision);
    }
}
