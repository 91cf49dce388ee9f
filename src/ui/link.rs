//! A link between two stickies, drawn as an arrow in the board's SVG layer.

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

/// The path between two rectangles: forward links run from the right side to the left side;
/// links to something below or above leave from the bottom or top; the rest run backwards
/// between facing sides.
pub fn path(from: &Rect, to: &Rect) -> String {
    let (fx, fy) = from.center();
    let (tx, ty) = to.center();
    if to.x >= from.x + from.w - 10.0 {
        let (x1, x2) = (from.x + from.w, to.x);
        let bend = ((x2 - x1) / 2.0).max(40.0);
        return format!(
            "M{x1:.1},{fy:.1} C{:.1},{fy:.1} {:.1},{ty:.1} {x2:.1},{ty:.1}",
            x1 + bend,
            x2 - bend
        );
    }
    if to.y >= from.y + from.h || to.y + to.h <= from.y {
        let down = to.y >= from.y + from.h;
        let (y1, y2) = if down {
            (from.y + from.h, to.y)
        } else {
            (from.y, to.y + to.h)
        };
        let bend = ((y2 - y1).abs() / 2.0).max(40.0) * if down { 1.0 } else { -1.0 };
        return format!(
            "M{fx:.1},{y1:.1} C{fx:.1},{:.1} {tx:.1},{:.1} {tx:.1},{y2:.1}",
            y1 + bend,
            y2 - bend
        );
    }
    let (x1, x2) = (from.x, to.x + to.w);
    let bend = ((x1 - x2).abs() / 2.0).max(40.0);
    format!(
        "M{x1:.1},{fy:.1} C{:.1},{fy:.1} {:.1},{ty:.1} {x2:.1},{ty:.1}",
        x1 - bend,
        x2 + bend
    )
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
