//! The others in a live session, drawn over the board: each one's pointer with their name, an
//! outline in their colour around what they have selected, and a dashed ghost of what they are
//! dragging, where it is so far (the move itself arrives when they drop). Names are text,
//! colours only ever hex (someone else's client wrote them).

use std::rc::Rc;

use stormlab_board::viewport::Viewport;
use stormlab_board::{Board, ItemId};
use stormlab_ui_common::live::{safe_colour, short_name, Person};
use yew::prelude::*;

/// Props of the presence layer.
#[derive(Properties, PartialEq)]
pub struct PresenceProps {
    /// Who is here (this side's participant is left out).
    pub people: Vec<Person>,
    /// The board, for where the selected items are.
    pub board: Rc<Board>,
    /// The board view's pan and zoom.
    pub view: Viewport,
}

fn outline(board: &Board, item: ItemId) -> Option<stormlab_board::Rect> {
    match item {
        ItemId::Sticky(id) => board.sticky(id).map(|s| s.rect()),
        ItemId::Context(id) => board.context(id).map(|c| c.rect()),
        ItemId::Link(_) => None,
    }
}

/// The presence layer.
#[function_component]
pub fn PresenceLayer(props: &PresenceProps) -> Html {
    let view = props.view;
    let others = props.people.iter().filter(|p| !p.me).map(|p| {
        let colour = safe_colour(&p.colour);
        let outlines = p.selection.iter().filter_map(|item| outline(&props.board, *item)).map(|r| {
            let (x, y) = view.to_screen(r.x, r.y);
            let style = format!(
                "left:{x:.0}px;top:{y:.0}px;width:{:.0}px;height:{:.0}px;border-color:{colour}",
                r.w * view.zoom,
                r.h * view.zoom
            );
            html! { <div class="presence-selection" {style}></div> }
        });
        let ghosts = p.moving.iter().flat_map(|m| {
            m.items.iter().filter_map(|item| {
                let r = outline(&props.board, *item)?;
                let (x, y) = view.to_screen(r.x + m.dx, r.y + m.dy);
                let style = format!(
                    "left:{x:.0}px;top:{y:.0}px;width:{:.0}px;height:{:.0}px;border-color:{colour}",
                    r.w * view.zoom,
                    r.h * view.zoom
                );
                let label = match item {
                    ItemId::Sticky(id) => props.board.sticky(*id).map(|s| s.label.clone()),
                    _ => None,
                };
                Some(html! { <div class="presence-ghost" {style}>{ label.unwrap_or_default() }</div> })
            })
        });
        let pointer = p.pointer.map(|(wx, wy)| {
            let (x, y) = view.to_screen(wx, wy);
            html! {
                <div class="presence-pointer" style={format!("left:{x:.0}px;top:{y:.0}px")} data-client={p.client.to_string()}>
                    <svg width="16" height="20" viewBox="0 0 16 20"><path d="M1 1 L1 17 L5 13 L8 19 L11 18 L8 12 L14 12 Z" fill={colour.to_string()} stroke="#fff" stroke-width="1.5" /></svg>
                    <span class="presence-name" style={format!("background:{colour}")}>{ short_name(&p.name) }</span>
                </div>
            }
        });
        html! { <>{ for outlines }{ for ghosts }{ for pointer }</> }
    });
    html! { <div class="presence-layer" aria-hidden="true">{ for others }</div> }
}
