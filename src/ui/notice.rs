//! The notice line: confirmations and errors, announced to screen readers.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use super::state::{AppState, Msg, Notice};

/// Props of the notice.
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The notice to show.
    pub notice: Option<Notice>,
    /// Sends messages to the app.
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The notice area; information fades after a while, errors stay until dismissed.
#[function_component]
pub fn NoticeBar(props: &NoticeProps) -> Html {
    {
        let d = props.dispatch.clone();
        use_effect_with(props.notice.clone(), move |notice| {
            let timer = notice
                .as_ref()
                .filter(|n| !n.error)
                .map(|_| Timeout::new(8_000, move || d.dispatch(Msg::DismissNotice)));
            move || drop(timer)
        });
    }
    let Some(notice) = &props.notice else {
        return html! { <div class="notice-area" role="status" aria-live="polite"></div> };
    };
    let dismiss = {
        let d = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Msg::DismissNotice))
    };
    let (role, class) = if notice.error {
        ("alert", "notice error")
    } else {
        ("status", "notice")
    };
    html! {
        <div class="notice-area" {role} aria-live={if notice.error { "assertive" } else { "polite" }}>
            <div {class}>
                <span class="notice-text">{ &notice.text }</span>
                <button onclick={dismiss} aria-label="Dismiss message">{ "×" }</button>
            </div>
        </div>
    }
}
