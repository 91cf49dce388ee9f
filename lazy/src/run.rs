//! The Run and Compare views: the board running as a message system, its controls, metrics,
//! log and saga timeline, and two variants side by side. What they show is decided in the
//! `stormlab-run` crate; these components render it and send [`RunMsg`](stormlab_run::RunMsg)s.
//! They belong to the lazy module (`lazy/`, root [`crate::app::LazyApp`]); the page
//! never links them.

mod chart;
mod compare;
pub mod driver;
mod duet;
mod headline;
mod log;
mod metrics;
mod overlay;
mod panel;
mod sagas;
mod save_experiment;
mod sweep;
mod variant_editor;

use std::cell::{Ref, RefCell};
use std::rc::Rc;

pub(super) use compare::CompareView;
pub(super) use headline::Headline;
pub(super) use overlay::{draw, RunOverlay};
pub(super) use panel::RunPanel;

/// A value the app changes and components only read: the app holds it, changes it through
/// [`Watch::change`] (which components see as a new value) or [`Watch::quietly`] (between
/// renders), and components get a clone to [`Watch::get`].
pub struct Watch<T> {
    cell: Rc<RefCell<T>>,
    version: u64,
}

impl<T> Watch<T> {
    /// Watches `value`.
    pub fn new(value: T) -> Watch<T> {
        Watch {
            cell: Rc::new(RefCell::new(value)),
            version: 0,
        }
    }

    /// Reads the value.
    pub fn get(&self) -> Ref<'_, T> {
        self.cell.borrow()
    }

    /// Changes the value; components holding the old clone render again.
    pub fn change<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R {
        self.version += 1;
        f(&mut self.cell.borrow_mut())
    }

    /// Changes the value without telling components (until [`Watch::touch`]).
    pub fn quietly<R>(&mut self, f: impl FnOnce(&mut T) -> R) -> R {
        f(&mut self.cell.borrow_mut())
    }

    /// Tells components the value changed.
    pub fn touch(&mut self) {
        self.version += 1;
    }
}

impl<T> Clone for Watch<T> {
    fn clone(&self) -> Self {
        Watch {
            cell: self.cell.clone(),
            version: self.version,
        }
    }
}

impl<T> PartialEq for Watch<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.cell, &other.cell) && self.version == other.version
    }
}

/// Milliseconds since the page loaded.
pub fn clock() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Bytes of the page's WebAssembly memory (zero off the web).
pub fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}
