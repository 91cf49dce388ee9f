//! What Stormlab's two wasm modules share, and nothing more: the page (the board editor, the
//! root crate) and the lazy module (the run views and dialogs, `lazy/`) each link this crate,
//! and neither links the other. It holds the messages between them (`lazy_bridge`), the one
//! door to the browser's storage, files and URL (`storage`), the card shown after a panic
//! (`crash`), the handles on the format worker and the live worker (`live`), the settings rows both panels draw from the
//! settings table (`sim_props`), a field that never overwrites what is being typed (`entry`), and the value shared by pointer (`shared`). It depends on no
//! engine, run layer or exporter, so the page cannot link them through it.

pub mod crash;
pub mod entry;
pub mod format_worker;
pub mod later;
pub mod lazy_bridge;
pub mod live;
pub mod shared;
pub mod sim_props;
pub mod storage;
