//! Both variants of the Compare view played side by side: two copies of the board drawn on
//! canvases, moved to the same simulated time on every animation frame, messages as dots,
//! each consumer's queue as a badge, and the headline figures of each side in large type.

use std::cell::RefCell;
use std::rc::Rc;

use stormlab_board::route::route;
use stormlab_board::viewport::Viewport;
use stormlab_board::{Board, Kind, StickyId};
use stormlab_export::svg::{colour, wrap};
use stormlab_run::duet::{Duet, Standing, SPEEDS};
use stormlab_run::playback::Playback;
use stormlab_run::units::ms;
use stormlab_run::variant::Variant;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::driver::FrameLoop;
use super::overlay::{context_2d, KINDS};

/// Props of the side-by-side view.
#[derive(Properties, PartialEq)]
pub struct DuetProps {
    /// The board.
    pub board: Rc<Board>,
    /// Side A.
    pub a: Variant,
    /// Side B.
    pub b: Variant,
}

/// Draws the board, the queues and the messages of one side at wall time `now`.
fn draw(canvas: &NodeRef, board: &Board, p: &Playback, lags: &[(StickyId, u64)], now: f64) {
    let Some(canvas) = canvas.cast::<HtmlCanvasElement>() else {
        return;
    };
    let Some((ctx, w, h)) = context_2d(&canvas) else {
        return;
    };
    ctx.clear_rect(0.0, 0.0, w, h);
    let Some(bounds) = board.bounds() else {
        return;
    };
    let v = Viewport::fit(bounds, w, h, 16.0);
    let (sx, sy) = (|x: f64| x * v.zoom + v.x, |y: f64| y * v.zoom + v.y);
    ctx.set_line_width(2.0);
    for c in &board.contexts {
        ctx.set_fill_style_str("rgba(120,135,160,0.08)");
        ctx.fill_rect(sx(c.x), sy(c.y), c.w * v.zoom, c.h * v.zoom);
        ctx.set_stroke_style_str("#6b7585");
        let _ = ctx.set_line_dash(&js_array(&[6.0, 4.0]));
        ctx.stroke_rect(sx(c.x), sy(c.y), c.w * v.zoom, c.h * v.zoom);
        let _ = ctx.set_line_dash(&js_array(&[]));
        ctx.set_fill_style_str("#3a4250");
        ctx.set_font(&format!(
            "800 {:.0}px system-ui, sans-serif",
            (24.0 * v.zoom).max(11.0)
        ));
        let _ = ctx.fill_text(&c.name, sx(c.x) + 8.0, sy(c.y) + (30.0 * v.zoom).max(14.0));
    }
    ctx.set_stroke_style_str("#8a93a3");
    for l in &board.links {
        let (Some(a), Some(b)) = (board.sticky(l.from), board.sticky(l.to)) else {
            continue;
        };
        let c = route(&a.rect(), &b.rect());
        ctx.begin_path();
        ctx.move_to(sx(c[0].0), sy(c[0].1));
        ctx.bezier_curve_to(
            sx(c[1].0),
            sy(c[1].1),
            sx(c[2].0),
            sy(c[2].1),
            sx(c[3].0),
            sy(c[3].1),
        );
        ctx.stroke();
    }
    let size = (18.0 * v.zoom).max(9.0);
    for s in &board.stickies {
        let r = s.rect();
        ctx.set_fill_style_str(colour(s.kind));
        ctx.fill_rect(sx(r.x), sy(r.y), r.w * v.zoom, r.h * v.zoom);
        ctx.set_fill_style_str(if s.kind == Kind::Hotspot {
            "#fff"
        } else {
            "#111"
        });
        ctx.set_font(&format!("700 {size:.1}px system-ui, sans-serif"));
        for (i, line) in wrap(&s.label, 18.0, r.w - 14.0).iter().take(3).enumerate() {
            let _ = ctx.fill_text(
                line,
                sx(r.x) + 5.0 * v.zoom.max(0.5),
                sy(r.y) + size * 1.2 * (i as f64 + 1.0),
            );
        }
    }
    // Each consumer's queue: a badge that grows with what waits.
    for (id, lag) in lags {
        let Some(s) = board.sticky(*id) else { continue };
        if *lag == 0 {
            continue;
        }
        let r = s.rect();
        let (cx, cy) = (sx(r.x + r.w), sy(r.y));
        let radius = (10.0 + (*lag as f64).sqrt() * 1.5).min(34.0);
        ctx.begin_path();
        let _ = ctx.arc(cx, cy, radius, 0.0, std::f64::consts::TAU);
        ctx.set_fill_style_str("#b3261e");
        ctx.fill();
        ctx.set_fill_style_str("#fff");
        ctx.set_font("800 14px system-ui, sans-serif");
        ctx.set_text_align("center");
        let _ = ctx.fill_text(&lag.to_string(), cx, cy + 5.0);
        ctx.set_text_align("start");
    }
    let radius = (6.0 * v.zoom).clamp(2.5, 7.0);
    for (kind, fill) in KINDS {
        ctx.begin_path();
        for d in p.dots.iter().filter(|d| d.kind == kind) {
            if let Some((x, y)) = d.position(now) {
                ctx.move_to(sx(x) + radius, sy(y));
                let _ = ctx.arc(sx(x), sy(y), radius, 0.0, std::f64::consts::TAU);
            }
        }
        ctx.set_fill_style_str(fill);
        ctx.fill();
    }
    let waiting: u64 = lags.iter().map(|l| l.1).sum();
    let _ = canvas.set_attribute("data-waiting", &waiting.to_string());
}

fn js_array(values: &[f64]) -> wasm_bindgen::JsValue {
    let a = web_sys::js_sys::Array::new();
    for v in values {
        a.push(&(*v).into());
    }
    a.into()
}

/// The side-by-side view.
#[function_component]
pub fn DuetView(props: &DuetProps) -> Html {
    let duet: Rc<RefCell<Option<Result<Duet, String>>>> = {
        let (board, a, b) = (props.board.clone(), props.a.clone(), props.b.clone());
        (*use_memo(
            (props.board.clone(), props.a.clone(), props.b.clone()),
            move |_| Rc::new(RefCell::new(Some(Duet::new(&board, &a, &b)))),
        ))
        .clone()
    };
    let canvases = (use_node_ref(), use_node_ref());
    let tick = use_state(|| 0u32);
    let frames = use_mut_ref(|| None::<FrameLoop>);
    let last_render = use_mut_ref(|| 0.0f64);
    let playing = duet
        .borrow()
        .as_ref()
        .and_then(|d| d.as_ref().ok())
        .is_some_and(Duet::playing);
    {
        // While playing, every animation frame moves both sides and draws them; the figures
        // below are rendered four times a second.
        let (duet, canvases, tick, frames, board) = (
            duet.clone(),
            canvases.clone(),
            tick.clone(),
            frames.clone(),
            props.board.clone(),
        );
        use_effect_with(playing, move |playing| {
            if *playing {
                let on_frame = Callback::from(move |now: f64| {
                    let mut slot = duet.borrow_mut();
                    let Some(Ok(d)) = slot.as_mut() else { return };
                    d.frame(now);
                    draw(&canvases.0, &board, d.a(), &d.lags(false), now);
                    draw(&canvases.1, &board, d.b(), &d.lags(true), now);
                    let mut last = last_render.borrow_mut();
                    if now - *last > 250.0 || !d.playing() {
                        *last = now;
                        tick.set(tick.wrapping_add(1));
                    }
                });
                *frames.borrow_mut() = Some(FrameLoop::start(on_frame));
            } else {
                frames.borrow_mut().take();
            }
        });
    }
    {
        // A still picture before playing and after each change.
        let (duet, canvases, board) = (duet.clone(), canvases.clone(), props.board.clone());
        use_effect(move || {
            if let Some(Ok(d)) = duet.borrow().as_ref() {
                if !d.playing() {
                    draw(&canvases.0, &board, d.a(), &d.lags(false), 0.0);
                    draw(&canvases.1, &board, d.b(), &d.lags(true), 0.0);
                }
            }
        });
    }
    let slot = duet.borrow();
    let d = match slot.as_ref() {
        Some(Ok(d)) => d,
        Some(Err(e)) => {
            return html! { <p class="error-text">{ format!("The board cannot run: {e}") }</p> }
        }
        None => return html! {},
    };
    let toggle = {
        let (duet, tick) = (duet.clone(), tick.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(Ok(d)) = duet.borrow_mut().as_mut() {
                d.toggle();
            }
            tick.set(tick.wrapping_add(1));
        })
    };
    let restart = {
        let (duet, tick, board, a, b) = (
            duet.clone(),
            tick.clone(),
            props.board.clone(),
            props.a.clone(),
            props.b.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            // The old pair goes before the new one starts: never four runs at once.
            *duet.borrow_mut() = None;
            *duet.borrow_mut() = Some(Duet::new(&board, &a, &b));
            tick.set(tick.wrapping_add(1));
        })
    };
    let on_speed = {
        let (duet, tick) = (duet.clone(), tick.clone());
        Callback::from(move |e: Event| {
            let value = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|s| s.value().parse::<f64>().ok());
            if let (Some(v), Some(Ok(d))) = (value, duet.borrow_mut().as_mut()) {
                d.set_speed(v);
            }
            tick.set(tick.wrapping_add(1));
        })
    };
    let side = |name: &str, class: &str, canvas: NodeRef, s: Standing, describe: Vec<String>| {
        html! {
            <div class={classes!("duet-side", class.to_string())}>
                <h3>{ format!("{name}: {}", describe.join(", ")) }</h3>
                <div class="duet-figures">
                    <span><b data-figure="waiting">{ s.waiting }</b>{ " waiting" }</span>
                    <span><b data-figure="handled">{ s.handled }</b>{ " handled" }</span>
                    <span><b data-figure="latency">{ ms(s.mean_latency_us) }</b>{ " mean latency" }</span>
                    { for s.own.iter().map(|(label, text)| html! { <span><b data-figure={*label}>{ text }</b>{ format!(" {}", label.to_lowercase()) }</span> }) }
                </div>
                <canvas ref={canvas} class="duet-canvas" role="img" aria-label={format!("{name}: the board running, messages in flight and queues")}></canvas>
            </div>
        }
    };
    let now = d.now() as f64 / 1e6;
    html! {
        <section class="duet" aria-label="Both variants side by side">
            <div class="duet-controls">
                <button class="primary duet-play" onclick={toggle}>{ if d.playing() { "❚❚ Pause both" } else { "▶ Play both" } }</button>
                <button onclick={restart}>{ "↺ Restart" }</button>
                <label class="field">{ "Speed" }
                    <select onchange={on_speed}>
                        { for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={(*s - d.speed()).abs() < 1e-9}>{ format!("{s}×") }</option> }) }
                    </select>
                </label>
                <span class="duet-clock" data-now={d.now().to_string()} data-finished={d.finished().to_string()}>{ format!("t = {now:.1} s, the same on both sides (seed {})", props.board.run.seed) }</span>
            </div>
            <div class="duet-sides">
                { side("A", "side-a", canvases.0.clone(), d.standing(false), props.a.describe(&props.board)) }
                { side("B", "side-b", canvases.1.clone(), d.standing(true), props.b.describe(&props.board)) }
            </div>
        </section>
    }
}
