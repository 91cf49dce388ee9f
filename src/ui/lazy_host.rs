//! The page's side of its lazy module (see [`stormlab_ui_common::lazy_bridge`]): the places the module draws
//! into, loading it the first time a view it holds opens, and keeping it in step: after every
//! render the page sends the board and the scene if they differ from what the module last got.
//!
//! The page and the module are separate Yew instances that brand DOM nodes under the same
//! property names; their event handling stays apart because the module's nodes sit in portal
//! subtrees, whose ids differ from the page's one root. So the page itself must not use portals:
//! `clippy.toml` forbids them in every crate but the lazy module, and the test command runs clippy
//! with warnings as errors.

use stormlab_board::Board;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

use stormlab_ui_common::lazy_bridge::{encode, FromLazy, Hosts, Place, Scene, Stage, ToLazy};

#[wasm_bindgen]
extern "C" {
    /// Loads the lazy module's script and wasm and resolves to its exports (defined in
    /// index.html, next to the file names trunk gives them).
    #[wasm_bindgen(js_name = stormlabLoadLazy, catch)]
    fn load_lazy() -> Result<js_sys::Promise, JsValue>;
}

/// Where the lazy module is.
enum Status {
    /// Not asked for yet (or the last attempt failed: the next view switch tries again).
    Idle,
    Loading,
    /// Started; its `send` export.
    Ready(js_sys::Function),
}

/// The page's handle on its lazy module.
pub struct LazyHost {
    /// Where the module mounts its root (never in the document: it draws through portals).
    root: Element,
    /// The places it draws into, which the page's views embed.
    hosts: Hosts,
    status: Status,
    /// The board revision the app last got.
    sent_revision: Option<u64>,
    /// The scene the app last got.
    sent_scene: Option<Scene>,
    /// Play once the app shows the Run view (the presentation's last step).
    play_on_show: bool,
    on_loaded: Callback<Result<JsValue, String>>,
    on_page: Closure<dyn Fn(String)>,
}

fn host(class: &str) -> Element {
    let element = gloo::utils::document()
        .create_element("div")
        .expect_throw("a document can create a div");
    element.set_class_name(class);
    element
}

fn message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

impl LazyHost {
    /// A handle that has not loaded anything yet: `on_loaded` hears when loading ends (with the
    /// module's exports, or why not), `on_request` gets each request of the module.
    pub fn new(
        on_loaded: Callback<Result<JsValue, String>>,
        on_request: Callback<Result<FromLazy, String>>,
    ) -> LazyHost {
        let on_page = Closure::<dyn Fn(String)>::new(move |text: String| {
            on_request.emit(stormlab_ui_common::lazy_bridge::decode(&text));
        });
        LazyHost {
            root: host("lazy-root"),
            hosts: Hosts::new(|_| host("lazy-host")),
            status: Status::Idle,
            sent_revision: None,
            sent_scene: None,
            play_on_show: false,
            on_loaded,
            on_page,
        }
    }

    /// Whether the module is started.
    pub fn ready(&self) -> bool {
        matches!(self.status, Status::Ready(_))
    }

    /// Starts loading the module unless it is loaded or loading.
    pub fn want(&mut self) {
        if !matches!(self.status, Status::Idle) {
            return;
        }
        let promise = match load_lazy() {
            Ok(promise) => promise,
            Err(e) => return self.on_loaded.emit(Err(message(&e))),
        };
        self.status = Status::Loading;
        let (done, failed) = (self.on_loaded.clone(), self.on_loaded.clone());
        let resolve = Closure::<dyn FnMut(JsValue)>::new(move |exports| done.emit(Ok(exports)));
        let reject = Closure::<dyn FnMut(JsValue)>::new(move |e| failed.emit(Err(message(&e))));
        let _ = promise.then2(&resolve, &reject);
        // One of them runs, once, while the page lives: two small closures per attempt.
        resolve.forget();
        reject.forget();
    }

    /// Starts the loaded module with its places; an error (an export missing) leaves it unloaded.
    pub fn loaded(&mut self, exports: Result<JsValue, String>) -> Result<(), String> {
        let started = exports.and_then(|exports| {
            let get = |name: &str| {
                js_sys::Reflect::get(&exports, &name.into())
                    .ok()
                    .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                    .ok_or_else(|| format!("its script has no `{name}`"))
            };
            let (start, send) = (get("start")?, get("send")?);
            start
                .call3(
                    &JsValue::NULL,
                    &self.root,
                    &self.hosts.to_js(),
                    self.on_page.as_ref(),
                )
                .map_err(|e| message(&e))?;
            Ok(send)
        });
        match started {
            Ok(send) => {
                self.status = Status::Ready(send);
                (self.sent_revision, self.sent_scene) = (None, None);
                Ok(())
            }
            Err(e) => {
                self.status = Status::Idle;
                Err(e)
            }
        }
    }

    /// Sends a message now if the module is started (and says whether it was).
    pub fn send(&self, to_lazy: &ToLazy) -> Result<bool, String> {
        let Status::Ready(send) = &self.status else {
            return Ok(false);
        };
        let text = JsValue::from_str(&encode(to_lazy));
        send.call1(&JsValue::NULL, &text).map_err(|e| message(&e))?;
        Ok(true)
    }

    /// Plays once the Run view shows (at once if it does), or no longer.
    pub fn play_on_show(&mut self, play: bool) {
        self.play_on_show = play;
    }

    /// Sends the board (at `revision`) and the scene if the module is behind, then a pending
    /// play. The board goes only while the module shows something: edits in the Model view
    /// cost nothing.
    pub fn sync(&mut self, board: &Board, revision: u64, scene: Scene) -> Result<(), String> {
        if !self.ready() {
            return Ok(());
        }
        let scene = scene.relevant();
        // The board first: the scene that opens the Run view then runs this board.
        if scene.shows_anything() && self.sent_revision != Some(revision) {
            let board = board.clone();
            self.send(&ToLazy::Board { board, revision })?;
            self.sent_revision = Some(revision);
        }
        let run_shows = scene.stage == Stage::Run;
        if self.sent_scene.as_ref() != Some(&scene) {
            self.send(&ToLazy::Scene(scene.clone()))?;
            self.sent_scene = Some(scene);
        }
        if self.play_on_show && run_shows {
            self.play_on_show = false;
            self.send(&ToLazy::Play)?;
        }
        Ok(())
    }

    /// The page's element for `place` (the module draws into it).
    pub fn place(&self, place: Place) -> Html {
        Html::VRef(self.hosts.get(place).clone().into())
    }
}
