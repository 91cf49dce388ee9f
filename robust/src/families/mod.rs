//! The families of hostile input: what each generates from valid seeds and what it checks.

pub mod asyncapi;
pub mod board_file;
pub mod live_room;
pub mod playback;
pub mod scenario;
pub mod share_link;
pub mod text_board;

use stormlab_engine::rng::Rng;

/// What checking one input found (a panic is caught by the runner).
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Loaded (and ran), and everything it promises held.
    Accepted,
    /// Refused with this message.
    Rejected(String),
    /// Loaded, but a promise broke: a round trip changed it, a count went missing, time ran
    /// backwards, a refusal came without a message.
    Broken(String),
}

impl Outcome {
    /// A refusal, which must say something.
    pub fn refused(message: String) -> Outcome {
        if message.trim().is_empty() {
            Outcome::Broken("refused without a message".into())
        } else {
            Outcome::Rejected(message)
        }
    }
}

/// One family of inputs.
pub struct Family {
    /// Short name, also the folder of its regression cases.
    pub name: &'static str,
    /// What it feeds, for the report.
    pub what: &'static str,
    /// Makes one input.
    pub generate: fn(&mut Rng) -> String,
    /// Feeds one input to the code under test.
    pub check: fn(&str) -> Outcome,
}

/// Every family, in report order.
pub const FAMILIES: [Family; 7] = [
    Family {
        name: "board-file",
        what: "board files: load, save, reload, share, lint",
        generate: board_file::generate,
        check: board_file::check,
    },
    Family {
        name: "share-link",
        what: "share links: cut, flipped, deflate bombs, hostile boards",
        generate: share_link::generate,
        check: share_link::check,
    },
    Family {
        name: "scenario",
        what: "engine scenarios: parse, plan, run, audit",
        generate: scenario::generate,
        check: scenario::check,
    },
    Family {
        name: "playback",
        what: "boards compiled and played as the Run and Compare views do",
        generate: playback::generate,
        check: playback::check,
    },
    Family {
        name: "text-board",
        what: "text boards: read, refuse with a place, round trip, export",
        generate: text_board::generate,
        check: text_board::check,
    },
    Family {
        name: "live-room",
        what: "a live room's Yjs frames: to the relay, a session and a latecomer",
        generate: live_room::generate,
        check: live_room::check,
    },
    Family {
        name: "asyncapi",
        what: "AsyncAPI documents: import, save, share, compile",
        generate: asyncapi::generate,
        check: asyncapi::check,
    },
];
