//! The board surface: frames, links and stickies in a panned and zoomed world, and the
//! pointer input that drives gestures.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;

use stormlab_board::gesture::{Gesture, Target, DRAG_THRESHOLD};
use stormlab_board::lints::Lint;
use stormlab_board::{ContextId, ItemId, Rect, Sticky, StickyId};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use super::frame::Frame;
use super::link::{path, LinkArrow, LinkProps};
use super::state::{AppState, Msg, Shared};
use super::sticky::StickyNote;

/// Props of the board view.
#[derive(Properties, PartialEq)]
pub struct BoardViewProps {
    /// The application state.
    pub state: Rc<AppState>,
    /// The board's stickies and their lint messages, shared per board revision.
    pub shared: Rc<SharedStickies>,
    /// What the pointer, the wheel and the stickies ask for.
    pub on_input: Callback<BoardInput>,
    /// The board element (for its size).
    pub node: NodeRef,
}

/// What the board view asks of the app: the pointer and wheel input of gestures, and the
/// stickies' focus and label editing.
#[derive(Clone, Debug)]
pub enum BoardInput {
    /// Pointer pressed.
    Down {
        target: Target,
        screen: (f64, f64),
        additive: bool,
        marquee: bool,
    },
    /// Pointer moved during a gesture.
    Move((f64, f64)),
    /// Pointer released over a target.
    Up(Target),
    /// A second finger touched the board (both fingers' points).
    PinchStart([(f64, f64); 2]),
    /// The two fingers moved.
    Pinch([(f64, f64); 2]),
    /// A finger or pen held still.
    LongPress,
    /// Zoom by a factor around a screen point.
    Zoom(f64, (f64, f64)),
    /// Pan by screen pixels.
    Pan(f64, f64),
    /// Start editing a sticky's label.
    StartEdit(StickyId),
    /// A sticky got the keyboard focus.
    Focus(ItemId),
    /// A label edit ended: `Some(text)` commits, `None` cancels.
    EndEdit(Option<String>),
    /// A context's naming ended: `Some(name)` commits, `None` cancels.
    EndNaming(Option<String>),
}

impl From<BoardInput> for Msg {
    fn from(input: BoardInput) -> Msg {
        match input {
            BoardInput::Down {
                target,
                screen,
                additive,
                marquee,
            } => Msg::PointerDown {
                target,
                screen,
                additive,
                marquee,
            },
            BoardInput::Move(at) => Msg::PointerMove(at),
            BoardInput::Up(target) => Msg::PointerUp(target),
            BoardInput::PinchStart(fingers) => Msg::PinchStart(fingers),
            BoardInput::Pinch(fingers) => Msg::Pinch(fingers),
            BoardInput::LongPress => Msg::LongPress,
            BoardInput::Zoom(factor, at) => Msg::Zoom(factor, at),
            BoardInput::Pan(dx, dy) => Msg::Pan(dx, dy),
            BoardInput::StartEdit(id) => Msg::StartEdit(id),
            BoardInput::Focus(item) => Msg::Select(item, false),
            BoardInput::EndEdit(text) => Msg::EndEdit(text),
            BoardInput::EndNaming(name) => Msg::EndNaming(name),
        }
    }
}

/// Each sticky with its lint messages, built once per board revision so that rendering a
/// frame of a drag clones pointers, not stickies.
#[derive(PartialEq)]
pub struct SharedStickies(pub Vec<(Shared<Sticky>, Shared<Vec<String>>)>);

impl SharedStickies {
    /// Shares the board's stickies and groups the lints by sticky.
    pub fn new(board: &stormlab_board::Board, lints: &[Lint]) -> SharedStickies {
        let mut by_sticky: HashMap<StickyId, Vec<String>> = HashMap::new();
        for l in lints {
            by_sticky
                .entry(l.sticky)
                .or_default()
                .push(l.message.clone());
        }
        let empty = Shared(Rc::new(Vec::new()));
        SharedStickies(
            board
                .stickies
                .iter()
                .map(|s| {
                    let lints = by_sticky
                        .remove(&s.id)
                        .map_or_else(|| empty.clone(), |v| Shared(Rc::new(v)));
                    (Shared(Rc::new(s.clone())), lints)
                })
                .collect(),
        )
    }
}

/// What a `data-target` attribute names.
fn parse_target(state: &AppState, attr: &str) -> Target {
    let (prefix, rest) = attr.split_at(1.min(attr.len()));
    let n: Option<u32> = rest.parse().ok();
    match (prefix, n) {
        ("h", Some(n)) => Target::ConnectHandle(StickyId(n)),
        ("r", Some(n)) => match state.editor.board.context(ContextId(n)) {
            Some(c) => Target::ResizeHandle(c.id, c.rect()),
            None => Target::Empty,
        },
        _ => attr
            .parse::<ItemId>()
            .map(Target::Item)
            .unwrap_or(Target::Empty),
    }
}

fn target_of(state: &AppState, element: Option<Element>) -> Target {
    element
        .and_then(|e| e.closest("[data-target]").ok().flatten())
        .and_then(|e| e.get_attribute("data-target"))
        .map_or(Target::Empty, |attr| parse_target(state, &attr))
}

fn local_point(node: &NodeRef, x: i32, y: i32) -> (f64, f64) {
    match node.cast::<HtmlElement>() {
        Some(el) => {
            let r = el.get_bounding_client_rect();
            (x as f64 - r.left(), y as f64 - r.top())
        }
        None => (x as f64, y as f64),
    }
}

/// How long a finger or pen held still is a long press.
const LONG_PRESS_MS: u32 = 500;

/// The fingers (and pen) on the board, for pinches and long presses.
#[derive(Default)]
struct Touches {
    /// Every pointer down on the board: its id and screen point.
    down: Vec<(i32, (f64, f64))>,
    /// Where a touch or pen went down, while it may still become a long press.
    pressed_at: Option<(f64, f64)>,
    /// The long-press timer (dropping it cancels it).
    timer: Option<Timeout>,
}

impl Touches {
    fn fingers(&self) -> Option<[(f64, f64); 2]> {
        match self.down[..] {
            [(_, a), (_, b)] => Some([a, b]),
            _ => None,
        }
    }

    fn forget(&mut self, pointer: i32) {
        self.down.retain(|(id, _)| *id != pointer);
        self.pressed_at = None;
        self.timer = None;
    }
}

/// The board surface's pointer, wheel and double-click handlers.
struct Handlers {
    down: Callback<PointerEvent>,
    moved: Callback<PointerEvent>,
    up: Callback<PointerEvent>,
    cancel: Callback<PointerEvent>,
    double: Callback<MouseEvent>,
    wheel: Callback<WheelEvent>,
}

impl Handlers {
    fn new(props: &BoardViewProps, touches: Rc<RefCell<Touches>>) -> Handlers {
        let (state, send, node) = (&props.state, &props.on_input, &props.node);
        let down = {
            let (state, send, node) = (state.clone(), send.clone(), node.clone());
            let touches = touches.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 && e.button() != 1 {
                    return;
                }
                let element = e.target().and_then(|t| t.dyn_into::<Element>().ok());
                if element
                    .as_ref()
                    .is_some_and(|el| el.tag_name() == "TEXTAREA")
                {
                    return;
                }
                let mut target = target_of(&state, element);
                if e.button() == 1 {
                    target = Target::Empty; // Middle button always pans.
                }
                if let Some(el) = node.cast::<HtmlElement>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                    let _ = el.focus();
                }
                e.prevent_default();
                let screen = local_point(&node, e.client_x(), e.client_y());
                let mut t = touches.borrow_mut();
                t.forget(e.pointer_id());
                t.down.push((e.pointer_id(), screen));
                if let Some(fingers) = t.fingers() {
                    drop(t);
                    send.emit(BoardInput::PinchStart(fingers));
                    return;
                }
                if t.down.len() > 2 {
                    return;
                }
                if e.pointer_type() != "mouse" {
                    let send = send.clone();
                    t.pressed_at = Some(screen);
                    t.timer = Some(Timeout::new(LONG_PRESS_MS, move || {
                        send.emit(BoardInput::LongPress)
                    }));
                }
                drop(t);
                send.emit(BoardInput::Down {
                    target,
                    screen,
                    additive: e.shift_key() || e.ctrl_key() || e.meta_key(),
                    marquee: e.shift_key() && e.button() == 0,
                });
            })
        };
        let moved = {
            // Idle moves matter only in a live session (the others see my pointer).
            let idle = state.gesture == Gesture::Idle && state.live.is_none();
            let (send, node) = (send.clone(), node.clone());
            let touches = touches.clone();
            Callback::from(move |e: PointerEvent| {
                let screen = local_point(&node, e.client_x(), e.client_y());
                let mut t = touches.borrow_mut();
                if let Some(p) = t.down.iter_mut().find(|(id, _)| *id == e.pointer_id()) {
                    p.1 = screen;
                }
                if let Some(fingers) = t.fingers() {
                    drop(t);
                    send.emit(BoardInput::Pinch(fingers));
                    return;
                }
                // A finger that travels is a drag, not a long press.
                if let Some(at) = t.pressed_at {
                    if (screen.0 - at.0).hypot(screen.1 - at.1) > DRAG_THRESHOLD {
                        t.pressed_at = None;
                        t.timer = None;
                    }
                }
                drop(t);
                if !idle {
                    send.emit(BoardInput::Move(screen));
                }
            })
        };
        let up = {
            let (state, send) = (state.clone(), send.clone());
            let touches = touches.clone();
            Callback::from(move |e: PointerEvent| {
                touches.borrow_mut().forget(e.pointer_id());
                let under = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.element_from_point(e.client_x() as f32, e.client_y() as f32));
                send.emit(BoardInput::Up(target_of(&state, under)));
            })
        };
        let double = {
            let (state, send) = (state.clone(), send.clone());
            Callback::from(move |e: MouseEvent| {
                let element = e.target().and_then(|t| t.dyn_into::<Element>().ok());
                if let Target::Item(ItemId::Sticky(id)) = target_of(&state, element) {
                    send.emit(BoardInput::StartEdit(id));
                }
            })
        };
        let wheel = {
            let (send, node) = (send.clone(), node.clone());
            Callback::from(move |e: WheelEvent| {
                e.prevent_default();
                if e.ctrl_key() || e.meta_key() {
                    let at = local_point(&node, e.client_x(), e.client_y());
                    send.emit(BoardInput::Zoom((-e.delta_y() * 0.002).exp(), at));
                } else {
                    send.emit(BoardInput::Pan(-e.delta_x(), -e.delta_y()));
                }
            })
        };
        Handlers {
            down,
            moved,
            up,
            cancel: send.reform(move |e: PointerEvent| {
                touches.borrow_mut().forget(e.pointer_id());
                BoardInput::Up(Target::Empty)
            }),
            double,
            wheel,
        }
    }
}

/// Where a dragged item is drawn: its drag offset, or its frame's when a frame is dragged.
fn drag_offset(gesture: &Gesture, item: ItemId, context: Option<ContextId>) -> (f64, f64) {
    gesture
        .drag_offset(item)
        .or_else(|| context.and_then(|c| gesture.drag_offset(ItemId::Context(c))))
        .unwrap_or((0.0, 0.0))
}

/// Each sticky's rectangle as drawn (moved by the drag in progress).
fn drawn_rects(state: &AppState) -> HashMap<StickyId, Rect> {
    let board = &state.editor.board;
    let mut rects = HashMap::with_capacity(board.stickies.len());
    for s in &board.stickies {
        let (dx, dy) = drag_offset(&state.gesture, ItemId::Sticky(s.id), s.context);
        let r = s.rect();
        rects.insert(
            s.id,
            Rect {
                x: r.x + dx,
                y: r.y + dy,
                ..r
            },
        );
    }
    rects
}

fn frames(state: &AppState, on_input: &Callback<BoardInput>) -> Html {
    let on_end_naming = on_input.reform(BoardInput::EndNaming);
    let on_select = on_input.reform(BoardInput::Focus);
    let board = &state.editor.board;
    let frames = board.contexts.iter().map(|c| {
        let mut context = c.clone();
        let (dx, dy) = drag_offset(&state.gesture, ItemId::Context(c.id), None);
        context.x += dx;
        context.y += dy;
        if let Gesture::Resizing { id, rect, .. } = &state.gesture {
            if *id == c.id {
                (context.x, context.y, context.w, context.h) = (rect.x, rect.y, rect.w.max(160.0), rect.h.max(120.0));
            }
        }
        let members = board.stickies.iter().filter(|s| s.context == Some(c.id)).count();
        let naming = state.naming == Some(c.id);
        html! { <Frame key={c.id.0} {context} selected={state.editor.selection.contains(&ItemId::Context(c.id))} {members}
                       {naming} on_end_naming={on_end_naming.clone()} on_select={on_select.clone()} /> }
    });
    html! { <>{ for frames }</> }
}

/// The links' arrows and the preview of a connection being drawn.
fn links(state: &AppState, rects: &HashMap<StickyId, Rect>) -> Html {
    let board = &state.editor.board;
    let arrows = board.links.iter().filter_map(|l| {
        let (from, to) = (rects.get(&l.from)?, rects.get(&l.to)?);
        let crosses = board.sticky(l.from)?.context != board.sticky(l.to)?.context;
        let props = LinkProps {
            id: l.id,
            from: *from,
            to: *to,
            crosses,
            selected: state.editor.selection.contains(&ItemId::Link(l.id)),
        };
        Some(html! { <LinkArrow key={l.id.0} ..props /> })
    });
    let preview = match &state.gesture {
        Gesture::Connecting { from, at } => rects.get(from).map(|r| {
            let end = Rect {
                x: at.0,
                y: at.1,
                w: 0.0,
                h: 0.0,
            };
            html! { <path class="link-preview" d={path(r, &end)} marker-end="url(#arrow)" /> }
        }),
        _ => None,
    };
    html! {
        <svg class="links" aria-hidden="true">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0,0 L10,5 L0,10 z" />
                </marker>
            </defs>
            { for arrows }
            { for preview }
        </svg>
    }
}

fn stickies(props: &BoardViewProps) -> Html {
    let state = &props.state;
    let on_select = props.on_input.reform(BoardInput::Focus);
    let on_end_edit = props.on_input.reform(BoardInput::EndEdit);
    let notes = props.shared.0.iter().map(|(s, lints)| {
        html! {
            <StickyNote key={s.id.0} sticky={s.clone()} offset={drag_offset(&state.gesture, ItemId::Sticky(s.id), s.context)}
                        selected={state.editor.selection.contains(&ItemId::Sticky(s.id))} editing={state.editing == Some(s.id)}
                        lints={lints.clone()} on_select={on_select.clone()} on_end_edit={on_end_edit.clone()} />
        }
    });
    html! { <>{ for notes }</> }
}

fn marquee(gesture: &Gesture) -> Html {
    match gesture {
        Gesture::Selecting { start, at, .. } => html! {
            <div class="marquee" style={format!(
                "left:{}px;top:{}px;width:{}px;height:{}px",
                start.0.min(at.0), start.1.min(at.1), (start.0 - at.0).abs(), (start.1 - at.1).abs()
            )} />
        },
        _ => Html::default(),
    }
}

/// The board.
#[function_component]
pub fn BoardView(props: &BoardViewProps) -> Html {
    let state: &AppState = &props.state;
    let board = &state.editor.board;
    let touches = use_mut_ref(Touches::default);
    let on = Handlers::new(props, touches);
    let view = state.view;
    let world_style = format!(
        "transform:translate({}px,{}px) scale({})",
        view.x, view.y, view.zoom
    );
    let dot = 24.0 * view.zoom;
    let board_style = format!(
        "background-size:{dot}px {dot}px;background-position:{}px {}px",
        view.x, view.y
    );
    let class = classes!(
        "board",
        (state.gesture != Gesture::Idle).then_some("gesturing")
    );
    html! {
        <section ref={props.node.clone()} {class} style={board_style} aria-label="Board" tabindex="-1"
                 onpointerdown={on.down} onpointermove={on.moved} onpointerup={on.up} onpointercancel={on.cancel}
                 ondblclick={on.double} onwheel={on.wheel}
                 oncontextmenu={Callback::from(|e: MouseEvent| e.prevent_default())}>
            <div class="world" style={world_style}>
                { frames(state, &props.on_input) }
                { links(state, &drawn_rects(state)) }
                { stickies(props) }
                { marquee(&state.gesture) }
            </div>
            if board.stickies.is_empty() && board.contexts.is_empty() {
                <div class="board-empty">
                    <p class="board-empty-title">{ "The board is empty" }</p>
                    <p class="board-empty-hint">
                        { "Add stickies from the palette above (or press E for an event), or open one of the examples." }
                    </p>
                </div>
            }
        </section>
    }
}
