//! Entry point of the web app: mounts the Yew root component into the page body.

fn main() {
    stormlab_app::start();
}
