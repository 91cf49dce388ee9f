//! The board surface: frames, links and stickies in a panned and zoomed world, and the
//! pointer input that drives gestures.

use std::collections::HashMap;
use std::rc::Rc;

use stormlab_board::gesture::{Gesture, Target};
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
    /// Sends messages to the app.
    pub dispatch: Callback<Msg>,
    /// The board element (for its size).
    pub node: NodeRef,
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

/// The board.
#[function_component]
pub fn BoardView(props: &BoardViewProps) -> Html {
    let state: &AppState = &props.state;
    let board = &state.editor.board;
    let selection = &state.editor.selection;

    let onpointerdown = {
        let (state, dispatch, node) = (
            props.state.clone(),
            props.dispatch.clone(),
            props.node.clone(),
        );
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
            let additive = e.shift_key() || e.ctrl_key() || e.meta_key();
            dispatch.emit(Msg::PointerDown {
                target,
                screen,
                additive,
                marquee: e.shift_key() && e.button() == 0,
            });
        })
    };
    let onpointermove = {
        let (idle, dispatch, node) = (
            state.gesture == Gesture::Idle,
            props.dispatch.clone(),
            props.node.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if !idle {
                dispatch.emit(Msg::PointerMove(local_point(
                    &node,
                    e.client_x(),
                    e.client_y(),
                )));
            }
        })
    };
    let onpointerup = {
        let (state, dispatch) = (props.state.clone(), props.dispatch.clone());
        Callback::from(move |e: PointerEvent| {
            let under = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.element_from_point(e.client_x() as f32, e.client_y() as f32));
            dispatch.emit(Msg::PointerUp(target_of(&state, under)));
        })
    };
    let onpointercancel = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: PointerEvent| dispatch.emit(Msg::PointerUp(Target::Empty)))
    };
    let ondblclick = {
        let (state, dispatch) = (props.state.clone(), props.dispatch.clone());
        Callback::from(move |e: MouseEvent| {
            let element = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            if let Target::Item(ItemId::Sticky(id)) = target_of(&state, element) {
                dispatch.emit(Msg::StartEdit(id));
            }
        })
    };
    let onwheel = {
        let (dispatch, node) = (props.dispatch.clone(), props.node.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            if e.ctrl_key() || e.meta_key() {
                let at = local_point(&node, e.client_x(), e.client_y());
                dispatch.emit(Msg::Zoom((-e.delta_y() * 0.002).exp(), at));
            } else {
                dispatch.emit(Msg::Pan(-e.delta_x(), -e.delta_y()));
            }
        })
    };

    // Drag previews: dragged items, and stickies riding along with a dragged frame.
    let offset_of = |item: ItemId, context: Option<ContextId>| -> (f64, f64) {
        state
            .gesture
            .drag_offset(item)
            .or_else(|| context.and_then(|c| state.gesture.drag_offset(ItemId::Context(c))))
            .unwrap_or((0.0, 0.0))
    };
    let mut rects: HashMap<StickyId, Rect> = HashMap::with_capacity(board.stickies.len());
    for s in &board.stickies {
        let (dx, dy) = offset_of(ItemId::Sticky(s.id), s.context);
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

    let frames = board.contexts.iter().map(|c| {
        let mut context = c.clone();
        let (dx, dy) = offset_of(ItemId::Context(c.id), None);
        context.x += dx;
        context.y += dy;
        if let Gesture::Resizing { id, rect, .. } = &state.gesture {
            if *id == c.id {
                (context.x, context.y, context.w, context.h) = (rect.x, rect.y, rect.w.max(160.0), rect.h.max(120.0));
            }
        }
        let members = board.stickies.iter().filter(|s| s.context == Some(c.id)).count();
        html! { <Frame key={c.id.0} {context} selected={selection.contains(&ItemId::Context(c.id))} {members} /> }
    });
    let links = board.links.iter().filter_map(|l| {
        let (from, to) = (rects.get(&l.from)?, rects.get(&l.to)?);
        let crosses = board.sticky(l.from)?.context != board.sticky(l.to)?.context;
        let props = LinkProps {
            id: l.id,
            from: *from,
            to: *to,
            crosses,
            selected: selection.contains(&ItemId::Link(l.id)),
        };
        Some(html! { <LinkArrow key={l.id.0} ..props /> })
    });
    let stickies = props.shared.0.iter().map(|(s, lints)| {
        html! {
            <StickyNote key={s.id.0} sticky={s.clone()} offset={offset_of(ItemId::Sticky(s.id), s.context)}
                        selected={selection.contains(&ItemId::Sticky(s.id))} editing={state.editing == Some(s.id)}
                        lints={lints.clone()} dispatch={props.dispatch.clone()} />
        }
    });
    let preview = match &state.gesture {
        Gesture::Connecting { from, at } => rects.get(from).map(|r| {
            let d = path(
                r,
                &Rect {
                    x: at.0,
                    y: at.1,
                    w: 0.0,
                    h: 0.0,
                },
            );
            html! { <path class="link-preview" d={d} marker-end="url(#arrow)" /> }
        }),
        _ => None,
    };
    let marquee = match &state.gesture {
        Gesture::Selecting { start, at, .. } => Some(html! {
            <div class="marquee" style={format!(
                "left:{}px;top:{}px;width:{}px;height:{}px",
                start.0.min(at.0), start.1.min(at.1), (start.0 - at.0).abs(), (start.1 - at.1).abs()
            )} />
        }),
        _ => None,
    };
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
                 {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {ondblclick} {onwheel}>
            <div class="world" style={world_style}>
                { for frames }
                <svg class="links" aria-hidden="true">
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M0,0 L10,5 L0,10 z" />
                        </marker>
                    </defs>
                    { for links }
                    { for preview }
                </svg>
                { for stickies }
                { for marquee }
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
