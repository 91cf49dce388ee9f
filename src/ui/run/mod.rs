//! The Run and Compare views: the board running as a message system, its controls, metrics,
//! log and saga timeline, and two variants side by side.

mod chart;
mod compare;
mod driver;
mod log;
mod metrics;
mod overlay;
mod panel;
mod runner;
mod sagas;

use std::cell::RefCell;
use std::rc::Rc;

pub use compare::CompareView;
pub use driver::start;
pub use overlay::RunOverlay;
pub use panel::RunPanel;
pub use runner::Runner;

/// The runner shared by the Run view's parts, compared by pointer.
#[derive(Clone)]
pub struct RunHandle(pub Rc<RefCell<Runner>>);

impl PartialEq for RunHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
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

/// Simulated microseconds as seconds for people: "12.345 s".
pub fn secs(us: u64) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// Microseconds as milliseconds for people: "3.2 ms".
pub fn ms(us: f64) -> String {
    if us >= 100_000.0 {
        format!("{:.0} ms", us / 1e3)
    } else {
        format!("{:.1} ms", us / 1e3)
    }
}
