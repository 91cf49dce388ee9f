//! The side panel: properties of the selection, the list of modelling advice, the legend.

use std::rc::Rc;

use stormlab_board::lints::Lint;
use stormlab_board::{Editor, ItemId, Kind};
use yew::prelude::*;

use super::properties::Properties as PropertiesPanel;
use super::state::{Edit, Shared};

/// Props of the side panel.
#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    /// The editor.
    pub editor: Shared<Editor>,
    /// Lints of the board.
    pub lints: Rc<Vec<Lint>>,
    /// Applies an edit of the selection's properties.
    pub on_edit: Callback<Edit>,
    /// Selects a sticky named by a piece of advice.
    pub on_select: Callback<ItemId>,
}

/// The side panel.
#[function_component]
pub fn SidePanel(props: &SidePanelProps) -> Html {
    let board = &props.editor.board;
    let advice = props.lints.iter().map(|l| {
        let label = board
            .sticky(l.sticky)
            .map_or_else(String::new, |s| s.label.clone());
        let item = ItemId::Sticky(l.sticky);
        let onclick = props.on_select.reform(move |_: MouseEvent| item);
        html! {
            <li>
                <button class="lint-item" {onclick} aria-label={format!("Select {label}")}>
                    <strong>{ label }</strong>
                    <span>{ &l.message }</span>
                </button>
            </li>
        }
    });
    let legend = Kind::ALL.iter().map(|k| {
        html! {
            <li class="legend-item">
                <span class={classes!("legend-swatch", format!("kind-{}", k.slug()))} aria-hidden="true"></span>
                <span><strong>{ k.name() }</strong>{ format!(" ({}): {}", k.colour(), k.meaning()) }</span>
            </li>
        }
    });
    html! {
        <aside class="side-panel" aria-label="Side panel" tabindex="0">
            <section class="panel-section" aria-labelledby="props-title">
                <h2 id="props-title" class="panel-title">{ "Properties" }</h2>
                <PropertiesPanel editor={props.editor.clone()} lints={props.lints.clone()} on_edit={props.on_edit.clone()} />
            </section>
            <section class="panel-section" aria-labelledby="advice-title">
                <h2 id="advice-title" class="panel-title">{ format!("Advice ({})", props.lints.len()) }</h2>
                if props.lints.is_empty() {
                    <p class="panel-hint">{ "Nothing to point out." }</p>
                } else {
                    <ul class="lint-list">{ for advice }</ul>
                }
            </section>
            <section class="panel-section" aria-labelledby="legend-title">
                <h2 id="legend-title" class="panel-title">{ "Legend" }</h2>
                <ul class="legend">{ for legend }</ul>
            </section>
        </aside>
    }
}
