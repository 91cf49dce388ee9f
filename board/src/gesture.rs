//! Pointer gestures as a small state machine: press, then click, drag, connect, resize, pan or
//! marquee-select. Nothing changes the board until the pointer is released, so a whole drag is
//! one action (one undo entry) and cancelling rolls everything back.

use crate::action::Action;
use crate::document::Rect;
use crate::ids::{ContextId, ItemId, StickyId};
use crate::viewport::Viewport;

/// Pointer travel (in screen pixels) that turns a press into a drag.
pub const DRAG_THRESHOLD: f64 = 4.0;

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Target {
    /// Empty board.
    Empty,
    /// A sticky, frame or link.
    Item(ItemId),
    /// A sticky's connection handle.
    ConnectHandle(StickyId),
    /// A frame's resize handle (bottom-right corner); carries the frame's rectangle.
    ResizeHandle(ContextId, Rect),
}

/// The gesture in progress.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Gesture {
    /// Nothing pressed.
    #[default]
    Idle,
    /// Pressed, not yet moved far enough to be a drag.
    Pressing {
        /// What was pressed.
        target: Target,
        /// Screen point of the press.
        screen: (f64, f64),
        /// Shift or Ctrl held.
        additive: bool,
        /// What a drag would move (the selection when the pressed item is in it).
        drag_items: Vec<ItemId>,
    },
    /// Moving items by (dx, dy) board units.
    Dragging {
        /// What moves.
        items: Vec<ItemId>,
        /// Screen point of the press.
        screen: (f64, f64),
        /// Offset so far.
        dx: f64,
        /// Offset so far.
        dy: f64,
    },
    /// Drawing a link from a sticky.
    Connecting {
        /// Start.
        from: StickyId,
        /// Board point under the pointer.
        at: (f64, f64),
    },
    /// Resizing a frame.
    Resizing {
        /// Which.
        id: ContextId,
        /// Rectangle before.
        origin: Rect,
        /// Screen point of the press.
        screen: (f64, f64),
        /// Rectangle now.
        rect: Rect,
    },
    /// Panning the view.
    Panning {
        /// Screen point of the press.
        screen: (f64, f64),
        /// View before.
        origin: Viewport,
        /// True once the pointer moved.
        moved: bool,
    },
    /// Zooming and panning with two fingers.
    Pinching {
        /// View before.
        origin: Viewport,
        /// The two fingers' screen points at the start.
        start: [(f64, f64); 2],
    },
    /// Selecting with a rectangle.
    Selecting {
        /// Board point of the press.
        start: (f64, f64),
        /// Board point now.
        at: (f64, f64),
        /// Add to the selection.
        additive: bool,
    },
}

/// What the application should do after a pointer event.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Change the board.
    Apply(Action),
    /// Select an item (toggle with `additive`).
    Select(ItemId, bool),
    /// Select the items moved by a drag.
    SelectMany(Vec<ItemId>),
    /// Select what overlaps a rectangle.
    SelectIn(Rect, bool),
    /// Clear the selection.
    ClearSelection,
    /// Move the view.
    Pan(Viewport),
}

impl Gesture {
    /// Pointer pressed on `target` at a screen point. `selection` is the current selection;
    /// `marquee` is true when the gesture on empty board should select instead of pan.
    pub fn down(
        target: Target,
        screen: (f64, f64),
        view: &Viewport,
        selection: &[ItemId],
        additive: bool,
        marquee: bool,
    ) -> Gesture {
        let world = view.to_world(screen.0, screen.1);
        match target {
            Target::ConnectHandle(from) => Gesture::Connecting { from, at: world },
            Target::ResizeHandle(id, origin) => Gesture::Resizing {
                id,
                origin,
                screen,
                rect: origin,
            },
            Target::Empty if marquee => Gesture::Selecting {
                start: world,
                at: world,
                additive,
            },
            Target::Empty => Gesture::Panning {
                screen,
                origin: *view,
                moved: false,
            },
            Target::Item(item) => {
                let drag_items = if selection.contains(&item) && !additive {
                    selection
                        .iter()
                        .copied()
                        .filter(|i| !matches!(i, ItemId::Link(_)))
                        .collect()
                } else {
                    vec![item]
                };
                Gesture::Pressing {
                    target,
                    screen,
                    additive,
                    drag_items,
                }
            }
        }
    }

    /// Pointer moved to a screen point; returns a view change while panning.
    pub fn moved(&mut self, screen: (f64, f64), view: &Viewport) -> Option<Effect> {
        let world = view.to_world(screen.0, screen.1);
        match self {
            Gesture::Pressing {
                screen: start,
                drag_items,
                target,
                ..
            } => {
                let far = (screen.0 - start.0).hypot(screen.1 - start.1) > DRAG_THRESHOLD;
                let movable = !matches!(target, Target::Item(ItemId::Link(_)));
                if far && movable {
                    let (dx, dy) = (
                        (screen.0 - start.0) / view.zoom,
                        (screen.1 - start.1) / view.zoom,
                    );
                    *self = Gesture::Dragging {
                        items: std::mem::take(drag_items),
                        screen: *start,
                        dx,
                        dy,
                    };
                }
                None
            }
            Gesture::Dragging {
                screen: start,
                dx,
                dy,
                ..
            } => {
                *dx = (screen.0 - start.0) / view.zoom;
                *dy = (screen.1 - start.1) / view.zoom;
                None
            }
            Gesture::Connecting { at, .. } => {
                *at = world;
                None
            }
            Gesture::Resizing {
                origin,
                screen: start,
                rect,
                ..
            } => {
                rect.w = origin.w + (screen.0 - start.0) / view.zoom;
                rect.h = origin.h + (screen.1 - start.1) / view.zoom;
                None
            }
            Gesture::Panning {
                screen: start,
                origin,
                moved,
            } => {
                *moved = true;
                Some(Effect::Pan(Viewport {
                    x: origin.x + screen.0 - start.0,
                    y: origin.y + screen.1 - start.1,
                    zoom: origin.zoom,
                }))
            }
            Gesture::Selecting { at, .. } => {
                *at = world;
                None
            }
            Gesture::Idle | Gesture::Pinching { .. } => None,
        }
    }

    /// Pointer released over `hit`; ends the gesture and says what to do.
    pub fn up(&mut self, hit: Target) -> Vec<Effect> {
        match std::mem::take(self) {
            Gesture::Idle | Gesture::Pinching { .. } => vec![],
            Gesture::Pressing {
                target: Target::Item(item),
                additive,
                ..
            } => vec![Effect::Select(item, additive)],
            Gesture::Pressing { .. } => vec![],
            Gesture::Dragging { items, dx, dy, .. } => {
                if dx == 0.0 && dy == 0.0 {
                    return vec![];
                }
                vec![
                    Effect::Apply(Action::Move {
                        items: items.clone(),
                        dx,
                        dy,
                    }),
                    Effect::SelectMany(items),
                ]
            }
            Gesture::Connecting { from, .. } => match hit {
                Target::Item(ItemId::Sticky(to)) | Target::ConnectHandle(to) if to != from => {
                    vec![Effect::Apply(Action::Connect { from, to })]
                }
                _ => vec![],
            },
            Gesture::Resizing {
                id, origin, rect, ..
            } => {
                if rect == origin {
                    vec![]
                } else {
                    vec![Effect::Apply(Action::ResizeContext { id, rect })]
                }
            }
            Gesture::Panning { moved, .. } => {
                if moved {
                    vec![]
                } else {
                    vec![Effect::ClearSelection]
                }
            }
            Gesture::Selecting {
                start,
                at,
                additive,
            } => {
                let rect = Rect {
                    x: start.0.min(at.0),
                    y: start.1.min(at.1),
                    w: (start.0 - at.0).abs(),
                    h: (start.1 - at.1).abs(),
                };
                vec![Effect::SelectIn(rect, additive)]
            }
        }
    }

    /// A second finger touched the board: whatever one finger was doing is abandoned (nothing
    /// of it reaches the board) and the two fingers pinch.
    pub fn pinch_start(view: &Viewport, start: [(f64, f64); 2]) -> Gesture {
        Gesture::Pinching {
            origin: *view,
            start,
        }
    }

    /// The two fingers moved to `now`: the view they ask for.
    pub fn pinch(&self, now: [(f64, f64); 2]) -> Option<Effect> {
        match self {
            Gesture::Pinching { origin, start } => Some(Effect::Pan(origin.pinched(*start, now))),
            _ => None,
        }
    }

    /// A finger or pen held still on the board (a long press) does what a modifier does with
    /// a mouse: on an item it adds it to (or takes it out of) the selection, as Shift+click;
    /// on the empty board it starts a selection rectangle, as Shift+drag.
    pub fn long_press(&mut self, view: &Viewport) -> Option<Effect> {
        match self {
            Gesture::Pressing {
                target: Target::Item(item),
                ..
            } => {
                let item = *item;
                *self = Gesture::Idle;
                Some(Effect::Select(item, true))
            }
            Gesture::Panning {
                screen,
                moved: false,
                ..
            } => {
                let world = view.to_world(screen.0, screen.1);
                *self = Gesture::Selecting {
                    start: world,
                    at: world,
                    additive: true,
                };
                None
            }
            _ => None,
        }
    }

    /// Abandons the gesture: nothing it did reaches the board.
    pub fn cancel(&mut self) {
        *self = Gesture::Idle;
    }

    /// The offset to show for an item while it is being dragged.
    pub fn drag_offset(&self, item: ItemId) -> Option<(f64, f64)> {
        match self {
            Gesture::Dragging { items, dx, dy, .. } if items.contains(&item) => Some((*dx, *dy)),
            _ => None,
        }
    }
}
