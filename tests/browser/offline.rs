//! Offline and installable: after one visit the service worker has the whole build cached, so
//! with the site unreachable and the browser offline a reload opens the app, restores the
//! board and runs it (from a sub-path); a new build is picked up on the next visit and cached
//! whole, never mixed with the old one; Chromium finds the app installable.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::driver::Browser;
use crate::run::{mode, play_until_handled};
use crate::server::StaticServer;

/// A copy of the built site in a fresh folder (so a test can deploy a "new build" into it).
pub(crate) fn site_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("stormlab-site-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for entry in std::fs::read_dir(crate::dist()).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    }
    dir
}

/// Waits until the service worker controls the page and has cached a build holding the wasm;
/// returns the cached build's page.
fn wait_cached(browser: &Browser) -> String {
    browser.wait_until(
        "the service worker in control",
        "navigator.serviceWorker.controller !== null",
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let page = browser.exec_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
                const keys = (await caches.keys()).filter(k => k.startsWith('stormlab-'));
                if (keys.length !== 1) return null;
                const cache = await caches.open(keys[0]);
                const urls = (await cache.keys()).map(r => r.url);
                if (!urls.some(u => u.endsWith('.wasm'))) return null;
                const page = await cache.match(new URL('./', location.href).href);
                return page ? await page.text() : null;
             })().then(done, () => done(null));",
            json!([]),
        );
        if let Some(page) = page.as_str() {
            return page.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the build was never cached"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Serves `site` at `prefix`, opens it in a fresh browser and opens an example there.
fn visit(site: &Path, prefix: &str, example: &str) -> (StaticServer, Browser) {
    let server = StaticServer::start(site, prefix);
    let browser = Browser::start(1280, 800);
    browser.goto(&server.url);
    browser.find(".toolbar");
    crate::board::choose_example(&browser, example);
    (server, browser)
}

fn go_offline(browser: &Browser, server: &StaticServer) {
    server.set_down(true);
    browser.network(0, 0, true);
}

/// Reloads and waits for the new page to show the board the old one showed: the old document
/// is marked first, so nothing it still shows can satisfy the wait.
fn reload_and_wait(browser: &Browser) {
    let title = browser.text(".board-title").unwrap_or_default();
    browser.exec(
        "document.documentElement.dataset.stormlabOld = 'yes'; location.reload();",
        json!([]),
    );
    browser.wait_until(
        "the board restored on the new page",
        &format!(
            "document.documentElement.dataset.stormlabOld === undefined && document.querySelector('.board-title')?.textContent === {} && document.querySelectorAll('.sticky').length > 8",
            json!(title)
        ),
    );
}

#[test]
fn after_one_visit_the_app_opens_and_runs_offline_from_a_sub_path() {
    let site = site_copy("offline");
    let (server, browser) = visit(&site, "/workshop/stormlab/", "retail");
    wait_cached(&browser);
    // Chromium finds it installable: a manifest with icons, a service worker, its scope.
    let install = browser.cdp("Page.getInstallabilityErrors", json!({}));
    assert_eq!(install["installabilityErrors"], json!([]), "{install}");

    go_offline(&browser, &server);
    let online = browser.exec_async(
        "const done = arguments[arguments.length - 1]; fetch('./index.html', {cache: 'no-store'}).then(() => done('reachable'), () => done('offline'));",
        json!([]),
    );
    assert_eq!(online, json!("offline"), "the site is really unreachable");
    reload_and_wait(&browser);
    mode(&browser, "Run");
    browser.click("button[aria-label=Play]");
    browser.wait_until(
        "messages handled offline",
        "Number(document.querySelector('[data-metric=\"Messages handled\"]')?.textContent) > 5",
    );
    browser.screenshot("offline-run");
    // The exporters run in their own worker, which the service worker cached too.
    crate::run::mode(&browser, "Model");
    browser.click("button[aria-label=Export]");
    browser.wait_until(
        "an export made offline",
        "document.querySelector('.export-text')?.value.startsWith('asyncapi: \"3.0.0\"')",
    );
}

#[test]
fn a_cached_build_opens_its_later_views_without_downloading_them_again() {
    let site = site_copy("again");
    let (server, browser) = visit(&site, "/stormlab/", "retail");
    wait_cached(&browser);
    // The service worker fetched the lazy module and the worker once, to cache them.
    let name = |stem: &str, rest: &str| crate::later_file(&site, stem, rest);
    let (lazy_js, lazy_wasm) = (name("lazy", ".js"), name("lazy", "_bg.wasm"));
    let (worker_js, worker_wasm) = (
        name("format-worker", ".js"),
        name("format-worker", "_bg.wasm"),
    );
    let (lazy, worker) = (server.served(&lazy_wasm), server.served(&worker_wasm));
    assert_eq!((lazy, worker), (1, 1));
    // The next visit (the page from the network, the build already cached): on a slow link,
    // opening Run and Export costs no download of what the cache holds for this very page.
    reload_and_wait(&browser);
    browser.network(150, 200_000, false);
    mode(&browser, "Run");
    play_until_handled(&browser);
    assert_eq!(
        server.served(&lazy_js),
        1,
        "the lazy module's script from the cache"
    );
    assert_eq!(
        server.served(&lazy_wasm),
        lazy,
        "the lazy module's wasm from the cache"
    );
    mode(&browser, "Model");
    browser.click("button[aria-label=Export]");
    browser.wait_until(
        "an export",
        "document.querySelector('.export-text')?.value.startsWith('asyncapi: \"3.0.0\"')",
    );
    assert_eq!(
        server.served(&worker_js),
        1,
        "the worker's script from the cache"
    );
    assert_eq!(
        server.served(&worker_wasm),
        worker,
        "its wasm from the cache"
    );
}

/// Deploys a "new build" into `site`: the page's JavaScript under a new hashed name, a page that
/// names it and carries a build marker, and a lazy module and a format worker that mark
/// themselves, under new hashed names too (with the worker's loader naming its new script).
fn deploy_new_build(site: &Path) {
    let mut page = std::fs::read_to_string(site.join("index.html")).unwrap();
    // Moves `old` to `new`, changed by `change`, and renames it in the page.
    let mut redeploy = |old: String, new: &str, change: &dyn Fn(String) -> String| {
        let text = std::fs::read_to_string(site.join(&old)).unwrap();
        std::fs::remove_file(site.join(&old)).unwrap();
        std::fs::write(site.join(new), change(text)).unwrap();
        page = page.replace(&old, new);
    };
    let js = std::fs::read_dir(site)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .find(|n| n.starts_with("stormlab-app-") && n.ends_with(".js"))
        .unwrap();
    redeploy(js, "stormlab-app-00000000000000b2.js", &|text| text);
    let lazy = crate::later_file(site, "lazy", ".js");
    redeploy(lazy, "lazy-00000000000000b2.js", &|lazy| {
        format!("{lazy}\n;window.stormlabLazyBuild = \"b2\";\n")
    });
    let worker = crate::later_file(site, "format-worker", ".js");
    let new_worker = "format-worker-00000000000000b2.js";
    let loader = crate::later_file(site, "format-worker", "_loader.js");
    let old_worker = worker.clone();
    redeploy(worker, new_worker, &|worker| {
        format!("{worker}\n;addEventListener(\"message\", (e) => e.data === \"which build?\" && postMessage(\"build b2\"));\n")
    });
    redeploy(
        loader,
        "format-worker-00000000000000b2_loader.js",
        &|loader| loader.replace(&old_worker, new_worker),
    );
    let page = page.replace("<title>", "<meta name=stormlab-build content=b2><title>");
    assert!(
        page.contains("stormlab-app-00000000000000b2.js")
            && page.contains("lazy-00000000000000b2.js")
            && page.contains("format-worker-00000000000000b2_loader.js")
            && page.contains("stormlab-build")
    );
    std::fs::write(site.join("index.html"), page).unwrap();
}

/// The build the format worker comes from, started as the page starts it and asked from the
/// inside ("b2" for the new one, whose code answers the question; the first build's answers a
/// question it cannot read with an error).
fn worker_build(browser: &Browser) -> serde_json::Value {
    browser.exec_async(
        "const done = arguments[arguments.length - 1];
         const files = document.querySelector('meta[name=stormlab-later]').content.split(/\\s+/);
         const worker = new Worker('./' + files.find(f => f.startsWith('format-worker-') && f.endsWith('_loader.js')));
         worker.onmessage = (e) => {
             if (e.data === 'ready') return worker.postMessage('which build?');
             done(e.data === 'build b2' ? 'b2' : 'first');
             worker.terminate();
         };
         worker.onerror = () => done('no worker');",
        json!([]),
    )
}

/// The build the lazy module running in the page comes from ("b2" for the new one).
fn lazy_build(browser: &Browser) -> serde_json::Value {
    browser.exec("return window.stormlabLazyBuild ?? 'first';", json!([]))
}

#[test]
fn a_new_build_is_picked_up_on_the_next_visit_and_cached_whole() {
    let site = site_copy("update");
    let (server, browser) = visit(&site, "/stormlab/", "pizza");
    let first = wait_cached(&browser);
    assert!(!first.contains("stormlab-build"));
    // A host that lets browsers keep files an hour: the lazy module, loaded now, is kept.
    server.keep_for(3600);
    mode(&browser, "Run");
    assert_eq!(lazy_build(&browser), json!("first"));
    assert_eq!(worker_build(&browser), json!("first"));

    deploy_new_build(&site);
    reload_and_wait(&browser);
    // The new page gets the new lazy module, not the one the browser kept.
    mode(&browser, "Run");
    assert_eq!(
        lazy_build(&browser),
        json!("b2"),
        "online: the new lazy module"
    );
    let marker = "document.querySelector('meta[name=stormlab-build]')?.content";
    assert_eq!(
        browser.exec(&format!("return {marker};"), json!([])),
        json!("b2"),
        "the new build is served"
    );
    // The new build replaces the old one in the cache, whole.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !wait_cached(&browser).contains("stormlab-build") {
        assert!(
            std::time::Instant::now() < deadline,
            "the new build was never cached"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    go_offline(&browser, &server);
    reload_and_wait(&browser);
    assert_eq!(
        browser.exec(&format!("return {marker};"), json!([])),
        json!("b2"),
        "offline: the new build"
    );
    mode(&browser, "Run");
    assert_eq!(
        lazy_build(&browser),
        json!("b2"),
        "offline: the new lazy module"
    );
    let scripts = browser.exec(
        "return performance.getEntriesByType('resource').map(r => r.name).filter(n => n.endsWith('.js'));",
        json!([]),
    );
    assert!(
        scripts.to_string().contains("00000000000000b2.js"),
        "the new build's script: {scripts}"
    );
}
