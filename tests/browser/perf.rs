//! Benchmarks, not timed tests: drag frame time on a board of 500 stickies and 600 links;
//! animation frame time with 1,000 messages in flight; a 1,000,000-event run in the page
//! against the engine's native speed, with the page's memory. They print the figures; they
//! assert only that the thing measured happened (the drag moved, 1,000 messages were in
//! flight, the page ran exactly the native run's events).

use serde_json::json;
use stormlab_board::{
    format, Board, Context, ContextId, EventProps, Kind, Link, LinkId, Scope, Sticky, StickyId,
};

use crate::driver::Browser;
use crate::run::{choose_speed, open_in_run_view};
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
                settings: Default::default(),
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
            service: Default::default(),
        });
    }
    board.assign_contexts();
    board
}

/// The app opened on `board`, as if saved in this browser, once every sticky is drawn.
fn open_saved(board: &Board) -> (StaticServer, Browser) {
    let server = StaticServer::start(&crate::dist(), "/");
    let browser = Browser::start(1600, 1000);
    browser.goto(&server.url);
    browser.exec(
        "localStorage.setItem('stormlab.board', arguments[0]);",
        json!([format::to_compact_json(board)]),
    );
    browser.goto(&server.url);
    let n = board.stickies.len();
    browser.wait_until(
        &format!("the {n}-sticky board"),
        &format!("document.querySelectorAll('.sticky').length === {n}"),
    );
    (server, browser)
}

#[test]
fn benchmark_drag_frame_time_on_a_large_board() {
    let board = large_board();
    assert_eq!((board.stickies.len(), board.links.len()), (500, 600));
    let (_server, browser) = open_saved(&board);
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

/// A 2,000-sticky board in the page: how long an edit takes (lint, autosave, render) and how
/// long the Run view takes to open (compile, plan, render). Figures, not a check.
#[test]
fn benchmark_edit_and_compile_on_a_2000_sticky_board() {
    let per_copy = stormlab_board::examples::example("retail")
        .unwrap()
        .board()
        .stickies
        .len();
    let copies = 2_000 / per_copy as u32 + 1;
    let board = stormlab_board::examples::tiled("retail", copies).expect("the retail example");
    let n = board.stickies.len();
    assert!((2_000..2_100).contains(&n), "{n} stickies");
    let (_server, browser) = open_saved(&board);
    let result = browser.exec_async(
        r#"
        const done = arguments[arguments.length - 1];
        const yieldTask = () => new Promise(r => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
        (async () => {
            const edits = [];
            const title = document.querySelector('.props label.field input[type=text]');
            for (let i = 0; i < 7; i++) {
                const t0 = performance.now();
                title.value = 'Board ' + i;
                title.dispatchEvent(new Event('change', { bubbles: true }));
                await yieldTask();
                document.body.getBoundingClientRect();
                edits.push(performance.now() - t0);
            }
            edits.sort((a, b) => a - b);
            const open = (name) => { for (const b of document.querySelectorAll('.mode')) if (b.textContent === name) b.click(); };
            // The first time, the lazy module loads (fetch and compile its wasm) before it compiles the board.
            let t0 = performance.now();
            open('Run');
            while (!document.querySelector('.run-status') && performance.now() - t0 < 20000) await new Promise(r => setTimeout(r, 2));
            document.body.getBoundingClientRect();
            const first = performance.now() - t0;
            open('Model');
            await yieldTask();
            title.value = 'Board again';
            title.dispatchEvent(new Event('change', { bubbles: true }));
            await yieldTask();
            t0 = performance.now();
            open('Run');
            while (document.querySelector('.run-status')?.dataset.status !== 'paused' && performance.now() - t0 < 20000) await new Promise(r => setTimeout(r, 2));
            document.body.getBoundingClientRect();
            const run = performance.now() - t0;
            done({ edit: edits[3], first, run, status: document.querySelector('.run-status')?.dataset.status });
        })();
        "#,
        json!([]),
    );
    println!(
        "board_2000_in_page ({n} stickies): edit (lint, autosave, render) median {:.1} ms; Run view opens (compile, plan, render) in {:.1} ms, the first time (loading the lazy module too) in {:.1} ms",
        result["edit"].as_f64().unwrap_or(f64::NAN),
        result["run"].as_f64().unwrap_or(f64::NAN),
        result["first"].as_f64().unwrap_or(f64::NAN)
    );
    assert_eq!(
        result["status"],
        json!("paused"),
        "the board compiled and is ready to run: {result}"
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

/// The retail example with its customer ordering `rate` times a second for `secs` seconds.
fn busy_retail(rate: f64, secs: f64) -> Board {
    let mut board = stormlab_board::examples::example("retail").unwrap().board();
    for s in board.stickies.iter_mut() {
        s.settings.rate_per_sec = rate;
    }
    board.run.duration_s = secs;
    board
}

#[test]
fn benchmark_animation_frame_time_with_1000_messages_in_flight() {
    let (browser, _url) = open_in_run_view(&busy_retail(400.0, 600.0));
    choose_speed(&browser, "1×");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "1,000 messages in flight",
        "Number(document.querySelector('.run-canvas').dataset.inFlight) >= 1000",
    );
    // Measure 3 s of frames: the app's own work per frame (advance, dots, draw) and the
    // interval between frames as the browser delivers them.
    let result = browser.exec_async(
        r#"
        const done = arguments[arguments.length - 1];
        const canvas = document.querySelector('.run-canvas');
        const intervals = [], flight = [];
        let last = null;
        const start = performance.now();
        const tick = (t) => {
            if (last !== null) intervals.push(t - last);
            last = t;
            flight.push(Number(canvas.dataset.inFlight));
            if (t - start < 3000) requestAnimationFrame(tick);
            else {
                intervals.sort((a, b) => a - b);
                flight.sort((a, b) => a - b);
                const q = (v, p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
                const status = document.querySelector('[data-frame-p95]');
                done({ frames: intervals.length, interval_p50: q(intervals, 0.5), interval_p95: q(intervals, 0.95),
                       work_p95: Number(status.dataset.frameP95), in_flight_min: flight[0], in_flight_median: q(flight, 0.5) });
            }
        };
        requestAnimationFrame(tick);
        "#,
        json!([]),
    );
    println!(
        "animation_frame_ms (>= 1000 messages in flight, median {} min {}): work p95 {:.2}; frame interval p50 {:.2} p95 {:.2} over {} frames",
        result["in_flight_median"], result["in_flight_min"],
        result["work_p95"].as_f64().unwrap_or(f64::NAN),
        result["interval_p50"].as_f64().unwrap_or(f64::NAN),
        result["interval_p95"].as_f64().unwrap_or(f64::NAN),
        result["frames"]
    );
    assert!(
        result["in_flight_median"].as_u64().unwrap() >= 1000,
        "{result}"
    );
    browser.screenshot("run-1000-in-flight");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn benchmark_a_million_event_run_in_the_page() {
    let board = busy_retail(400.0, 500.0);
    // The same run natively, with the release build of the engine's command line: the
    // engine's speed on this machine, and the event count.
    let compiled = stormlab_run::compile::compile(&board, &Default::default()).unwrap();
    let dir = std::env::temp_dir().join(format!("stormlab-perf-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("retail-1m.json");
    std::fs::write(&path, compiled.scenario.to_json()).unwrap();
    let native_run = || {
        let out = std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
            .args([
                "run",
                "-q",
                "--release",
                "-p",
                "stormlab-cli",
                "--bin",
                "stormlab",
                "--",
                "run",
            ])
            .arg(&path)
            .output()
            .expect("run the engine's command line");
        let timing = String::from_utf8_lossy(&out.stderr).into_owned();
        let field = |name: &str| -> f64 {
            timing
                .split_whitespace()
                .skip_while(|w| *w != name)
                .nth(1)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("no {name} in {timing:?}"))
        };
        (field("engine_events:") as u64, field("events_per_sec:"))
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let natives: Vec<(u64, f64)> = (0..3).map(|_| native_run()).collect();
    let events = natives[0].0;
    let native_rate = median(natives.iter().map(|n| n.1).collect());
    assert!(events >= 1_000_000, "the run has {events} events");

    let (browser, _url) = open_in_run_view(&board);
    choose_speed(&browser, "As fast as possible");
    // Three runs in the same page (Reset between them): the first includes the browser's
    // compilation of the engine's hot code to optimised machine code. While each runs: how
    // late a 10 ms timer fires (what input would wait) and the memory.
    let mut rates = Vec::new();
    for run in 1..=3 {
        if run > 1 {
            browser.click("button[aria-label='Reset the run']");
            browser.wait_until(
                "the reset",
                "document.querySelector('.run-status').dataset.status === 'paused'",
            );
        }
        let result = browser.exec_async(
            r#"
            const done = arguments[arguments.length - 1];
            let late = 0, heap = 0, wasm = 0;
            const sample = () => {
                heap = Math.max(heap, performance.memory ? performance.memory.usedJSHeapSize : 0);
                const s = document.querySelector('.run-status');
                wasm = Math.max(wasm, Number(s.dataset.wasmBytes));
            };
            let expected = performance.now() + 10;
            const probe = () => {
                const now = performance.now();
                late = Math.max(late, now - expected);
                sample();
                const f = document.querySelector('[data-fast-events]');
                if (f && document.querySelector('.run-status').dataset.status === 'finished') {
                    done({ events: Number(f.dataset.fastEvents), ms: Number(f.dataset.fastMs), late, heap, wasm });
                    return;
                }
                expected = performance.now() + 10;
                setTimeout(probe, 10);
            };
            document.querySelector('button[aria-label=Play]').click();
            setTimeout(probe, 10);
            "#,
            json!([]),
        );
        let page_events = result["events"].as_u64().unwrap();
        let page_rate = page_events as f64 / result["ms"].as_f64().unwrap() * 1e3;
        let heap = result["heap"].as_f64().unwrap_or(0.0) / 1_048_576.0;
        let wasm = result["wasm"].as_f64().unwrap_or(0.0) / 1_048_576.0;
        println!(
            "page_run {run}: {page_events} events at {:.2} M events/s in the page vs {:.2} M natively (ratio {:.2}); longest wait for a 10 ms timer {:.0} ms; memory: JS heap {heap:.1} MB + wasm {wasm:.1} MB = {:.1} MB",
            page_rate / 1e6,
            native_rate / 1e6,
            page_rate / native_rate,
            result["late"].as_f64().unwrap_or(f64::NAN),
            heap + wasm
        );
        // Same scenario, same seed: the page ran exactly the native run's events.
        assert_eq!(page_events, events);
        rates.push(page_rate);
    }
    let page_rate = median(rates);
    println!(
        "page_run median of 3: {:.2} M events/s vs native median of 3: {:.2} M (ratio {:.2})",
        page_rate / 1e6,
        native_rate / 1e6,
        page_rate / native_rate
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn benchmark_twenty_replications_of_each_example_in_the_page() {
    let mut total = (0.0, 0u64);
    for e in stormlab_board::examples::EXAMPLES {
        let (browser, _) = crate::run::open_example(e.id);
        crate::run::mode(&browser, "Compare");
        browser.exec(
            "const i = document.querySelector('.runs-field input'); i.value = '20'; i.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([]),
        );
        // Timed in the page, from the click to the last run.
        let got = browser.exec_async(
            "const done = arguments[arguments.length - 1];
             const t0 = performance.now();
             document.querySelector('.run-both').click();
             const look = () => {
               const s = document.querySelector('.compare .run-status');
               if (s && s.dataset.status === 'finished' && s.dataset.runs === '20') done([performance.now() - t0, Number(s.dataset.events)]);
               else setTimeout(look, 5);
             };
             look();",
            json!([]),
        );
        let (ms, events) = (got[0].as_f64().unwrap(), got[1].as_f64().unwrap() as u64);
        assert!(events > 0, "{}: the runs ran", e.id);
        println!(
            "replications_page {:<7} 20 runs x 2 variants: {:.1} M events in {:.0} ms ({:.1} M events/s, rendering included)",
            e.id,
            events as f64 / 1e6,
            ms,
            events as f64 / ms / 1e3
        );
        total = (total.0 + ms, total.1 + events);
    }
    println!(
        "replications_page all: {:.1} M events in {:.0} ms ({:.1} M events/s)",
        total.1 as f64 / 1e6,
        total.0,
        total.1 as f64 / total.0 / 1e3
    );
}

#[test]
fn benchmark_a_ten_point_sweep_with_ten_runs_in_the_page() {
    let (browser, _) = crate::run::open_example("review");
    crate::run::mode(&browser, "Compare");
    for (css, value) in [
        (".sweep-setting", "consumers"),
        (".sweep-from", "1"),
        (".sweep-to", "10"),
        (".sweep-steps", "10"),
        (".sweep-runs", "10"),
    ] {
        browser.exec(
            "const i = document.querySelector(arguments[0]); i.value = arguments[1]; i.dispatchEvent(new Event('change', {bubbles: true}));",
            json!([css, value]),
        );
    }
    let ms = browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const t0 = performance.now();
         document.querySelector('.run-sweep').click();
         const look = () => {
           const s = document.querySelector('.sweep-status');
           if (s && s.dataset.status === 'finished') done(performance.now() - t0); else setTimeout(look, 5);
         };
         look();",
        json!([]),
    );
    assert_eq!(browser.count(".sweep-table tbody tr"), 10);
    println!("sweep_page review consumers 1..10, 10 points x 10 runs x 2 variants: {:.0} ms (rendering included)", ms.as_f64().unwrap());
}

/// Time from navigation to the app's first render (the `stormlab-first-render` mark), in a fresh
/// browser with an empty cache: over loopback, then over an emulated "fast 3G" link (150 ms per
/// request, 1.6 Mbit/s), the files served gzipped as a static host serves them.
fn first_render(latency_ms: u32, bytes_per_s: u32) -> (f64, f64) {
    let server = StaticServer::start(&crate::dist(), "/stormlab/");
    let browser = Browser::start(1280, 720);
    if bytes_per_s > 0 {
        browser.network(latency_ms, bytes_per_s, false);
    }
    browser.goto(&server.url);
    browser.wait_until(
        "the first-render mark",
        "performance.getEntriesByName('stormlab-first-render').length > 0",
    );
    let figures = browser.exec(
        "const mark = performance.getEntriesByName('stormlab-first-render')[0];
         const bytes = performance.getEntriesByType('resource')
             .reduce((sum, r) => sum + r.transferSize, 0);
         return [mark.startTime, bytes];",
        json!([]),
    );
    assert!(
        browser.count(".board") == 1,
        "the board is drawn at the first render"
    );
    (figures[0].as_f64().unwrap(), figures[1].as_f64().unwrap())
}

#[test]
fn benchmark_first_render() {
    let (loopback, bytes) = first_render(0, 0);
    let (fast3g, _) = first_render(150, 200_000);
    println!("first_render_ms_loopback: {loopback:.0}");
    println!("first_render_ms_fast3g: {fast3g:.0} (150 ms per request, 1.6 Mbit/s)");
    println!("first_render_transfer_bytes: {bytes:.0} (gzip, resources after the HTML)");
    assert!(bytes > 0.0 && fast3g > loopback);
}
