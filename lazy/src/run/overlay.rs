//! What the run draws over the board: messages in flight as dots on a canvas, each
//! subscription's lag as a badge on its policy or read model, and a switch on each bounded
//! context to take its service down and bring it back. Where the board is drawn small (a
//! phone), the switch shrinks to its dot at the frame's corner and idle lags stay out of sight,
//! so they do not cover the board they describe.

use stormlab_board::viewport::Viewport;
use stormlab_board::Board;
use stormlab_run::playback::{DotKind, Playback, MAX_DOTS};
use stormlab_run::{RunMsg, Runner};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::Watch;

/// Each kind of dot and its colour, for every canvas a run is drawn on.
pub(super) const KINDS: [(DotKind, &str); 5] = [
    (DotKind::Message, "#1f6feb"),
    (DotKind::Handled, "#1a7f37"),
    (DotKind::Failed, "#cf222e"),
    (DotKind::Saga, "#8250df"),
    (DotKind::Compensation, "#bc4c00"),
];

/// The canvas's 2D context, its backing store sized to the canvas at the screen's pixel ratio
/// and scaled to CSS pixels, with the canvas's width and height in CSS pixels.
pub(super) fn context_2d(
    canvas: &HtmlCanvasElement,
) -> Option<(CanvasRenderingContext2d, f64, f64)> {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (w, h) = (canvas.client_width() as f64, canvas.client_height() as f64);
    let (pw, ph) = ((w * ratio) as u32, (h * ratio) as u32);
    if canvas.width() != pw || canvas.height() != ph {
        canvas.set_width(pw);
        canvas.set_height(ph);
    }
    let ctx = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<CanvasRenderingContext2d>()
        .ok()?;
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    Some((ctx, w, h))
}

/// Draws the dots in flight at wall time `now`, through the board's pan and zoom.
pub fn draw(canvas: &NodeRef, runner: &Runner, view: Viewport, now: f64) {
    let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some((ctx, w, h)) = context_2d(&canvas) else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, w, h);
    let Ok(p) = runner.playback() else {
        return;
    };
    let r = (6.0 * view.zoom).clamp(2.5, 9.0);
    let mut shown = 0;
    for (kind, colour) in KINDS {
        ctx.begin_path();
        for d in p.dots.iter().filter(|d| d.kind == kind) {
            if let Some((x, y)) = d.position(now) {
                let (sx, sy) = (x * view.zoom + view.x, y * view.zoom + view.y);
                if sx < -r || sy < -r || sx > w + r || sy > h + r {
                    continue;
                }
                ctx.move_to(sx + r, sy);
                let _ = ctx.arc(sx, sy, r, 0.0, std::f64::consts::TAU);
                shown += 1;
            }
        }
        ctx.set_fill_style_str(colour);
        ctx.fill();
    }
    canvas
        .set_attribute("data-in-flight", &shown.to_string())
        .ok();
}

/// Below this width on screen a context's frame is too small for a worded switch and badges.
const COMPACT_FRAME_PX: f64 = 160.0;

/// Whether the board is drawn too small for worded badges: its narrowest context is.
fn compact(board: &Board, view: Viewport) -> bool {
    board
        .contexts
        .iter()
        .map(|c| c.w * view.zoom)
        .fold(f64::INFINITY, f64::min)
        < COMPACT_FRAME_PX
}

/// Props of the overlay.
#[derive(Properties, PartialEq)]
pub struct RunOverlayProps {
    /// The run (read only; its board gives the positions of stickies and frames).
    pub run: Watch<Runner>,
    /// Pan and zoom.
    pub view: Viewport,
    /// The canvas the frame loop draws on.
    pub canvas: NodeRef,
    /// Changes the run (a service taken down or brought back).
    pub on_run: Callback<RunMsg>,
}

fn badges(p: &Playback, board: &Board, view: Viewport, compact: bool) -> Html {
    let lags = p.simulation().lags();
    let report_dlq: Vec<u64> = p.simulation().audit().iter().map(|a| a.in_dlq).collect();
    let mut seen = std::collections::HashMap::new();
    let items = p
        .compiled
        .map
        .subscriptions
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let s = board.sticky(*id)?;
            let n = seen.entry(*id).or_insert(0);
            *n += 1;
            let r = s.rect();
            let x = (r.x + r.w) * view.zoom + view.x - 10.0;
            let y = r.y * view.zoom + view.y - 14.0 + (*n as f64 - 1.0) * 26.0;
            let lag = lags.get(i).copied().unwrap_or(0);
            let dlq = report_dlq.get(i).copied().unwrap_or(0);
            let class = classes!(
                "lag-badge",
                (lag > 20).then_some("busy"),
                (dlq > 0).then_some("dlq"),
                compact.then_some("compact"),
                (lag == 0 && dlq == 0).then_some("idle")
            );
            let name = &p.compiled.scenario.subscriptions[i].name;
            Some(html! {
                <span {class} style={format!("left:{x:.0}px;top:{y:.0}px")} title={name.clone()}
                      data-sub={i.to_string()} data-lag={lag.to_string()}>
                    { format!("lag {lag}") }
                    if dlq > 0 { { format!(" · DLQ {dlq}") } }
                </span>
            })
        });
    html! { <>{ for items }</> }
}

/// The overlay.
#[function_component]
pub fn RunOverlay(props: &RunOverlayProps) -> Html {
    let runner = props.run.get();
    let board = runner.board();
    let view = props.view;
    let compact = compact(board, view);
    let (badges, switches) = match runner.playback() {
        Ok(p) => {
            let switches = p.compiled.map.services.iter().enumerate().filter_map(|(i, cid)| {
                let c = board.context(*cid)?;
                let up = p.simulation().service_up(i);
                let onclick = props.on_run.reform(move |_: MouseEvent| RunMsg::SetServiceUp(i, !up));
                // Worded above the frame's right end; compact, a dot astride its corner.
                let (dx, dy) = if compact { (30.0, 22.0) } else { (92.0, 30.0) };
                let x = (c.x + c.w) * view.zoom + view.x - dx;
                let y = c.y * view.zoom + view.y - dy;
                let label = if up { format!("{} is up: take it down", c.name) } else { format!("{} is down: bring it back", c.name) };
                Some(html! {
                    <button class={classes!("service-switch", (!up).then_some("down"), compact.then_some("compact"))} style={format!("left:{x:.0}px;top:{y:.0}px")}
                            aria-label={label} aria-pressed={(!up).to_string()} {onclick}>
                        { if up { "● Up" } else { "○ Down" } }
                    </button>
                })
            });
            (
                badges(p, board, view, compact),
                html! { <>{ for switches }</> },
            )
        }
        Err(_) => (html! {}, html! {}),
    };
    let max = MAX_DOTS;
    html! {
        <div class="run-overlay">
            <canvas ref={props.canvas.clone()} class="run-canvas" aria-hidden="true" data-max={max.to_string()} />
            { badges }
            { switches }
        </div>
    }
}
