//! The live session: the dialog that starts one (or joins the room a link names) and then
//! shows the link to share and who is here, and the session itself, held while the page lives:
//! the live worker with the room's document and connection, fed every change of the board.

use stormlab_ui_common::lazy_bridge::LiveState;
use stormlab_ui_common::live::{self, FromLive, Lead, Person, Running, ToLive, COLOURS};
use stormlab_ui_common::storage;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::focus::use_focus_on_open;
use stormlab_ui_common::entry::Entry;

/// A session in progress.
pub struct Session {
    worker: Running,
    /// The link that joins it.
    pub link: String,
    /// The view-only link for the audience (none when this page itself only watches).
    pub view_link: Option<String>,
    /// In step with the room, and how many are here (what the page shows).
    pub state: LiveState,
    /// Who is here, me first.
    pub people: Vec<Person>,
    /// Why the connection is down, while it is.
    pub trouble: Option<String>,
    /// My pointer on the board, as last told to the room.
    pub pointer: Option<(f64, f64)>,
    /// What I am dragging, as last told to the room.
    pub moving: Option<stormlab_ui_common::live::Moving>,
    /// I lead: the others follow my view, presentation step and run.
    pub leading: bool,
    /// I follow whoever leads (on unless I stopped).
    pub following: bool,
    /// What I last told the room to follow, and when (ms).
    pub sent: Option<(Lead, f64)>,
    /// The leader's lead I last followed.
    pub followed: Option<Lead>,
}

impl Session {
    /// Starts the worker and joins `room` on `server` as `name` (bringing `seed` to an empty
    /// room; the page's board is at `revision`); the worker's news goes to `on_news`.
    pub fn start(
        server: &str,
        room: &str,
        name: &str,
        seed: Option<stormlab_board::Board>,
        revision: u64,
        on_news: Callback<FromLive>,
    ) -> Result<Session, String> {
        let worker = Running::start(on_news)?;
        // Everyone starts with the first colour; the later of two who share one moves on to the
        // first free one (see `free_colour`).
        let colour = COLOURS[0];
        worker.send(&ToLive::Join {
            server: server.to_string(),
            room: room.to_string(),
            name: name.to_string(),
            colour: colour.to_string(),
            seed,
            revision,
        });
        let page = gloo::utils::window().location().href().unwrap_or_default();
        let view_only = stormlab_board::room::is_view(room);
        Ok(Session {
            worker,
            link: live::link(&page, server, room),
            view_link: (!view_only).then(|| live::view_link(&page, server, room)),
            state: LiveState {
                view_only,
                ..LiveState::default()
            },
            people: Vec::new(),
            trouble: None,
            pointer: None,
            moving: None,
            leading: false,
            following: true,
            sent: None,
            followed: None,
        })
    }

    /// Tells the worker something.
    pub fn send(&self, message: &ToLive) {
        self.worker.send(message);
    }

    /// Who leads, if someone else does (the lowest client id among leaders).
    pub fn leader(&self) -> Option<&Person> {
        self.people
            .iter()
            .filter(|p| !p.me && p.lead.is_some())
            .min_by_key(|p| p.client)
    }

    /// Tells the room what to follow: at once when the view, the mode, the step or play and
    /// pause changed; when only the run's time moved, every half second (followers keep their
    /// own run in step); `now` in ms.
    pub fn lead(&mut self, lead: Lead, now: f64) {
        let due = match &self.sent {
            None => true,
            Some((last, at)) => {
                let playing = |l: &Lead| l.run.map(|(_, playing)| playing);
                let moved = (last.stage, last.area, last.step, playing(last))
                    != (lead.stage, lead.area, lead.step, playing(&lead));
                moved || (*last != lead && now - at >= 500.0)
            }
        };
        if due {
            self.send(&ToLive::Lead(Some(lead.clone())));
            self.sent = Some((lead, now));
        }
    }
}

/// What the dialog asks about leading and following.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Role {
    /// Ask everyone to follow me.
    Lead,
    /// Stop leading.
    StopLeading,
    /// Follow whoever leads.
    Follow,
    /// Stop following.
    StopFollowing,
}

/// What the dialog starts a session with.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// The y-websocket server (`ws://host:port`).
    pub server: String,
    /// The room to join (none: a new room, filled with this board).
    pub room: Option<String>,
    /// The participant's name.
    pub name: String,
}

/// Props of the live dialog.
#[derive(Properties, PartialEq)]
pub struct LiveDialogProps {
    /// The session, when one is on: its links (to edit, to watch), state, who is here and
    /// trouble.
    pub session: Option<SessionView>,
    /// The room a link named, to join.
    pub invite: Option<(String, String)>,
    /// Start or join.
    pub on_start: Callback<Start>,
    /// Leave the session.
    pub on_leave: Callback<()>,
    /// Lead, follow, or stop.
    pub on_role: Callback<Role>,
    /// I lead; I follow; who leads (someone else).
    pub roles: (bool, bool, Option<String>),
    /// Close the dialog.
    pub on_close: Callback<()>,
}

fn default_server() -> String {
    storage::preference("live-server").unwrap_or_else(|| {
        let host = gloo::utils::window()
            .location()
            .hostname()
            .unwrap_or_default();
        let host = if host.is_empty() {
            "127.0.0.1".to_string()
        } else {
            host
        };
        format!("ws://{host}:1234")
    })
}

/// Leading and following: who leads, and the button that changes it.
fn roles(props: &LiveDialogProps) -> Html {
    let (leading, following, leader) = &props.roles;
    let role = |r: Role| props.on_role.reform(move |_: MouseEvent| r);
    let (text, button, r) = match (leading, leader) {
        (true, _) => (
            "You lead: everyone who follows sees your view, your presentation and your run."
                .to_string(),
            "Stop leading",
            Role::StopLeading,
        ),
        (false, Some(name)) if *following => (
            format!(
                "Following {}: your view, presentation and run follow theirs.",
                live::short_name(name)
            ),
            "Stop following",
            Role::StopFollowing,
        ),
        (false, Some(name)) => (
            format!("{} leads; you are not following.", live::short_name(name)),
            "Follow",
            Role::Follow,
        ),
        (false, None) => (
            "Nobody leads: everyone looks where they like.".to_string(),
            "Ask everyone to follow me",
            Role::Lead,
        ),
    };
    html! {
        <p class="live-role">{ text }{ " " }<button class="live-role-button" onclick={role(r)}>{ button }</button></p>
    }
}

/// What the dialog shows of a session: its links (to edit, to watch), state, who is here and
/// trouble.
pub type SessionView = (
    String,
    Option<String>,
    LiveState,
    Vec<Person>,
    Option<String>,
);

/// A link to share and its Copy button.
fn shared_link(label: &str, class: &'static str, link: &str) -> Html {
    let copy = {
        let link = link.to_string();
        Callback::from(move |_: MouseEvent| storage::copy_text(&link))
    };
    html! {
        <div class="live-share">
            <label class="field">{ label }
                <input class={class} readonly=true value={link.to_string()} />
            </label>
            <button onclick={copy}>{ "Copy" }</button>
        </div>
    }
}

/// The live dialog.
#[function_component]
pub fn LiveDialog(props: &LiveDialogProps) -> Html {
    let dialog = use_focus_on_open(".live-name, .live-leave");
    let name = use_node_ref();
    let server = use_node_ref();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.session {
        Some((link, view_link, state, people, trouble)) => {
            let status = match (trouble, state.joined) {
                (Some(why), _) => format!("Reconnecting: {why}."),
                (None, false) => "Connecting to the room\u{2026}".to_string(),
                (None, true) if state.view_only => {
                    format!("Watching, view-only: {} here.", people.len())
                }
                (None, true) => format!("Live: {} here.", people.len()),
            };
            let edit_label = if state.view_only {
                "This view-only link (whoever opens it watches with you)"
            } else {
                "Link to share (whoever opens it edits this board with you)"
            };
            html! {
                <>
                    <p class="live-status" role="status" data-joined={state.joined.to_string()}>{ status }</p>
                    { shared_link(edit_label, "live-link", link) }
                    if let Some(view) = view_link {
                        { shared_link("View-only link, for the audience (they watch; stormlab relay refuses their edits)", "live-view-link", view) }
                    }
                    <ul class="live-people" aria-label="Who is here">
                        { for people.iter().map(|p| html! {
                            <li class="live-person">
                                <span class="live-dot" style={format!("background:{}", live::safe_colour(&p.colour))} aria-hidden="true"></span>
                                { if p.me { format!("{} (you)", live::short_name(&p.name)) } else { live::short_name(&p.name) } }
                            </li>
                        }) }
                    </ul>
                    // A watcher follows whoever leads, but never leads.
                    if !state.view_only { { roles(props) } }
                    <div class="dialog-buttons">
                        <button class="live-leave" onclick={props.on_leave.reform(|_: MouseEvent| ())}>{ "Leave the session" }</button>
                        <button onclick={close.clone()}>{ "Close" }</button>
                    </div>
                </>
            }
        }
        None => {
            let joining = props.invite.clone();
            let start = {
                let (name, server, on_start, joining) = (
                    name.clone(),
                    server.clone(),
                    props.on_start.clone(),
                    joining.clone(),
                );
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    let value = |r: &NodeRef| {
                        r.cast::<HtmlInputElement>()
                            .map(|i| i.value().trim().to_string())
                            .unwrap_or_default()
                    };
                    let name = value(&name);
                    let name = if name.is_empty() {
                        "Guest".to_string()
                    } else {
                        name
                    };
                    storage::set_preference("live-name", &name);
                    let (server, room) = match &joining {
                        Some((server, room)) => (server.clone(), Some(room.clone())),
                        None => {
                            let server = value(&server);
                            storage::set_preference("live-server", &server);
                            (server, None)
                        }
                    };
                    on_start.emit(Start { server, room, name });
                })
            };
            let intro = match &joining {
                Some((server, room)) => format!("Join the live board {room} on {server}: everyone in it sees every change you make, and you theirs."),
                None => "Turn this board into a room: whoever opens the link edits it with you, live. A room needs a relay: run `stormlab relay` on a machine everyone can reach (or use any y-websocket server) and give its address.".to_string(),
            };
            html! {
                <form onsubmit={start}>
                    <p class="live-intro">{ intro }</p>
                    <label class="field">{ "Your name (the others see it by your pointer)" }
                        <Entry class="live-name" node={name.clone()} form=true maxlength="40" value={storage::preference("live-name").unwrap_or_default()} />
                    </label>
                    if joining.is_none() {
                        <label class="field">{ "Relay address" }
                            <Entry class="live-server" node={server.clone()} form=true value={default_server()} />
                        </label>
                    }
                    <div class="dialog-buttons">
                        <button type="button" onclick={close}>{ "Cancel" }</button>
                        <button type="submit" class="primary live-start">{ if joining.is_some() { "Join" } else { "Start a live session" } }</button>
                    </div>
                </form>
            }
        }
    };
    html! {
        <div class="overlay" role="dialog" aria-modal="true" aria-labelledby="live-title">
            <div class="dialog live-dialog" ref={dialog}>
                <h2 id="live-title">{ "Storm together" }</h2>
                { body }
            </div>
        </div>
    }
}
