//! Board to scenario: the examples compile and run, each rule of the mapping, and every problem.

use stormlab_board::action::{apply, Action};
use stormlab_board::examples::{example, EXAMPLES};
use stormlab_board::settings::Outcome;
use stormlab_board::{Board, Kind, Rect, Scope, StickyId};
use stormlab_engine::scenario::{Delivery, PayloadStyle, SagaMode};
use stormlab_engine::Simulation;
use stormlab_run::compile::{compile, Compiled, Problem};
use stormlab_run::experiment;
use stormlab_run::metrics::Totals;
use stormlab_run::variant::Variant;

fn build(id: &str) -> Board {
    example(id).expect("example").board()
}

fn ok(board: &Board) -> Compiled {
    match compile(board, &Variant::default()) {
        Ok(c) => c,
        Err(problems) => panic!("{problems:#?}"),
    }
}

fn problems(board: &Board) -> Vec<Problem> {
    compile(board, &Variant::default()).expect_err("the board should not compile")
}

fn find(board: &Board, label: &str) -> StickyId {
    board
        .stickies
        .iter()
        .find(|s| s.label == label)
        .unwrap_or_else(|| panic!("no sticky {label:?}"))
        .id
}

#[test]
fn every_example_compiles_and_runs() {
    for ex in EXAMPLES {
        let board = ex.board();
        let c = ok(&board);
        let mut sim = Simulation::new(&c.scenario, 7).expect("valid scenario");
        sim.run_until(20_000_000);
        let report = sim.report();
        let handled: u64 = report.subscriptions.iter().map(|s| s.stats.processed).sum();
        let sagas: u64 = report.sagas.iter().map(|s| s.stats.started).sum();
        assert!(handled + sagas > 0, "{}: nothing happened", ex.id);
        // Both sides of the ready experiment compile too.
        let exp = experiment::for_board(&board).expect("experiment");
        compile(&board, &exp.a).expect("variant a");
        compile(&board, &exp.b).expect("variant b");
    }
}

#[test]
fn retail_maps_contexts_events_policies_and_actors() {
    let board = build("retail");
    let c = ok(&board);
    let s = &c.scenario;
    let names: Vec<&str> = s.services.iter().map(|x| x.name.as_str()).collect();
    assert_eq!(
        names,
        ["Order management", "Inventory", "Payment", "Shipping"]
    );
    let topics: Vec<&str> = s.topics.iter().map(|t| t.name.as_str()).collect();
    for t in [
        "OrderPlaced",
        "StockReserved",
        "StockNotAvailable",
        "PaymentConfirmed",
        "ShipmentCreated",
    ] {
        assert!(topics.contains(&t), "{t} missing from {topics:?}");
    }
    // The customer issues PlaceOrder in Order management.
    assert_eq!(s.workloads.len(), 1);
    assert_eq!(s.workloads[0].service, "Order management");
    assert_eq!(s.workloads[0].handler, "PlaceOrder");
    // A policy is a subscription of the command's service to the event's topic.
    let reserve = s
        .subscriptions
        .iter()
        .find(|x| x.handler == "ReserveStock")
        .unwrap();
    assert_eq!(reserve.topic, "OrderPlaced");
    assert_eq!(reserve.service, "Inventory");
    // The aggregate's two events are alternatives with their weights.
    let inventory = &s.services[1];
    let h = inventory
        .handlers
        .iter()
        .find(|h| h.name == "ReserveStock")
        .unwrap();
    assert!(h.emits.is_empty());
    assert_eq!(h.outcomes.len(), 2);
    assert_eq!(h.outcomes[0].emits, ["StockReserved"]);
    // The read model is a projection subscription with queries, in its own context.
    let status = s
        .subscriptions
        .iter()
        .find(|x| x.read_model.is_some())
        .unwrap();
    assert_eq!(status.topic, "ShipmentCreated");
    assert_eq!(status.service, "Order management");
    // The map leads back to the board.
    let sub = s
        .subscriptions
        .iter()
        .position(|x| x.handler == "ReserveStock")
        .unwrap();
    assert_eq!(
        c.map.subscriptions[sub],
        find(&board, "Whenever an order is placed, reserve its items")
    );
    assert_eq!(c.map.sub_commands[sub], Some(find(&board, "ReserveStock")));
    let t = s
        .topics
        .iter()
        .position(|t| t.name == "OrderPlaced")
        .unwrap();
    assert_eq!(c.map.topics[t], find(&board, "OrderPlaced"));
    assert_eq!(c.map.emitters[t], [find(&board, "Order")]);
}

#[test]
fn the_saga_example_becomes_a_saga_with_compensations_in_context_order() {
    let board = build("saga");
    let c = ok(&board);
    let s = &c.scenario;
    assert_eq!(s.sagas.len(), 1, "{:#?}", s.sagas);
    let saga = &s.sagas[0];
    assert_eq!(saga.mode, SagaMode::Orchestration);
    assert_eq!(saga.coordinator.as_deref(), Some("Orders"));
    let steps: Vec<(&str, &str, &str)> = saga
        .steps
        .iter()
        .map(|x| (x.name.as_str(), x.service.as_str(), x.compensation.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("PlaceOrder", "Orders", "CancelOrder"),
            ("ReserveInventory", "Inventory", "ReleaseInventory"),
            ("ChargePayment", "Payment", "(none drawn)"),
            ("ConfirmOrder", "Orders", "(none drawn)"),
        ]
    );
    // The failure event's weight becomes the payment step's failure rate.
    assert!((saga.steps[2].failure_rate - 0.1).abs() < 1e-9);
    // The saga replaces the customer's workload, and its commands are not also run by
    // subscriptions (that would run the flow twice).
    assert!(s.workloads.is_empty());
    assert!(s
        .subscriptions
        .iter()
        .all(|x| x.handler != "ReserveInventory"));
    assert_eq!(c.map.saga_steps[0][1], find(&board, "ReserveInventory"));
    assert_eq!(
        c.map.saga_compensations[0][1],
        Some(find(&board, "ReleaseInventory"))
    );
}

#[test]
fn a_consumers_retry_back_off_reaches_the_engine() {
    let mut board = build("pizza");
    let policy = board
        .stickies
        .iter()
        .position(|s| s.kind == Kind::Policy)
        .unwrap();
    board.stickies[policy].settings.retry_backoff_ms = 250.0;
    let c = ok(&board);
    let backoffs: Vec<u64> = c
        .scenario
        .subscriptions
        .iter()
        .map(|s| s.retry.backoff_us)
        .collect();
    assert!(backoffs.contains(&250_000), "{backoffs:?}");
    assert!(
        backoffs.contains(&100_000),
        "the others keep the default: {backoffs:?}"
    );
    // And through a variant, by the same key.
    let c = compile(&board, &Variant::with("retry_backoff_ms=40")).unwrap();
    assert!(c
        .scenario
        .subscriptions
        .iter()
        .all(|s| s.retry.backoff_us == 40_000));
}

#[test]
fn variants_override_every_subscription_event_and_service() {
    let board = build("review");
    let poll = Variant {
        payload: Some(stormlab_board::Payload::Fat),
        ..Variant::with("delivery=poll idempotent ordered=false")
    };
    let c = compile(&board, &poll).unwrap();
    assert!(c.scenario.subscriptions.iter().all(|s| {
        matches!(
            s.delivery,
            Delivery::Poll {
                interval_us: 500_000,
                batch: 50
            }
        ) && s.idempotent
            && !s.ordered
    }));
    let published = c
        .scenario
        .topics
        .iter()
        .find(|t| t.name == "ReviewPublished")
        .unwrap();
    assert_eq!(published.payload.style, PayloadStyle::Fat);
    let drawn = ok(&board);
    let published = drawn
        .scenario
        .topics
        .iter()
        .find(|t| t.name == "ReviewPublished")
        .unwrap();
    assert_eq!(published.payload.style, PayloadStyle::Notification);
    assert_eq!(published.payload.state_bytes, 36 + 120 + 12_000);
}

#[test]
fn an_outage_variant_takes_the_named_context_down() {
    let board = build("saga");
    let exp = experiment::for_board(&board).unwrap();
    let c = compile(&board, &exp.b).unwrap();
    let payment = c
        .scenario
        .services
        .iter()
        .find(|s| s.name == "Payment")
        .unwrap();
    assert_eq!(payment.downtime.len(), 1);
    assert_eq!(payment.downtime[0].from_us, 10_000_000);
}

fn add(board: &Board, kind: Kind, label: &str, x: f64, y: f64) -> (Board, StickyId) {
    let a = apply(
        board,
        &Action::AddSticky {
            kind,
            x,
            y,
            label: Some(label.into()),
            scope: Some(Scope::Integration),
        },
    )
    .unwrap();
    let id = match a.created {
        Some(stormlab_board::ItemId::Sticky(id)) => id,
        other => panic!("{other:?}"),
    };
    (a.board, id)
}

fn connect(board: &Board, from: StickyId, to: StickyId) -> Board {
    apply(board, &Action::Connect { from, to }).unwrap().board
}

fn frame(board: &Board, name: &str, x: f64) -> Board {
    apply(
        board,
        &Action::AddContext {
            name: name.into(),
            rect: Rect {
                x,
                y: 0.0,
                w: 900.0,
                h: 400.0,
            },
        },
    )
    .unwrap()
    .board
}

/// Actor → command → aggregate → event, inside one context.
fn minimal() -> (Board, [StickyId; 4]) {
    let b = frame(&Board::default(), "Sales", 0.0);
    let (b, actor) = add(&b, Kind::Actor, "Clerk", 20.0, 100.0);
    let (b, cmd) = add(&b, Kind::Command, "Sell", 200.0, 100.0);
    let (b, agg) = add(&b, Kind::Aggregate, "Sale", 400.0, 100.0);
    let (b, ev) = add(&b, Kind::Event, "Sold", 600.0, 100.0);
    let b = connect(&b, actor, cmd);
    let b = connect(&b, cmd, agg);
    let b = connect(&b, agg, ev);
    (b, [actor, cmd, agg, ev])
}

#[test]
fn a_minimal_board_runs() {
    let (b, _) = minimal();
    let c = ok(&b);
    assert_eq!(c.scenario.topics.len(), 1);
    assert_eq!(c.scenario.workloads.len(), 1);
    let mut sim = Simulation::new(&c.scenario, 1).unwrap();
    sim.run_until(5_000_000);
    assert!(sim.report().workloads[0].stats.ok > 0);
}

fn has(problems: &[Problem], sticky: Option<StickyId>, text: &str) {
    assert!(
        problems
            .iter()
            .any(|p| p.sticky == sticky && p.message.contains(text)),
        "no problem {text:?} on {sticky:?} in {problems:#?}"
    );
}

#[test]
fn an_empty_board_says_nothing_starts_the_flow() {
    let p = problems(&Board::default());
    has(&p, None, "Nothing starts the flow");
}

#[test]
fn a_command_handled_by_nothing_is_reported_on_the_command() {
    let b = frame(&Board::default(), "Sales", 0.0);
    let (b, actor) = add(&b, Kind::Actor, "Clerk", 20.0, 100.0);
    let (b, cmd) = add(&b, Kind::Command, "Sell", 200.0, 100.0);
    let b = connect(&b, actor, cmd);
    has(&problems(&b), Some(cmd), "handled by nothing");
}

#[test]
fn a_command_outside_every_context_is_reported() {
    let (b, [_, cmd, agg, _]) = minimal();
    let mut b = b;
    b.contexts.clear();
    b.assign_contexts();
    let p = problems(&b);
    has(&p, Some(cmd), "outside any bounded context");
    let _ = agg;
}

#[test]
fn an_aggregate_with_several_commands_and_events_is_ambiguous() {
    let (b, [_, _, agg, _]) = minimal();
    let (b, p) = add(&b, Kind::Policy, "When sold, refund", 20.0, 250.0);
    let (b, refund) = add(&b, Kind::Command, "Refund", 200.0, 250.0);
    let (b, refunded) = add(&b, Kind::Event, "Refunded", 600.0, 250.0);
    let sold = find(&b, "Sold");
    let b = connect(&b, sold, p);
    let b = connect(&b, p, refund);
    let b = connect(&b, refund, agg);
    let b = connect(&b, agg, refunded);
    has(&problems(&b), Some(agg), "give each command its own");
}

#[test]
fn a_policy_without_a_command_and_an_event_without_a_cause_are_reported() {
    let (b, [_, _, _, ev]) = minimal();
    let (b, p) = add(&b, Kind::Policy, "When sold, celebrate", 20.0, 250.0);
    let b = connect(&b, ev, p);
    let c = ok(&b);
    assert!(c.notes[0].sticky == Some(p) && c.notes[0].message.contains("issues no command"));
    assert!(c.scenario.subscriptions.is_empty());

    let (b, _) = minimal();
    let (b, orphan) = add(&b, Kind::Event, "Orphaned", 20.0, 300.0);
    let (b, p2) = add(&b, Kind::Policy, "When orphaned, sell", 200.0, 300.0);
    let sell = find(&b, "Sell");
    let b = connect(&b, orphan, p2);
    let b = connect(&b, p2, sell);
    has(&problems(&b), Some(orphan), "Nothing emits");
}

#[test]
fn duplicate_names_unnamed_stickies_and_contexts_are_reported() {
    let (b, [_, _, agg, _]) = minimal();
    let (b, twin) = add(&b, Kind::Event, "Sold", 600.0, 250.0);
    let b = connect(&b, agg, twin);
    has(&problems(&b), Some(twin), "Two events are called \"Sold\"");

    let (mut b, [_, cmd, _, _]) = minimal();
    b.sticky_mut(cmd).unwrap().label = "  ".into();
    has(&problems(&b), Some(cmd), "no name");

    let (b, _) = minimal();
    let b = frame(&b, "Sales", 1_000.0);
    let p = problems(&b);
    assert!(
        p.iter()
            .any(|p| p.context.is_some() && p.message.contains("Two bounded contexts")),
        "{p:#?}"
    );
}

#[test]
fn a_read_model_outside_a_context_and_a_bad_weight_are_reported() {
    let (b, [_, _, _, ev]) = minimal();
    let (b, rm) = add(&b, Kind::ReadModel, "Sales list", 1_500.0, 100.0);
    let b = connect(&b, ev, rm);
    has(&problems(&b), Some(rm), "outside any bounded context");

    let (mut b, [_, _, _, ev]) = minimal();
    b.sticky_mut(ev).unwrap().settings.outcome = Outcome::Alternative { weight: -1.0 };
    has(&problems(&b), Some(ev), "not a positive number");
}

#[test]
fn settings_out_of_range_are_reported_by_the_engine_check() {
    let (mut b, [_, cmd, _, _]) = minimal();
    b.sticky_mut(cmd).unwrap().settings.rate_per_sec = f64::NAN;
    let p = problems(&b);
    assert_eq!(p[0].sticky, Some(cmd), "{p:#?}");
    assert!(
        p[0].message
            .contains("cannot run as set: Commands per second must be"),
        "{p:#?}"
    );
}

/// Runs one side of an example's experiment for 60 simulated seconds with seed 3.
fn run_side(id: &str, b_side: bool) -> stormlab_engine::Report {
    let board = build(id);
    let exp = experiment::for_board(&board).unwrap();
    let variant = if b_side { exp.b } else { exp.a };
    let c = compile(&board, &variant).unwrap();
    let mut sim = Simulation::new(&c.scenario, 3).unwrap();
    sim.run_to_end();
    sim.report()
}

fn total(
    r: &stormlab_engine::Report,
    f: impl Fn(&stormlab_engine::report::SubReport) -> u64,
) -> u64 {
    r.subscriptions.iter().map(f).sum()
}

#[test]
fn each_example_experiment_shows_its_lesson() {
    // Retail: push has lower latency than poll.
    let (a, b) = (run_side("retail", false), run_side("retail", true));
    // The same weighted mean the panels show.
    let mean = |r: &stormlab_engine::Report| Totals::of(r).mean_latency_us;
    assert!(
        mean(&a) * 5.0 < mean(&b),
        "push {} poll {}",
        mean(&a),
        mean(&b)
    );
    assert!(total(&b, |s| s.stats.empty_polls) > 0);

    // Pizza: duplicates take effect twice unless the consumer is idempotent.
    let (a, b) = (run_side("pizza", false), run_side("pizza", true));
    assert!(total(&a, |s| s.stats.duplicate_effects) > 0);
    assert_eq!(total(&b, |s| s.stats.duplicate_effects), 0);
    assert!(total(&b, |s| s.stats.duplicates_skipped) > 0);

    // Review: notifications make every consumer call the producer back; fat events none.
    let (a, b) = (run_side("review", false), run_side("review", true));
    assert_eq!(total(&a, |s| s.stats.callbacks), 0);
    let processed = total(&b, |s| s.stats.processed);
    assert!(
        total(&b, |s| s.stats.callbacks) >= processed,
        "one callback per handled event"
    );

    // Budget: dual write loses events on a crash, the outbox none.
    let (a, b) = (run_side("budget", false), run_side("budget", true));
    let lost = |r: &stormlab_engine::Report| r.topics.iter().map(|t| t.lost).sum::<u64>();
    assert!(lost(&a) > 0);
    assert_eq!(lost(&b), 0);

    // Saga: with payment down, more sagas roll back, each compensated.
    let (a, b) = (run_side("saga", false), run_side("saga", true));
    assert!(
        b.sagas[0].stats.rolled_back > a.sagas[0].stats.rolled_back * 2,
        "{} vs {}",
        a.sagas[0].stats.rolled_back,
        b.sagas[0].stats.rolled_back
    );
    assert_eq!(b.sagas[0].stats.atomicity_violations, 0);
}

#[test]
fn a_board_beyond_the_engine_budget_names_the_sticky_at_fault() {
    // Twelve commands at the panel's highest rate: each in range, together too dense.
    let board = stormlab_board::examples::crowded(12, 100_000.0).unwrap();
    let found = problems(&board);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("Too much happens at once") && !found[0].message.contains("_us"),
        "{found:#?}"
    );
    assert!(
        found[0].sticky.is_some_and(|s| s.0 >= 5_000),
        "the problem is on one of the dense commands: {found:#?}"
    );
}

#[test]
fn a_command_at_zero_per_second_does_not_run() {
    let (mut b, [_, cmd, _, _]) = minimal();
    b.sticky_mut(cmd).unwrap().settings.rate_per_sec = 0.0;
    let compiled = ok(&b);
    assert!(compiled.scenario.workloads.is_empty());
}

#[test]
fn comparing_keeps_both_runs_within_one_budget() {
    // Forty-five hundred shoppers each placing orders: one run fits the budget, two at once
    // do not.
    let mut board = build("retail");
    let command = find(&board, "PlaceOrder");
    let shopper = board.sticky(find(&board, "Customer")).unwrap().clone();
    for i in 0..4_500u32 {
        let id = StickyId(board.next_id);
        let link = stormlab_board::LinkId(board.next_id + 1);
        board.next_id += 2;
        board.stickies.push(stormlab_board::Sticky {
            id,
            label: format!("Shopper {i}"),
            y: shopper.y + 10.0 * f64::from(i),
            ..shopper.clone()
        });
        board.links.push(stormlab_board::Link {
            id: link,
            from: id,
            to: command,
        });
    }
    assert_eq!(ok(&board).scenario.workloads.len(), 4_501);
    let one = stormlab_run::Playback::new(&board, &Variant::default(), 1);
    assert!(one.is_ok(), "one run fits");
    drop(one);
    let both = stormlab_run::Playback::pair(&board, &Variant::default(), &Variant::default(), 1);
    let message = both.err().expect("two runs at once are refused");
    assert!(
        message.starts_with("Comparing runs this board twice at once"),
        "{message}"
    );
}
