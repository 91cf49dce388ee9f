//! A small SVG line chart: several series over simulated time, with axis labels and a legend.

pub use stormlab_run::metrics::Line;
use yew::prelude::*;

/// Props of a chart.
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// Title above the chart.
    pub title: AttrValue,
    /// Unit of the values, shown on the axis.
    pub unit: AttrValue,
    /// The lines.
    pub lines: Vec<Line>,
}

const W: f64 = 320.0;
const H: f64 = 120.0;
const PAD_L: f64 = 44.0;
const PAD_B: f64 = 18.0;

fn nice(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.0}k", v / 1_000.0)
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// A line chart.
#[function_component]
pub fn Chart(props: &ChartProps) -> Html {
    let all = props.lines.iter().flat_map(|l| l.points.iter());
    let (mut t_max, mut v_max) = (0.0f64, 0.0f64);
    for (t, v) in all {
        t_max = t_max.max(*t);
        v_max = v_max.max(*v);
    }
    let t_max = t_max.max(1e-9);
    let highest = v_max;
    let v_max = if v_max > 0.0 { v_max * 1.1 } else { 1.0 };
    let x = |t: f64| PAD_L + t / t_max * (W - PAD_L - 4.0);
    let y = |v: f64| (H - PAD_B) - v / v_max * (H - PAD_B - 6.0);
    let paths = props.lines.iter().map(|l| {
        let d: String = l
            .points
            .iter()
            .enumerate()
            .map(|(i, (t, v))| {
                format!(
                    "{}{:.1},{:.1}",
                    if i == 0 { "M" } else { " L" },
                    x(*t),
                    y(*v)
                )
            })
            .collect();
        html! { <path d={d} stroke={l.colour} fill="none" stroke-width="2" /> }
    });
    let legend = props.lines.iter().map(|l| {
        html! { <span class="chart-key"><i style={format!("background:{}", l.colour)}></i>{ l.label }</span> }
    });
    let empty = props.lines.iter().all(|l| l.points.len() < 2);
    html! {
        <figure class="chart" data-highest={highest.to_string()}>
            <figcaption>{ &props.title }<span class="chart-legend">{ for legend }</span></figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} role="img" aria-label={props.title.clone()}>
                <line x1={PAD_L.to_string()} y1={(H - PAD_B).to_string()} x2={W.to_string()} y2={(H - PAD_B).to_string()} class="axis" />
                <line x1={PAD_L.to_string()} y1="4" x2={PAD_L.to_string()} y2={(H - PAD_B).to_string()} class="axis" />
                <text x={(PAD_L - 4.0).to_string()} y="12" class="tick" text-anchor="end">{ nice(v_max) }</text>
                <text x={(PAD_L - 4.0).to_string()} y={(H - PAD_B).to_string()} class="tick" text-anchor="end">{ "0" }</text>
                <text x={(PAD_L - 4.0).to_string()} y={(H / 2.0).to_string()} class="tick unit" text-anchor="end">{ &props.unit }</text>
                <text x={PAD_L.to_string()} y={(H - 4.0).to_string()} class="tick">{ "0 s" }</text>
                <text x={W.to_string()} y={(H - 4.0).to_string()} class="tick" text-anchor="end">{ format!("{} s", nice(t_max)) }</text>
                if empty {
                    <text x={((W + PAD_L) / 2.0).to_string()} y={(H / 2.0).to_string()} class="tick" text-anchor="middle">{ "no data yet" }</text>
                } else {
                    { for paths }
                }
            </svg>
        </figure>
    }
}
