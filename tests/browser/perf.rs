//! Benchmark, not a timed test: drag frame time on a board of 500 stickies and 600 links.
//! It prints the figures; it asserts only that the drag works.

use serde_json::json;
use stormlab_board::{
    format, Board, Context, ContextId, EventProps, Kind, Link, LinkId, Scope, Sticky, StickyId,
};

use crate::driver::Browser;
use crate::server::StaticServer;

/// 100 chains of command -> aggregate -> event -> policy -> command (400 links), plus each
/// event triggering the next chain's policy and each policy feeding the next chain's first
/// command (200 more): 500 stickies, 600 links, in 10 contexts.
pub fn large_board() -> Board {
    let mut board = Board {
        title: "500 stickies".into(),
        ..Board::default()
    };
    let kinds = [
        Kind::Command,
        Kind::Aggregate,
        Kind::Event,
        Kind::Policy,
        Kind::Command,
    ];
    let mut ids = Vec::new();
    for chain in 0..100u32 {
        let row = ids.len();
        ids.push(Vec::new());
        for (k, kind) in kinds.iter().enumerate() {
            let id = StickyId(board.fresh_id());
            board.stickies.push(Sticky {
                id,
                kind: *kind,
                label: format!("{} {chain}-{k}", kind.name()),
                notes: String::new(),
                x: (chain % 10) as f64 * 1_100.0 + k as f64 * 200.0,
                y: (chain / 10) as f64 * 160.0,
                context: None,
                event: (*kind == Kind::Event).then(|| EventProps::new(Scope::Integration)),
                sim: Default::default(),
            });
            ids[row].push(id);
        }
    }
    let link = |board: &mut Board, from: StickyId, to: StickyId| {
        let id = LinkId(board.fresh_id());
        board.links.push(Link { id, from, to });
    };
    for c in 0..100 {
        for k in 0..4 {
            link(&mut board, ids[c][k], ids[c][k + 1]);
        }
        let next = (c + 1) % 100;
        link(&mut board, ids[c][2], ids[next][3]);
        link(&mut board, ids[c][3], ids[next][0]);
    }
    for col in 0..10 {
        let id = ContextId(board.fresh_id());
        board.contexts.push(Context {
            id,
            name: format!("Context {col}"),
            x: col as f64 * 1_100.0 - 30.0,
            y: -60.0,
            w: 1_060.0,
            h: 1_700.0,
            sim: Default::default(),
        });
    }
    board.assign_contexts();
    board
}

#[test]
fn benchmark_drag_frame_time_on_a_large_board() {
    let board = large_board();
    assert_eq!((board.stickies.len(), board.links.len()), (500, 600));
    let server = StaticServer::start(&crate::dist(), "/");
    let browser = Browser::start(1600, 1000);
    browser.goto(&server.url);
    browser.exec(
        "localStorage.setItem('stormlab.board', arguments[0]);",
        json!([format::to_compact_json(&board)]),
    );
    browser.goto(&server.url);
    browser.wait_until(
        "the large board",
        "document.querySelectorAll('.sticky').length === 500",
    );
    let target = browser.exec(
        "const s = [...document.querySelectorAll('.sticky')].find(e => { const r = e.getBoundingClientRect(); return r.x > 300 && r.y > 300 && r.x < 800 && r.y < 600; }); return s ? s.dataset.target : null;",
        json!([]),
    );
    let target = target.as_str().expect("a sticky in view").to_string();
    let result = browser.exec_async(
        r#"
        const done = arguments[arguments.length - 1];
        const id = arguments[0];
        const board = document.querySelector('section.board');
        const sticky = () => document.querySelector(`.sticky[data-target="${id}"]`);
        const yieldTask = () => new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
        (async () => {
            const start = sticky().getBoundingClientRect();
            const x0 = start.x + start.width / 2, y0 = start.y + start.height / 2;
            const opts = (x, y) => ({ bubbles: true, clientX: x, clientY: y, pointerId: 1, button: 0, buttons: 1, isPrimary: true });
            sticky().dispatchEvent(new PointerEvent('pointerdown', opts(x0, y0)));
            await yieldTask();
            const times = [];
            for (let i = 1; i <= 80; i++) {
                const t0 = performance.now();
                board.dispatchEvent(new PointerEvent('pointermove', opts(x0 + i * 3, y0 + i * 2)));
                await yieldTask();
                sticky().getBoundingClientRect(); // Force style and layout: the frame's work.
                times.push(performance.now() - t0);
            }
            board.dispatchEvent(new PointerEvent('pointerup', opts(x0 + 240, y0 + 160)));
            await yieldTask();
            const end = sticky().getBoundingClientRect();
            times.sort((a, b) => a - b);
            const q = p => times[Math.min(times.length - 1, Math.floor(p * times.length))];
            done({ p50: q(0.5), p95: q(0.95), max: times[times.length - 1], moved_x: end.x - start.x, moved_y: end.y - start.y });
        })();
        "#,
        json!([target]),
    );
    println!(
        "drag_frame_ms (500 stickies, 600 links): p50 {:.2} p95 {:.2} max {:.2}",
        result["p50"].as_f64().unwrap_or(f64::NAN),
        result["p95"].as_f64().unwrap_or(f64::NAN),
        result["max"].as_f64().unwrap_or(f64::NAN)
    );
    let moved = (
        result["moved_x"].as_f64().unwrap(),
        result["moved_y"].as_f64().unwrap(),
    );
    assert!(
        moved.0 > 100.0 && moved.1 > 60.0,
        "the sticky followed the drag: {moved:?}"
    );
    browser.screenshot("large-board");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}
