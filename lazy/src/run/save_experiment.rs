//! "Save as experiment": keeps Compare's A and B with the board as one of its experiments (the
//! question it answers, the metric that tells, the runs, and optionally what the runs should
//! show), so it is saved, shared and run from the command line with the board. A question the
//! board already has replaces that experiment.

use stormlab_board::experiment::{Expect, Experiment, SweepPlan};
use stormlab_run::variant::Variant;
use stormlab_ui_common::entry::Entry;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of the save form.
#[derive(Properties, PartialEq)]
pub struct SaveProps {
    /// The board's experiments now.
    pub experiments: Vec<Experiment>,
    /// The experiment shown, if any (its question and metric start the form).
    pub shown: Option<Experiment>,
    /// The sides and runs to keep.
    pub a: Variant,
    pub b: Variant,
    pub runs: usize,
    /// The metrics the last comparison measured (the metric is chosen among them).
    pub metrics: Vec<String>,
    /// The sweep run last in Compare, offered to keep with the experiment.
    #[prop_or_default]
    pub sweep: Option<SweepPlan>,
    /// The board's experiments after saving, and the index of the one saved.
    pub on_save: Callback<(Vec<Experiment>, usize)>,
}

const EXPECTATIONS: [(&str, Option<Expect>); 3] = [
    ("No expectation (a question only)", None),
    ("B higher than A", Some(Expect::BHigher)),
    ("B lower than A", Some(Expect::BLower)),
];

/// The button and, when open, the form.
#[function_component]
pub fn SaveExperiment(props: &SaveProps) -> Html {
    let open = use_state(|| false);
    let question = use_node_ref();
    let metric = use_node_ref();
    let expect = use_node_ref();
    let keep_sweep = use_node_ref();
    let problem = use_state(|| None::<String>);
    let toggle = {
        let (open, problem) = (open.clone(), problem.clone());
        Callback::from(move |_: MouseEvent| {
            problem.set(None);
            open.set(!*open);
        })
    };
    let mut metrics = props.metrics.clone();
    if let Some(m) = props.shown.as_ref().map(|e| e.metric.clone()) {
        if !metrics.contains(&m) {
            metrics.insert(0, m);
        }
    }
    let on_submit = {
        let (question, metric, expect, open, problem) = (
            question.clone(),
            metric.clone(),
            expect.clone(),
            open.clone(),
            problem.clone(),
        );
        let (keep_sweep, sweep) = (keep_sweep.clone(), props.sweep.clone());
        let (experiments, on_save) = (props.experiments.clone(), props.on_save.clone());
        let (a, b, runs, shown) = (
            props.a.clone(),
            props.b.clone(),
            props.runs,
            props.shown.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .or_else(|| r.cast::<HtmlSelectElement>().map(|s| s.value()))
                    .unwrap_or_default()
            };
            let q = text(&question).trim().to_string();
            if q.is_empty() {
                problem.set(Some("Write the question this experiment answers.".into()));
                return;
            }
            let mut saved = Experiment::new(&q, &text(&metric));
            (saved.a, saved.b, saved.runs) = (a.clone(), b.clone(), runs as u32);
            saved.expect = text(&expect)
                .parse::<usize>()
                .ok()
                .and_then(|i| EXPECTATIONS.get(i))
                .and_then(|(_, x)| *x);
            // Kept from the experiment shown when it is the one saved again.
            if let Some(s) = shown.as_ref().filter(|s| s.question == q) {
                saved.watch = s.watch.clone();
                saved.sweep = s.sweep.clone();
            }
            if keep_sweep
                .cast::<HtmlInputElement>()
                .is_some_and(|c| c.checked())
            {
                saved.sweep = sweep.clone();
            }
            if let Some(p) = saved.problem() {
                problem.set(Some(p));
                return;
            }
            let mut all = experiments.clone();
            let at = match all.iter().position(|x| x.question.trim() == q) {
                Some(i) => {
                    all[i] = saved;
                    i
                }
                None => {
                    all.push(saved);
                    all.len() - 1
                }
            };
            open.set(false);
            on_save.emit((all, at));
        })
    };
    let start = props
        .shown
        .as_ref()
        .map(|e| e.question.clone())
        .unwrap_or_default();
    let start_expect = props.shown.as_ref().and_then(|e| e.expect);
    html! {
        <div class="save-experiment">
            <button class="save-experiment-button" onclick={toggle} aria-expanded={open.to_string()}>
                { if *open { "Cancel saving" } else { "Save as experiment…" } }
            </button>
            if *open {
                if metrics.is_empty() {
                    <p class="panel-hint">{ "Run both first: the experiment names the metric that answers its question, chosen among those the runs measure." }</p>
                } else {
                    <form class="save-experiment-form" onsubmit={on_submit} aria-label="Save as experiment">
                        <label class="field">{ "Question it answers" }
                            <Entry node={question.clone()} form=true value={start} placeholder="Push or poll for Billing?" maxlength="2000" />
                        </label>
                        <label class="field">{ "Metric that answers it" }
                            <select ref={metric}>
                                { for metrics.iter().map(|m| html! { <option value={m.clone()}>{ m.clone() }</option> }) }
                            </select>
                        </label>
                        <label class="field">{ "What the runs should show" }
                            <select ref={expect}>
                                { for EXPECTATIONS.iter().enumerate().map(|(i, (label, x))| html! {
                                    <option value={i.to_string()} selected={*x == start_expect}>{ *label }</option>
                                }) }
                            </select>
                        </label>
                        if let Some(p) = &props.sweep {
                            <label class="check keep-sweep">
                                <input type="checkbox" ref={keep_sweep} checked=true />
                                { format!(" Keep the sweep run last: {p}") }
                            </label>
                        }
                        <p class="panel-hint">{ format!("A and B as set above, {} runs of each. It is saved with the board, in its file, its text and its share link; stormlab check BOARD runs those with an expectation.", props.runs) }</p>
                        if let Some(p) = &*problem {
                            <p class="error-text" role="alert">{ p.clone() }</p>
                        }
                        <button type="submit" class="primary">{ "Save with the board" }</button>
                    </form>
                }
            }
        </div>
    }
}
