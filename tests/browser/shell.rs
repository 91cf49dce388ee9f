//! The application shell loads cleanly, from the site root and from a sub-path.

use crate::driver::Browser;
use crate::server::StaticServer;

fn open_shell(prefix: &str) -> Browser {
    let server = StaticServer::start(&crate::dist(), prefix);
    let browser = Browser::start(1600, 1000);
    browser.goto(&server.url);
    browser.wait_until("the app title", "document.querySelector('.app-title')");
    browser
}

#[test]
fn shell_renders_from_a_sub_path_without_console_errors() {
    let browser = open_shell("/stormlab/");
    assert_eq!(browser.text(".app-title").as_deref(), Some("Stormlab"));
    assert!(
        browser.text("[aria-label='Board']").is_some(),
        "board area missing"
    );
    assert!(
        browser.text("[aria-label='Side panel']").is_some(),
        "side panel missing"
    );
    let footer = browser.text(".app-footer").expect("footer");
    assert!(
        footer.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))),
        "footer shows no version: {footer:?}"
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    browser.screenshot("shell");
}

#[test]
fn shell_renders_from_the_site_root() {
    let browser = open_shell("/");
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let title = browser.exec("return document.title;", serde_json::json!([]));
    assert_eq!(title, "Stormlab");
}
