//! The files the page loads later (the workers), found by name in the page's list of them
//! (the build gives each a content hash in its name).

/// A file the page loads later, by how its name starts and ends (the build gives it a content
/// hash in between), as the page's list of such files names it: `./NAME`, or `None`.
pub fn file(starts: &str, ends: &str) -> Option<String> {
    gloo::utils::document()
        .query_selector("meta[name=stormlab-later]")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .and_then(|files| {
            files
                .split_whitespace()
                .find(|f| f.starts_with(starts) && f.ends_with(ends))
                .map(|f| format!("./{f}"))
        })
}
