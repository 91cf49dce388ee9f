//! A workshop's first hour through `stormlab relay`, timed: 10 participants, each a real
//! session (stormlab-live) on its own WebSocket to a relay on loopback, each adding 100
//! stickies (one every 20 ms, all at once). Prints, over the 1,000 additions, the time until
//! every participant has each one (p50, p95, max) and the bytes sent per addition, to the relay
//! and from it. The participants, the relay and this process share the machine's cores, so the
//! figures include the participants' own work of merging.
//!
//!   cargo run --release -p stormlab-live --example room_bench [PARTICIPANTS] [EACH]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{FutureExt as _, SinkExt, StreamExt};
use stormlab_board::{apply, Action, Board, Kind};
use stormlab_live::{Effect, Session};
use tokio::net::TcpListener;
use tokio_tungstenite::tungstenite::Message as Frame;

/// When each addition was made, and when each participant first showed it.
#[derive(Default)]
struct Times {
    made: HashMap<String, Instant>,
    /// Per addition, when each participant first showed it.
    seen: HashMap<String, HashMap<u64, Instant>>,
    sent_bytes: u64,
    received_bytes: u64,
}

fn clock() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// The page's side: the board it shows and its revision, as the live worker's page keeps them.
struct Page {
    board: Board,
    revision: u64,
    labels: usize,
}

async fn participant(
    url: String,
    me: u64,
    each: usize,
    everyone: usize,
    times: Arc<Mutex<Times>>,
    ready: Arc<tokio::sync::Barrier>,
) {
    let (ws, _) = tokio_tungstenite::connect_async(&url)
        .await
        .expect("the relay takes the connection");
    let (mut sink, mut stream) = ws.split();
    let seed = (me == 0).then(Board::default);
    let mut session = Session::new(me + 1, &format!("P{me}"), "#0969da", seed, 0, clock);
    let mut page = Page {
        board: Board::default(),
        revision: 0,
        labels: 0,
    };
    let mut outgoing: Vec<Vec<u8>> = Vec::new();
    let mut joined = false;
    // Carries out a call's effects: frames to send, boards the page takes.
    let carry = |effects: Vec<Effect>,
                 session: &mut Session,
                 page: &mut Page,
                 outgoing: &mut Vec<Vec<u8>>,
                 joined: &mut bool| {
        let mut pending = effects;
        while !pending.is_empty() {
            for effect in std::mem::take(&mut pending) {
                match effect {
                    Effect::Send(frame) => outgoing.push(frame),
                    Effect::Board { board, after } if after == page.revision => {
                        page.board = *board;
                        page.revision += 1;
                        if page.board.stickies.len() > page.labels {
                            let now = Instant::now();
                            let mut t = times.lock().unwrap();
                            for s in &page.board.stickies {
                                t.seen
                                    .entry(s.label.clone())
                                    .or_default()
                                    .entry(me)
                                    .or_insert(now);
                            }
                            page.labels = page.board.stickies.len();
                        }
                        pending.extend(session.local(&page.board.clone(), page.revision));
                    }
                    Effect::Board { .. } => {}
                    Effect::Joined => *joined = true,
                    Effect::People | Effect::Problem(_) => {}
                }
            }
        }
    };
    carry(
        session.opened(),
        &mut session,
        &mut page,
        &mut outgoing,
        &mut joined,
    );
    let mut made = 0;
    let mut waiting_for_all = false;
    let mut tick = tokio::time::interval(Duration::from_millis(20));
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        for frame in outgoing.drain(..) {
            times.lock().unwrap().sent_bytes += frame.len() as u64;
            sink.send(Frame::Binary(frame.into()))
                .await
                .expect("the relay is there");
        }
        if joined && !waiting_for_all {
            waiting_for_all = true;
            ready.wait().await;
            tick.reset();
        }
        if page.labels >= each * everyone || Instant::now() > deadline {
            break;
        }
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Frame::Binary(bytes))) => {
                    // Whatever else has arrived is handled with it (as the live worker does).
                    let mut batch = vec![bytes];
                    while let Some(Some(Ok(Frame::Binary(more)))) = stream.next().now_or_never() {
                        batch.push(more);
                    }
                    times.lock().unwrap().received_bytes +=
                        batch.iter().map(|b| b.len() as u64).sum::<u64>();
                    let effects = session.frames(batch.iter().map(|b| b.as_ref()));
                    carry(effects, &mut session, &mut page, &mut outgoing, &mut joined);
                }
                Some(Ok(_)) => {}
                _ => break,
            },
            _ = tick.tick(), if waiting_for_all && made < each => {
                let label = format!("p{me}-{made}");
                let action = Action::AddSticky {
                    kind: Kind::Event,
                    x: 200.0 * made as f64,
                    y: 150.0 * me as f64,
                    label: Some(label.clone()),
                    scope: None,
                };
                page.board = apply(&page.board, &action).expect("a sticky goes on the board").board;
                page.revision += 1;
                times.lock().unwrap().made.insert(label, Instant::now());
                let effects = session.local(&page.board.clone(), page.revision);
                carry(effects, &mut session, &mut page, &mut outgoing, &mut joined);
                made += 1;
            }
        }
    }
    let _ = sink.close().await;
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().expect("a number"));
    let everyone = args.next().unwrap_or(10);
    let each = args.next().unwrap_or(100);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let times = Arc::new(Mutex::new(Times::default()));
    let started = Instant::now();
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("ws://{}/bench", listener.local_addr().unwrap());
        tokio::spawn(stormlab_relay::Relay::new(None).serve(listener));
        let ready = Arc::new(tokio::sync::Barrier::new(everyone));
        // The first fills the room; the others join it.
        let first = tokio::spawn(participant(
            url.clone(),
            0,
            each,
            everyone,
            times.clone(),
            ready.clone(),
        ));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut all = vec![first];
        for me in 1..everyone as u64 {
            all.push(tokio::spawn(participant(
                url.clone(),
                me,
                each,
                everyone,
                times.clone(),
                ready.clone(),
            )));
        }
        for p in all {
            p.await.expect("a participant ends");
        }
    });
    let t = times.lock().unwrap();
    let mut waits: Vec<f64> = Vec::new();
    let mut missing = 0;
    for (label, made) in &t.made {
        match t.seen.get(label) {
            Some(seen) if seen.len() == everyone => {
                let last = seen.values().max().unwrap();
                waits.push(last.saturating_duration_since(*made).as_secs_f64() * 1e3);
            }
            _ => missing += 1,
        }
    }
    waits.sort_by(f64::total_cmp);
    let edits = t.made.len() as f64;
    println!("room_participants: {everyone}");
    println!(
        "room_additions: {} ({each} each, one every 20 ms)",
        t.made.len()
    );
    println!("room_missing: {missing} (additions some participant never showed)");
    if !waits.is_empty() {
        println!(
            "room_everyone_has_it_ms: p50 {:.1} p95 {:.1} max {:.1}",
            percentile(&waits, 0.5),
            percentile(&waits, 0.95),
            percentile(&waits, 1.0)
        );
    }
    println!(
        "room_bytes_per_addition: {:.0} to the relay, {:.0} from it (to {} participants)",
        t.sent_bytes as f64 / edits,
        t.received_bytes as f64 / edits,
        everyone
    );
    println!("room_wall_seconds: {:.2}", started.elapsed().as_secs_f64());
    assert_eq!(missing, 0, "every addition reaches every participant");
}
