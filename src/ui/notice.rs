//! The notice line: confirmations and errors, announced to screen readers.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::state::{Notice, Severity};

/// Props of the notice.
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The notice to show.
    pub notice: Option<Notice>,
    /// Hides the notice.
    pub on_dismiss: Callback<()>,
}

/// The notice area; information fades after a while, errors stay until dismissed.
#[function_component]
pub fn NoticeBar(props: &NoticeProps) -> Html {
    {
        let dismiss = props.on_dismiss.clone();
        use_effect_with(props.notice.clone(), move |notice| {
            let timer = notice
                .as_ref()
                .filter(|n| n.severity == Severity::Info)
                .map(|_| Timeout::new(8_000, move || dismiss.emit(())));
            move || drop(timer)
        });
    }
    let Some(notice) = &props.notice else {
        return html! { <div class="notice-area" role="status" aria-live="polite"></div> };
    };
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let error = notice.severity == Severity::Error;
    let (role, class) = if error {
        ("alert", "notice error")
    } else {
        ("status", "notice")
    };
    html! {
        <div class="notice-area" {role} aria-live={if error { "assertive" } else { "polite" }}>
            <div {class}>
                <span class="notice-text">{ &notice.text }</span>
                <button onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
            </div>
        </div>
    }
}

/// Props of the message log.
#[derive(Properties, PartialEq)]
pub struct NoticeLogProps {
    /// Every message shown, oldest first.
    pub notices: std::rc::Rc<Vec<Notice>>,
    /// Closes the log.
    pub on_close: Callback<()>,
}

/// Every message shown so far, newest first.
#[function_component]
pub fn NoticeLog(props: &NoticeLogProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="notice-log-title">
            <div class="dialog notice-log-dialog">
                <h2 id="notice-log-title">{ "Messages" }</h2>
                <ol class="notice-log" reversed=true>
                    { for props.notices.iter().rev().map(|n| html! {
                        <li class={classes!("notice-log-item", (n.severity == Severity::Error).then_some("error"))}>
                            if n.severity == Severity::Error { <strong>{ "Error: " }</strong> }
                            { &n.text }
                        </li>
                    }) }
                </ol>
                <div class="dialog-buttons">
                    <button class="primary" onclick={close} aria-label="Close messages">{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
