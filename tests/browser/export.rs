//! Boards out of the app: the Export dialog (preview, copy, downloads named after the board,
//! SVG and PNG images of every example saved for people to look at), text boards opened with
//! Open, and every Mermaid text parsed and rendered by Mermaid itself (the `mermaid` package
//! pinned in tests/js) in Chromium.

use std::path::PathBuf;

use base64::Engine as _;
use serde_json::json;
use stormlab_board::examples::EXAMPLES;
use stormlab_board::generate::{action, NUMBERS_PER_ACTION};
use stormlab_board::{text, Board, Editor};
use stormlab_export::mermaid::{flowchart, saga_sequences};

use crate::board::{choose_example, fresh, notice, stored_board};
use crate::driver::{Browser, ESCAPE};
use crate::server::StaticServer;

/// Records every blob handed to an object URL and every download: its file name and the URL
/// its link pointed at.
fn capture_downloads(browser: &Browser) {
    browser.exec(
        "window.__blobs = new Map(); window.__saved = [];
         const o = URL.createObjectURL; URL.createObjectURL = (b) => { const url = o.call(URL, b); window.__blobs.set(url, b); return url; };
         const click = HTMLAnchorElement.prototype.click;
         HTMLAnchorElement.prototype.click = function () { if (this.download) window.__saved.push([this.download, this.href]); else click.call(this); };",
        json!([]),
    );
}

/// Download number `count` (from 1): its file name, media type and bytes, read from the very
/// blob its link pointed at. It must arrive: an earlier download is never taken for it.
fn last_download(browser: &Browser, count: usize) -> (String, String, Vec<u8>) {
    let got = browser.exec_async(
        "const [n, done] = [arguments[0], arguments[arguments.length - 1]];
         (async () => {
           for (let i = 0; i < 200 && window.__saved.length < n; i++) await new Promise(r => setTimeout(r, 50));
           if (window.__saved.length < n) { done({missing: window.__saved.length}); return; }
           const [name, url] = window.__saved[n - 1];
           const b = window.__blobs.get(url);
           if (!b) { done({noBlob: name}); return; }
           const bytes = new Uint8Array(await b.arrayBuffer());
           let s = ''; for (const x of bytes) s += String.fromCharCode(x);
           done([name, b.type, btoa(s)]);
         })();",
        json!([count]),
    );
    assert!(
        got.is_array(),
        "download {count} did not arrive as a file from a blob: {got}"
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(got[2].as_str().unwrap())
        .unwrap();
    (
        got[0].as_str().unwrap_or_default().to_string(),
        got[1].as_str().unwrap().to_string(),
        bytes,
    )
}

/// Decodes a whole PNG (every chunk's checksum and the image data) and returns its size; a
/// picture of one colour only is refused (an empty canvas).
fn decode_png(bytes: &[u8], what: &str) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{what}: not a PNG: {e}"));
    let mut pixels = vec![0; reader.output_buffer_size()];
    let frame = reader
        .next_frame(&mut pixels)
        .unwrap_or_else(|e| panic!("{what}: the PNG's image data does not decode: {e}"));
    let data = &pixels[..frame.buffer_size()];
    let step = frame.color_type.samples();
    let first = &data[..step];
    assert!(
        data.chunks(step).any(|p| p != first),
        "{what}: the PNG is one colour ({first:?}): an empty picture"
    );
    (frame.width, frame.height)
}

/// Picks a format and waits for the format worker's answer to show.
fn choose(browser: &Browser, format: &str) {
    browser.click(&format!(".export-formats input[value='{format}']"));
    browser.wait_until(
        "the export",
        &format!("document.querySelector(\".export-preview[data-format='{format}']\")"),
    );
}

fn preview(browser: &Browser) -> String {
    browser
        .exec(
            "return document.querySelector('.export-text')?.value ?? null;",
            json!([]),
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn screenshots() -> PathBuf {
    crate::root().join("target/screenshots")
}

#[test]
fn the_export_dialog_previews_copies_and_downloads_every_format() {
    let (browser, _) = fresh();
    choose_example(&browser, "saga");
    let before = stored_board(&browser);
    capture_downloads(&browser);
    browser.click("button[aria-label=Export]");
    browser.find(".export-dialog");
    browser.wait_until(
        "the first export",
        "document.querySelector(\".export-preview[data-format='asyncapi']\")",
    );
    // The keyboard starts in the dialog, and palette keys typed there add nothing.
    assert_eq!(
        browser.exec("return document.activeElement.value;", json!([])),
        "asyncapi"
    );
    let stickies = browser.count(".sticky");
    browser.type_text("ecap");
    assert_eq!(
        browser.count(".sticky"),
        stickies,
        "shortcuts stay off while the dialog is open"
    );
    assert!(preview(&browser)
        .starts_with("asyncapi: \"3.0.0\"\ninfo:\n  title: Order saga with compensation\n"));
    browser.screenshot("export-dialog");
    let mut downloads = 0;
    for (format, starts, file, mime) in [
        (
            "asyncapi",
            "asyncapi: \"3.0.0\"",
            "order-saga-with-compensation.asyncapi.yaml",
            "application/yaml",
        ),
        (
            "mermaid",
            "flowchart LR",
            "order-saga-with-compensation.mmd",
            "text/vnd.mermaid",
        ),
        (
            "mermaid-saga",
            "sequenceDiagram",
            "order-saga-with-compensation.saga.mmd",
            "text/vnd.mermaid",
        ),
        (
            "text",
            "stormlab 3\nboard \"Order saga with compensation\"",
            "order-saga-with-compensation.stormlab.txt",
            "text/plain",
        ),
        (
            "json",
            "{\n  \"kind\": \"stormlab-board\"",
            "order-saga-with-compensation.json",
            "application/json",
        ),
    ] {
        choose(&browser, format);
        let text = preview(&browser);
        assert!(text.starts_with(starts), "{format}: {text:.80}");
        browser.click(".export-dialog button.primary");
        downloads += 1;
        let (name, blob_type, bytes) = last_download(&browser, downloads);
        assert_eq!(
            (name.as_str(), blob_type.as_str()),
            (file, mime),
            "{format}"
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            text,
            "{format}: the download is the preview"
        );
    }
    // The view of one context.
    choose(&browser, "asyncapi");
    browser.exec(
        "const s = document.querySelector('.export-options select'); s.value = s.options[3].value; s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    browser.wait_until(
        "the view of Payment",
        "document.querySelector('.export-text')?.value.includes('title: \"Order saga with compensation: Payment\"')",
    );
    assert!(browser
        .text(".export-dialog button.primary")
        .unwrap()
        .contains("order-saga-with-compensation.payment.asyncapi.yaml"));
    // Copy puts the preview on the clipboard (or says it tried).
    browser.click(".dialog-buttons button:first-child");
    assert!(
        notice(&browser).starts_with("Copied "),
        "{}",
        notice(&browser)
    );
    // Images: an SVG preview, a PNG at twice the size.
    choose(&browser, "svg");
    browser.find(".export-image");
    browser.click(".export-dialog button.primary");
    downloads += 1;
    let (name, blob_type, svg) = last_download(&browser, downloads);
    assert_eq!(
        (name.as_str(), blob_type.as_str()),
        ("order-saga-with-compensation.svg", "image/svg+xml")
    );
    assert!(String::from_utf8(svg)
        .unwrap()
        .contains(">PlaceOrder</tspan>"));
    choose(&browser, "png");
    browser.click(".export-dialog button.primary");
    downloads += 1;
    let (name, blob_type, png) = last_download(&browser, downloads);
    assert_eq!(
        (name.as_str(), blob_type.as_str()),
        ("order-saga-with-compensation.png", "image/png")
    );
    let (width, height) = decode_png(&png, "the saga's PNG");
    assert!(
        width > 4000 && height > 400,
        "twice the board's size: {width}x{height}"
    );
    assert!(
        notice(&browser).contains("Saved order-saga-with-compensation.png"),
        "{}",
        notice(&browser)
    );
    // Escape closes the dialog; nothing on the board changed.
    browser.press(&[], ESCAPE);
    browser.wait_until(
        "the dialog closed",
        "!document.querySelector('.export-dialog')",
    );
    assert_eq!(stored_board(&browser), before);
}

#[test]
fn every_example_is_saved_as_an_svg_and_a_png_for_people_to_look_at() {
    let (browser, _) = fresh();
    capture_downloads(&browser);
    let mut downloads = 0;
    for e in EXAMPLES {
        choose_example(&browser, e.id);
        browser.click("button[aria-label=Export]");
        choose(&browser, "svg");
        browser.click(".export-dialog button.primary");
        downloads += 1;
        let (name, _, svg) = last_download(&browser, downloads);
        assert!(name.ends_with(".svg"), "{}: {name}", e.id);
        std::fs::create_dir_all(screenshots()).unwrap();
        std::fs::write(screenshots().join(format!("export-{}.svg", e.id)), &svg).unwrap();
        choose(&browser, "png");
        browser.click(".export-dialog button.primary");
        downloads += 1;
        let (name, blob_type, png) = last_download(&browser, downloads);
        assert_eq!(
            (name.as_str(), blob_type.as_str()),
            (
                format!(
                    "{}.png",
                    stormlab_export::names::file_stem(&e.board().title)
                )
                .as_str(),
                "image/png"
            ),
            "{}",
            e.id
        );
        let (width, height) = decode_png(&png, e.id);
        assert!(width >= 400 && height >= 200, "{}: {width}x{height}", e.id);
        std::fs::write(screenshots().join(format!("export-{}.png", e.id)), &png).unwrap();
        browser.click("button[aria-label='Close export']");
        // The SVG on its own in Chromium: well-formed (an XML error shows instead otherwise).
        let svg = String::from_utf8(svg).unwrap();
        let parsed = browser.exec(
            "const d = new DOMParser().parseFromString(arguments[0], 'image/svg+xml'); return d.querySelector('parsererror') ? d.querySelector('parsererror').textContent : d.documentElement.tagName;",
            json!([svg]),
        );
        assert_eq!(parsed, "svg", "{}", e.id);
    }
    // Hostile labels: still a well-formed image, each sticky's text read back the same (its
    // lines joined, spaces aside).
    let board = hostile();
    let svg = stormlab_export::svg::to_svg(&board, &stormlab_export::svg::Options::default());
    let read = browser.exec(
        "const d = new DOMParser().parseFromString(arguments[0], 'image/svg+xml');
         if (d.querySelector('parsererror')) return d.querySelector('parsererror').textContent;
         return [...d.querySelectorAll('g.sticky text.label')].map(t => [...t.querySelectorAll('tspan')].map(s => s.textContent).join(''));",
        json!([svg]),
    );
    let read = read
        .as_array()
        .unwrap_or_else(|| panic!("not well-formed: {read}"));
    assert_eq!(read.len(), board.stickies.len());
    let squash = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    for (s, shown) in board.stickies.iter().zip(read) {
        let shown = shown.as_str().unwrap();
        if !shown.ends_with('…') {
            assert_eq!(squash(shown), squash(&s.label), "the label reads the same");
        }
    }
    // One of them drawn by the browser from the file, as a screenshot.
    browser.goto(&format!(
        "file://{}",
        screenshots().join("export-saga.svg").display()
    ));
    browser.screenshot("export-saga-svg-in-chromium");
}

#[test]
fn a_text_board_opens_and_a_broken_one_is_refused_with_its_line() {
    let (browser, _) = fresh();
    choose_example(&browser, "pizza");
    let before = stored_board(&browser);
    let dir = std::env::temp_dir().join(format!("stormlab-text-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.stormlab.txt");
    std::fs::write(
        &broken,
        "stormlab 1\ncontext \"Kitchen\" {\n  comand \"Bake\"\n}\n",
    )
    .unwrap();
    browser.type_into("input[type=file]", broken.to_str().unwrap());
    // The text format is read in the format worker: the answer comes a moment later.
    browser.wait_until(
        "the reading's answer",
        "document.querySelector('.notice')?.textContent.includes('broken.stormlab.txt')",
    );
    let message = notice(&browser);
    assert!(
        message.contains("Line 3, column 3")
            && message.contains("Did you mean \"command\"?")
            && message.contains("The board was not changed."),
        "{message}"
    );
    assert_eq!(stored_board(&browser), before);
    browser.click(".notice button");
    let good = dir.join("coffee.stormlab.txt");
    std::fs::write(
        &good,
        "board \"Coffee\"\ncontext \"Ordering\" {\n  actor \"Customer\"\n  command \"Order coffee\"\n  aggregate \"Order\"\n  event \"Coffee ordered\" integration\n}\n\"Customer\" -> \"Order coffee\" -> \"Order\" -> \"Coffee ordered\"\n",
    )
    .unwrap();
    browser.type_into("input[type=file]", good.to_str().unwrap());
    browser.wait_until(
        "the text board",
        "document.querySelectorAll('.sticky').length === 4",
    );
    assert_eq!(browser.text(".board-title").as_deref(), Some("Coffee"));
    browser.screenshot("text-board-opened");
}

#[test]
fn an_asyncapi_document_opens_as_a_board_and_a_broken_one_is_refused_with_its_place() {
    let (browser, _) = fresh();
    choose_example(&browser, "pizza");
    let before = stored_board(&browser);
    let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../import/tests/spec/3.0.0")
        .canonicalize()
        .unwrap();
    // The Adeo case study refers to schemas on the web: refused, naming where, board kept.
    let adeo = spec.join("adeo-kafka-request-reply-asyncapi.yml");
    browser.type_into("input[type=file]", adeo.to_str().unwrap());
    browser.wait_until(
        "the import's answer",
        "document.querySelector('.notice')?.textContent.includes('adeo-kafka')",
    );
    let message = notice(&browser);
    assert!(
        message.contains("Could not import")
            && message.contains("channels.costingRequest.messages.costingRequest.payload.schema")
            && message.contains("The board was not changed."),
        "{message}"
    );
    assert_eq!(stored_board(&browser), before);
    browser.click(".notice button");
    // The streetlights example: the service's context, what it receives from outside.
    let lights = spec.join("streetlights-kafka-asyncapi.yml");
    browser.type_into("input[type=file]", lights.to_str().unwrap());
    browser.wait_until(
        "the imported board",
        "document.querySelector('.board-title')?.textContent === 'Streetlights Kafka API'",
    );
    let message = notice(&browser);
    assert!(
        message.contains("Imported the AsyncAPI document"),
        "{message}"
    );
    assert!(message.contains("Assumed on import"), "{message}");
    let frames: Vec<String> = serde_json::from_value(browser.exec(
        "return [...document.querySelectorAll('.context-name')].map(n => n.textContent);",
        json!([]),
    ))
    .unwrap();
    assert!(
        frames.iter().any(|f| f == "Streetlights Kafka API"),
        "{frames:?}"
    );
    assert!(browser.count(".sticky.kind-event") >= 4);
    // What the import assumed is advice on the stickies.
    assert!(browser.count(".lint-badge") >= 4);
    browser.screenshot("asyncapi-imported");
    browser.click(".notice button");
    // Three services' documents and the shared files they refer to, opened together: one board.
    let social = spec.join("social-media");
    let picked: Vec<String> = [
        "backend/asyncapi.yaml",
        "comments-service/asyncapi.yaml",
        "notification-service/asyncapi.yaml",
        "common/messages.yaml",
        "common/schemas.yaml",
        "common/parameters.yaml",
        "common/servers.yaml",
    ]
    .iter()
    .map(|f| social.join(f).to_string_lossy().into_owned())
    .collect();
    browser.type_into("input[type=file]", &picked.join("\n"));
    browser.wait_until(
        "the joined board",
        "document.querySelector('.board-title')?.textContent === 'Imported contracts'",
    );
    let frames: Vec<String> = serde_json::from_value(browser.exec(
        "return [...document.querySelectorAll('.context-name')].map(n => n.textContent);",
        json!([]),
    ))
    .unwrap();
    for c in [
        "Website Backend",
        "Comments Service",
        "Notifications Service",
    ] {
        assert!(frames.iter().any(|f| f == c), "{c} in {frames:?}");
    }
    let message = notice(&browser);
    assert!(
        message.contains("Imported 3 AsyncAPI documents as one board"),
        "{message}"
    );
    browser.screenshot("asyncapi-imported-services");
    // It runs.
    crate::run::mode(&browser, "Run");
    browser.find(".run-panel");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages handled",
        "Number(document.querySelector('[data-metric=\"Messages handled\"]')?.textContent) > 5",
    );
    browser.screenshot("asyncapi-imported-run");
}

/// Boards made by seeded random edits (the same every run).
fn random_boards(n: usize) -> Vec<Board> {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 32) as u32
    };
    (0..n)
        .map(|i| {
            let start = EXAMPLES
                .get(i % (EXAMPLES.len() + 1))
                .map_or_else(Board::default, |e| e.board());
            let mut editor = Editor::new(start);
            for _ in 0..next() % 40 {
                let numbers: Vec<u32> = (0..NUMBERS_PER_ACTION).map(|_| next()).collect();
                let _ = editor.apply(&action(&editor.board, &numbers));
            }
            editor.board
        })
        .collect()
}

/// The examples' board with labels hostile to Mermaid: quotes, markup, new lines, `end`,
/// arrows, directives, right-to-left text.
fn hostile() -> Board {
    let labels = [
        "Order \"placed\" <b>&amp;</b>",
        "line one\nline two",
        "end",
        "A-->B; click A call alert(1)",
        "%%{init: {}}%% `code`",
        "مرحبا بالعالم",
        "[x] {y} |z| #1",
    ];
    let mut b = EXAMPLES[4].board();
    for (i, s) in b.stickies.iter_mut().enumerate() {
        s.label = format!("{} {i}", labels[i % labels.len()]);
    }
    for (i, c) in b.contexts.iter_mut().enumerate() {
        c.name = labels[(i + 2) % labels.len()].to_string();
    }
    b
}

#[test]
fn mermaid_parses_and_renders_every_diagram_and_every_label_reads_the_same() {
    let root = crate::root();
    let mermaid = root.join("tests/js/node_modules/mermaid/dist/mermaid.min.js");
    assert!(
        mermaid.exists(),
        "Mermaid is not installed: run scripts/setup.sh"
    );
    let site = root.join("target/mermaid-check");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::copy(&mermaid, site.join("mermaid.min.js")).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html><meta charset=utf-8><title>Mermaid check</title><script src=\"mermaid.min.js\"></script><body style=\"margin:0;background:#fff\"><div id=out></div></body>").unwrap();
    let mut diagrams: Vec<(String, String, Option<Board>)> = Vec::new();
    for e in EXAMPLES {
        let b = e.board();
        diagrams.push((
            format!("{}-flowchart", e.id),
            flowchart(&b),
            Some(b.clone()),
        ));
        for (i, s) in saga_sequences(&b).into_iter().enumerate() {
            diagrams.push((format!("{}-saga-{i}", e.id), s, None));
        }
    }
    let h = hostile();
    diagrams.push(("hostile-flowchart".into(), flowchart(&h), Some(h.clone())));
    for s in saga_sequences(&h) {
        diagrams.push(("hostile-saga".into(), s, None));
    }
    for (i, b) in random_boards(40).into_iter().enumerate() {
        diagrams.push((format!("random-{i}"), flowchart(&b), None));
        // A board written as text and read back draws the same diagram.
        assert_eq!(
            flowchart(&text::from_text(&text::to_text(&b)).unwrap()),
            flowchart(&text::normalise(&b))
        );
    }
    // Broken diagrams the validator must refuse: else a pass above would prove nothing.
    let retail = flowchart(&EXAMPLES[0].board());
    let cut = retail[..retail.find(" --> ").expect("a link") + 4].to_string();
    let broken = [
        ("a flowchart cut inside a link", cut),
        (
            "an unclosed label",
            "flowchart LR\n  s0[\"never closed\n".to_string(),
        ),
        (
            "a sequence with a broken arrow",
            "sequenceDiagram\n  A-x>>>B: no such arrow\n".to_string(),
        ),
    ];
    let server = StaticServer::start(&site, "/");
    let browser = Browser::start(1600, 1000);
    browser.goto(&server.url);
    browser.wait_until("mermaid", "window.mermaid");
    let mut texts: Vec<&str> = diagrams.iter().map(|d| d.1.as_str()).collect();
    texts.extend(broken.iter().map(|b| b.1.as_str()));
    let results = browser.exec_async(
        "const [texts, done] = [arguments[0], arguments[arguments.length - 1]];
         (async () => {
           mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
           const out = [];
           for (let i = 0; i < texts.length; i++) {
             try {
               await mermaid.parse(texts[i]);
               const { svg } = await mermaid.render('d' + i, texts[i]);
               const box = document.createElement('div');
               box.innerHTML = svg;
               const nodes = {};
               for (const n of box.querySelectorAll('g.node')) {
                 const id = (n.id.match(/flowchart-(s\\d+)-/) || [])[1];
                 for (const br of n.querySelectorAll('br')) br.replaceWith('\\n');
                 if (id) nodes[id] = n.textContent;
               }
               out.push({ ok: true, nodes, svg });
             } catch (e) {
               out.push({ ok: false, error: String(e && e.message || e) });
             }
           }
           done(out);
         })();",
        json!([texts]),
    );
    let results = results.as_array().expect("one result per diagram");
    assert_eq!(results.len(), diagrams.len() + broken.len());
    let (results, refused) = results.split_at(diagrams.len());
    for ((what, text), r) in broken.iter().zip(refused) {
        assert_eq!(r["ok"], false, "Mermaid took {what}:\n{text}");
    }
    for ((name, text, board), r) in diagrams.iter().zip(results) {
        assert_eq!(r["ok"], true, "{name}: {}\n{text}", r["error"]);
        if let Some(board) = board {
            for (i, s) in board.stickies.iter().enumerate() {
                let shown = r["nodes"][format!("s{i}")]
                    .as_str()
                    .unwrap_or_else(|| panic!("{name}: node s{i} not drawn"));
                let squash = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(
                    squash(shown),
                    squash(&s.label),
                    "{name}: the label reads the same"
                );
            }
        }
    }
    // The retail flowchart and the saga's sequence, drawn by Mermaid, for people to look at.
    for (name, index) in [
        ("mermaid-retail-flowchart", 0),
        (
            "mermaid-saga-sequence",
            diagrams.iter().position(|d| d.0 == "saga-saga-0").unwrap(),
        ),
    ] {
        let svg = results[index]["svg"].as_str().unwrap();
        browser.exec(
            "document.getElementById('out').innerHTML = arguments[0];",
            json!([svg]),
        );
        browser.screenshot(name);
    }
    println!("mermaid: {} diagrams parsed and rendered", diagrams.len());
}
