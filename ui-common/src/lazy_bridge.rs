//! The messages between the page and its lazy module. The page's wasm holds the editor, what the
//! first render needs; the views it does not need (Run, Compare, the presentation's numbers, the
//! Export dialog, the walkthrough editor) are a second wasm module (the `lazy/` crate) that the
//! page loads the first time one of them opens. Each message is a JSON string; the page owns the
//! board, the selection and the view, the lazy module owns the runs.

use serde::{Deserialize, Serialize};
use stormlab_board::settings::RunSettings;
use stormlab_board::viewport::Viewport;
use stormlab_board::walkthrough::Step;
use stormlab_board::{Board, ItemId};
use web_sys::Element;

/// The workspace view the lazy module draws.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// None: the Model view is open (runs pause, their state is kept).
    #[default]
    Hidden,
    /// The board running, over the page's board view, with its panel.
    Run,
    /// Two variants side by side and the sweep.
    Compare,
}

/// A dialog the lazy module draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dialog {
    /// Export the board (AsyncAPI, Mermaid, pictures, text).
    Export,
    /// Edit the walkthrough and start presenting.
    Walkthrough,
    /// Start, join or leave a live session.
    Live,
}

/// Where the page is: what the lazy module draws, and how.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// The workspace view.
    pub stage: Stage,
    /// The dialog open over it, if the lazy module draws it.
    pub dialog: Option<Dialog>,
    /// The board view's pan and zoom (messages are drawn over it).
    pub view: Viewport,
    /// A presentation is on: its caption bar shows the run's headline numbers.
    pub presenting: bool,
    /// The selected items (the Export dialog can export only them).
    pub selection: Vec<ItemId>,
    /// A live session is on (the module holds it: it needs every change of the board).
    pub live: bool,
    /// The room a `#live=` link named (server, room), to join once the participant is named.
    pub invite: Option<(String, String)>,
    /// In a live session, the part of the board in view (left, top, right, bottom) and the
    /// presentation's step: what a leader's followers follow.
    pub area: Option<(f64, f64, f64, f64)>,
    /// The presentation's step, when presenting.
    pub step: Option<usize>,
}

impl Scene {
    /// Whether the lazy module shows anything (and so needs the board).
    pub fn shows_anything(&self) -> bool {
        self.stage != Stage::Hidden || self.dialog.is_some() || self.live
    }

    /// The scene with what nothing shown depends on left out: panning the Model view or
    /// selecting with no dialog open sends the lazy module nothing.
    pub fn relevant(self) -> Scene {
        if self.shows_anything() {
            self
        } else {
            Scene::default()
        }
    }
}

/// Items someone is dragging, and how far so far (board units): the others see them move
/// before they are dropped.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Moving {
    /// What moves.
    pub items: Vec<ItemId>,
    /// The offset so far.
    pub dx: f64,
    pub dy: f64,
}

/// What the page tells the lazy module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToLazy {
    /// The board at this revision (sent while something lazy shows, whenever it changed).
    Board { board: Board, revision: u64 },
    /// What shows, the view and the selection.
    Scene(Scene),
    /// Play or pause (Space).
    TogglePlay,
    /// Play unless already playing (the presentation's last step).
    Play,
    /// In a live session: undo (`true`) or redo my own last change.
    LiveUndo(bool),
    /// In a live session: my pointer on the board (board units) moved or left it, and what I
    /// am dragging, if anything.
    LivePointer {
        at: Option<(f64, f64)>,
        moving: Option<Moving>,
    },
}

/// What the lazy module asks of the page: changes of the board or of the editor's state,
/// which the page owns (undoable, saved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromLazy {
    /// The run settings (seed, duration, workload) as edited in the run panel.
    SetRunSettings(RunSettings),
    /// The walkthrough as edited (empty: the board's own flow).
    SetWalkthrough(Vec<Step>),
    /// Set the board's experiments (Compare saved one, or one was removed).
    SetExperiments(Vec<stormlab_board::experiment::Experiment>),
    /// Something to tell the user (an error when `error`).
    Notify { text: String, error: bool },
    /// Select this item on the board (a problem's "show me").
    Select(ItemId),
    /// Start presenting at this step.
    Present(usize),
    /// Close the dialog.
    CloseDialog,
    /// The board as the live room now has it (someone else's change, my undo, the room's
    /// board on joining), as a board file's text (the page reads it as it reads a file, with
    /// the same checks and the code it already has), made on the page's board of revision
    /// `after`: if the page is still at it, it replaces the page's board, outside the page's
    /// own undo history; if not, the page changed meanwhile and a new offer follows.
    LiveBoard { board: String, after: u64 },
    /// The live session's state (none: not in one).
    Live(Option<LiveState>),
    /// Follow the leader: their view (the part of the board they show), mode and step.
    Follow(Lead),
}

/// What a facilitator who leads asks the others to follow: the view (the part of the board
/// shown, each follower fitting it to their own screen), the presentation's step and the
/// run's position. The engine is deterministic: each follower runs the same run itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    /// Model (`Hidden`), Run or Compare.
    pub stage: Stage,
    /// The part of the board in view: left, top, right, bottom (board units).
    pub area: (f64, f64, f64, f64),
    /// The presentation's step, when presenting.
    pub step: Option<usize>,
    /// The run's simulated time (µs) and whether it plays, in the Run view.
    pub run: Option<(u64, bool)>,
}

/// A live session as the page shows it (its header badge; the lazy module draws the rest).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    /// In step with the room (false while connecting or reconnecting).
    pub joined: bool,
    /// How many are here, me included.
    pub here: u32,
    /// Joined through a view-only link: the board is watched, not edited.
    #[serde(default)]
    pub view_only: bool,
}

/// A message as its JSON text.
pub fn encode<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).expect("bridge messages always serialize")
}

/// A message from its JSON text, or why not.
pub fn decode<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
    serde_json::from_str(text)
        .map_err(|e| format!("a malformed message between the page and its lazy module: {e}"))
}

/// A place in the page the lazy module draws into. The places are named here and nowhere else:
/// the page makes one of each, hands them over by these names, and the module reads them back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// Over the board: the canvas of messages in flight, lag badges, service switches.
    Overlay,
    /// Beside the board: the run panel.
    Panel,
    /// The whole workspace of the Compare view.
    Compare,
    /// The presentation's caption bar, once the walkthrough is over.
    Numbers,
    /// Where the page's dialogs go.
    Dialog,
    /// Over the board in a live session: the others' pointers and selections.
    Presence,
}

impl Place {
    /// Every place.
    pub const ALL: [Place; 6] = [
        Place::Overlay,
        Place::Panel,
        Place::Compare,
        Place::Numbers,
        Place::Dialog,
        Place::Presence,
    ];

    /// Its name where the page hands it over.
    pub fn name(self) -> &'static str {
        match self {
            Place::Overlay => "overlay",
            Place::Panel => "panel",
            Place::Compare => "compare",
            Place::Numbers => "numbers",
            Place::Dialog => "dialog",
            Place::Presence => "presence",
        }
    }
}

/// The places in the page the lazy module draws into, one element each.
#[derive(Clone, PartialEq)]
pub struct Hosts(Vec<(Place, Element)>);

impl Hosts {
    /// One place of each kind, made by `make`.
    pub fn new(make: impl Fn(Place) -> Element) -> Hosts {
        Hosts(Place::ALL.iter().map(|&p| (p, make(p))).collect())
    }

    /// The element of `place`.
    pub fn get(&self, place: Place) -> &Element {
        &self
            .0
            .iter()
            .find(|(p, _)| *p == place)
            .expect("a Hosts holds every place")
            .1
    }

    /// The places as a JavaScript object by name (how the page hands them to the module).
    pub fn to_js(&self) -> js_sys::Object {
        let out = js_sys::Object::new();
        for (place, element) in &self.0 {
            let _ = js_sys::Reflect::set(&out, &place.name().into(), element);
        }
        out
    }

    /// The places read back from [`Hosts::to_js`]'s object, or the name of one missing.
    pub fn from_js(object: &wasm_bindgen::JsValue) -> Result<Hosts, String> {
        use wasm_bindgen::JsCast;
        let mut out = Vec::new();
        for place in Place::ALL {
            let element = js_sys::Reflect::get(object, &place.name().into())
                .ok()
                .and_then(|e| e.dyn_into::<Element>().ok())
                .ok_or_else(|| format!("the page gave no place called {:?}", place.name()))?;
            out.push((place, element));
        }
        Ok(Hosts(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stormlab_board::examples::EXAMPLES;

    #[test]
    fn every_message_crosses_unchanged() {
        let board = EXAMPLES[0].board();
        let first = ItemId::Sticky(board.stickies[0].id);
        let to = [
            ToLazy::Board {
                board: board.clone(),
                revision: 12,
            },
            ToLazy::Scene(Scene {
                stage: Stage::Compare,
                dialog: Some(Dialog::Export),
                view: Viewport {
                    x: -12.5,
                    y: 40.0,
                    zoom: 0.875,
                },
                presenting: true,
                selection: vec![first],
                live: true,
                invite: Some(("ws://127.0.0.1:1234".into(), "room-7".into())),
                area: Some((-10.0, 0.0, 1200.5, 800.0)),
                step: Some(2),
            }),
            ToLazy::TogglePlay,
            ToLazy::Play,
            ToLazy::LiveUndo(true),
            ToLazy::LivePointer {
                at: Some((1.5, -2.0)),
                moving: Some(Moving {
                    items: vec![first],
                    dx: 10.0,
                    dy: -4.5,
                }),
            },
        ];
        for message in to {
            assert_eq!(decode::<ToLazy>(&encode(&message)), Ok(message));
        }
        let mut steps = stormlab_board::walkthrough::steps(&board);
        steps[0].caption = "Said my way".into();
        steps[0].written = true;
        let from = [
            FromLazy::SetRunSettings(RunSettings {
                seed: 42,
                ..board.run.clone()
            }),
            FromLazy::SetWalkthrough(stormlab_board::walkthrough::to_save(&steps)),
            FromLazy::SetExperiments(board.experiments.clone()),
            FromLazy::Notify {
                text: "<b>not markup</b>".into(),
                error: true,
            },
            FromLazy::Select(first),
            FromLazy::Present(3),
            FromLazy::CloseDialog,
            FromLazy::LiveBoard {
                board: stormlab_board::format::to_json(&board),
                after: 7,
            },
            FromLazy::Live(Some(LiveState {
                joined: true,
                here: 3,
                view_only: true,
            })),
            FromLazy::Live(None),
            FromLazy::Follow(Lead {
                stage: Stage::Run,
                area: (0.0, 0.0, 640.0, 400.0),
                step: None,
                run: Some((1_500_000, true)),
            }),
        ];
        for message in from {
            assert_eq!(decode::<FromLazy>(&encode(&message)), Ok(message));
        }
    }

    #[test]
    fn a_scene_that_shows_nothing_carries_nothing() {
        let panned = Scene {
            view: Viewport {
                x: 300.0,
                y: 2.0,
                zoom: 2.0,
            },
            selection: vec![ItemId::Sticky(stormlab_board::StickyId(4))],
            ..Scene::default()
        };
        assert!(!panned.shows_anything());
        assert_eq!(panned.clone().relevant(), Scene::default());
        let exporting = Scene {
            dialog: Some(Dialog::Export),
            ..panned.clone()
        };
        assert_eq!(exporting.clone().relevant(), exporting);
        // A live session needs every change of the board, whatever shows.
        let live = Scene {
            live: true,
            ..panned.clone()
        };
        assert!(live.shows_anything());
    }

    #[test]
    fn a_malformed_message_is_an_error_not_a_panic() {
        let error = decode::<ToLazy>("{\"Scene\":{\"stage\":\"Sideways\"}}").unwrap_err();
        assert!(error.contains("Sideways"), "{error}");
        assert!(decode::<FromLazy>("").is_err());
    }
}
