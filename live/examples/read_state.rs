//! Reads a Yjs update from the file given and prints what board it makes.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(path).unwrap();
    let mut live = stormlab_live::Binding::new(9);
    match live.receive(&bytes) {
        Ok(stormlab_live::Read::Board(b)) => println!(
            "{} stickies, {} links, {:?}",
            b.stickies.len(),
            b.links.len(),
            b.title
        ),
        other => println!("{other:?}"),
    }
}
