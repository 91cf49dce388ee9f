//! A live room's frames (the Yjs sync and awareness protocols): what real sessions send,
//! cut, flipped, repeated, reordered and noise, fed to the relay's room and to a participant's
//! session. Every frame is handled or refused with a message (the relay then closes that
//! connection), a board the session shows is one a file can hold, the same frames from a
//! view-only link change nothing in the room, and a latecomer still gets the room's state. An
//! input is one frame per line, in hex.

use std::sync::OnceLock;

use stormlab_board::examples::EXAMPLES;
use stormlab_board::{apply, format, Action, ItemId};
use stormlab_engine::rng::Rng;
use stormlab_live::{Effect, Session};
use stormlab_relay::Room;

use super::Outcome;
use crate::mutate::{between, pick};

fn clock() -> u64 {
    1_000
}

/// What real sessions send: one seeding an example board, then editing and pointing.
fn recorded() -> &'static [Vec<Vec<u8>>] {
    static FRAMES: OnceLock<Vec<Vec<Vec<u8>>>> = OnceLock::new();
    FRAMES.get_or_init(|| {
        EXAMPLES
            .iter()
            .map(|e| {
                let board = e.board();
                let mut room = Room::in_memory();
                let (outbox, mut inbox) = tokio::sync::mpsc::unbounded_channel();
                room.join(1, outbox, true)
                    .expect("a room takes a connection");
                let mut session = Session::new(11, "Ada", "#d1242f", Some(board.clone()), 0, clock);
                let mut sent = Vec::new();
                let mut pending = session.opened();
                let mut shown = board.clone();
                for step in 0..3 {
                    while !pending.is_empty() {
                        for effect in std::mem::take(&mut pending) {
                            if let Effect::Send(frame) = effect {
                                room.receive(1, &frame).expect("a real frame is handled");
                                sent.push(frame);
                            }
                        }
                        while let Ok(frame) = inbox.try_recv() {
                            pending.extend(session.frame(&frame));
                        }
                    }
                    pending = match step {
                        0 => {
                            let id = shown.stickies[0].id;
                            let label = format!("{} again", shown.stickies[0].label);
                            shown = apply(&shown, &Action::SetLabel { id, label })
                                .map(|a| a.board)
                                .unwrap_or(shown);
                            session.local(&shown, 1)
                        }
                        _ => session.presence(
                            Some((10.0, 20.0)),
                            &[ItemId::Sticky(shown.stickies[0].id)],
                            Some((vec![ItemId::Sticky(shown.stickies[0].id)], 5.0, 5.0)),
                        ),
                    };
                }
                sent
            })
            .collect()
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A hostile sequence of frames.
pub fn generate(rng: &mut Rng) -> String {
    let mut frames = pick(rng, recorded()).clone();
    for _ in 0..between(rng, 1, 4) {
        let k = between(rng, 0, frames.len() as u64 - 1) as usize;
        match rng.below(7) {
            0 => {
                let frame = &mut frames[k];
                if !frame.is_empty() {
                    let at = between(rng, 0, frame.len() as u64 - 1) as usize;
                    frame[at] ^= 1 << rng.below(8);
                }
            }
            1 => {
                let cut = between(rng, 0, frames[k].len() as u64) as usize;
                frames[k].truncate(cut);
            }
            2 => frames.push(frames[k].clone()),
            3 => {
                let j = between(rng, 0, frames.len() as u64 - 1) as usize;
                frames.swap(k, j);
            }
            4 => {
                frames[k] = (0..between(rng, 0, 64))
                    .map(|_| rng.below(256) as u8)
                    .collect()
            }
            5 => {
                // A length that promises far more than follows.
                frames[k] = vec![0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3];
            }
            _ => frames[k].extend((0..between(rng, 1, 16)).map(|_| rng.below(256) as u8)),
        }
    }
    frames.iter().map(|f| hex(f)).collect::<Vec<_>>().join("\n")
}

fn unhex(line: &str) -> Option<Vec<u8>> {
    let line = line.trim();
    if line.len() % 2 != 0 {
        return None;
    }
    (0..line.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(line.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Feeds the frames to a relay's room and to a participant's session.
pub fn check(input: &str) -> Outcome {
    let Some(frames) = input.lines().map(unhex).collect::<Option<Vec<_>>>() else {
        return Outcome::refused("a live-room case is one frame per line, in hex".into());
    };
    let mut refusal = None;
    // The relay: a refused frame closes its connection (the rest is not read).
    let mut room = Room::in_memory();
    let (outbox, _inbox) = tokio::sync::mpsc::unbounded_channel();
    let _ = room.join(1, outbox, true);
    for frame in &frames {
        if let Err(message) = room.receive(1, frame) {
            refusal = Some(message);
            break;
        }
    }
    room.leave(1);
    // The same frames from a view-only link change nothing in the room.
    let mut watched = Room::in_memory();
    let (outbox, _inbox) = tokio::sync::mpsc::unbounded_channel();
    let _ = watched.join(2, outbox, false);
    let before = watched.snapshot();
    for frame in &frames {
        if watched.receive(2, frame).is_err() {
            break;
        }
    }
    if watched.snapshot() != before {
        return Outcome::Broken("a view-only connection changed the room".into());
    }
    // A participant hearing the same frames: problems are told, never a panic, and every board
    // shown is one a file can hold.
    let mut session = Session::new(22, "Ben", "#0969da", None, 0, clock);
    let _ = session.opened();
    for frame in &frames {
        for effect in session.frame(frame) {
            match effect {
                Effect::Board { mut board, .. } => {
                    if let Err(e) = format::check(&mut board) {
                        return Outcome::Broken(format!(
                            "a session showed a board no file can hold: {}",
                            e.0
                        ));
                    }
                }
                Effect::Problem(message) => {
                    refusal.get_or_insert(message);
                }
                _ => {}
            }
        }
    }
    // A latecomer still gets the room's state, whatever it became, and what it shows is a
    // board a file can hold.
    let (outbox, mut inbox) = tokio::sync::mpsc::unbounded_channel();
    let _ = room.join(2, outbox, true);
    let mut late = Session::new(33, "Cy", "#1a7f37", None, 0, clock);
    for effect in late.opened() {
        if let Effect::Send(frame) = effect {
            if let Err(message) = room.receive(2, &frame) {
                return Outcome::Broken(format!(
                    "the room refused a latecomer's own message: {message}"
                ));
            }
        }
    }
    while let Ok(frame) = inbox.try_recv() {
        for effect in late.frame(&frame) {
            if let Effect::Board { mut board, .. } = effect {
                if let Err(e) = format::check(&mut board) {
                    return Outcome::Broken(format!(
                        "a latecomer was shown a board no file can hold: {}",
                        e.0
                    ));
                }
            }
        }
    }
    match refusal {
        Some(message) => Outcome::refused(message),
        None => Outcome::Accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_real_sessions_send_is_accepted_and_noise_is_refused_with_words() {
        for frames in recorded() {
            let input = frames.iter().map(|f| hex(f)).collect::<Vec<_>>().join("\n");
            assert_eq!(check(&input), Outcome::Accepted);
        }
        assert!(matches!(check("zz"), Outcome::Rejected(_)));
        // A sync message whose update is not one: the relay refuses it with the reason.
        match check("000203ffffff") {
            Outcome::Rejected(m) => assert!(m.contains("update"), "{m}"),
            other => panic!("{other:?}"),
        }
    }
}
