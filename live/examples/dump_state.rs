//! Writes the retail example as a Yjs update (the whole document) to the file given, for
//! reading with Yjs in JavaScript.
fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let board = stormlab_board::examples::EXAMPLES
        .iter()
        .find(|e| e.id == "retail")
        .unwrap()
        .board();
    let mut live =
        stormlab_live::Binding::new(std::env::args().nth(2).map_or(7, |c| c.parse().unwrap()));
    live.write(&board);
    std::fs::write(path, live.state()).unwrap();
}
