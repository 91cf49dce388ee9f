//! A global allocator that counts, per thread, the bytes live and the highest count since the
//! last reset, so the suite can say how much memory one input made the code ask for.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counted. Installed with `#[global_allocator]` by the suite's binary.
pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn grow(bytes: usize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(bytes as isize);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn shrink(bytes: usize) {
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(bytes as isize)));
}

/// Starts a new measurement on this thread: the peak becomes what is live now.
pub fn reset_peak() {
    let live = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(live));
}

/// The most bytes this thread held at once since [`reset_peak`], above what it held then.
pub fn peak_since(start: isize) -> u64 {
    PEAK.with(Cell::get).saturating_sub(start).max(0) as u64
}

/// Bytes this thread holds now (allocated minus freed).
pub fn live() -> isize {
    LIVE.with(Cell::get)
}

// SAFETY: every call is forwarded unchanged to the system allocator; the counters are plain
// thread-local cells that never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc_zeroed(layout);
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        shrink(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            shrink(layout.size());
            grow(new_size);
        }
        p
    }
}
