//! A link between two stickies, drawn as an arrow in the board's SVG layer.

use stormlab_board::route::{route, svg_path};
use stormlab_board::{LinkId, Rect};
use yew::prelude::*;

/// Where a link runs.
#[derive(Properties, PartialEq, Clone)]
pub struct LinkProps {
    /// Id.
    pub id: LinkId,
    /// Source rectangle.
    pub from: Rect,
    /// Target rectangle.
    pub to: Rect,
    /// The link crosses contexts (an event consumed elsewhere: a subscription).
    pub crosses: bool,
    /// Selected.
    pub selected: bool,
}

/// The SVG path between two rectangles (see [`stormlab_board::route::route`]).
pub fn path(from: &Rect, to: &Rect) -> String {
    svg_path(&route(from, to))
}

/// A link arrow.
#[function_component]
pub fn LinkArrow(props: &LinkProps) -> Html {
    let d = path(&props.from, &props.to);
    let class = classes!(
        "link",
        props.crosses.then_some("crosses"),
        props.selected.then_some("selected")
    );
    html! {
        <g {class}>
            <path class="link-line" d={d.clone()} marker-end="url(#arrow)" />
            <path class="link-hit" d={d} data-target={props.id.to_string()} />
        </g>
    }
}
