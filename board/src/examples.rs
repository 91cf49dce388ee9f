//! Built-in example boards, one per lesson of the seed documents.

use crate::document::{
    Board, Context, EventProps, Field, FieldType, Link, Payload, Rect, Scope, Sticky,
};
use crate::grammar::check_link;
use crate::ids::{ContextId, LinkId, StickyId};
use crate::kind::Kind;
use crate::settings::{Outcome, StickySettings};

/// An example board and what it teaches.
pub struct Example {
    /// Stable id (used in URLs and tests).
    pub id: &'static str,
    /// Title.
    pub title: &'static str,
    /// What to look for, in a sentence or two.
    pub lesson: &'static str,
    /// Builds the board (without its id: use [`Example::board`]).
    build: fn() -> Board,
}

/// Every example, in menu order.
pub const EXAMPLES: &[Example] = &[
    Example {
        id: "retail",
        title: "Online retail: order to shipment",
        lesson: "Four contexts hand an order along with integration events: placed, stock reserved, payment confirmed, shipped.",
        build: retail,
    },
    Example {
        id: "pizza",
        title: "The pizza shop",
        lesson: "Ordering no longer calls the kitchen, delivery and loyalty services: it publishes one fact and each reacts in its own time.",
        build: pizza,
    },
    Example {
        id: "review",
        title: "A published review fans out",
        lesson: "One notification event, five consumers: every new consumer adds callbacks to the editorial service.",
        build: review,
    },
    Example {
        id: "budget",
        title: "Project on hold freezes its budget",
        lesson: "A domain event stays inside Projects; finance gets a small notification, reporting a claim check for the large snapshot.",
        build: budget,
    },
    Example {
        id: "saga",
        title: "Order saga with compensation",
        lesson: "When payment fails, the stock reservation is released and the order cancelled, in reverse order.",
        build: saga,
    },
];

impl Example {
    /// The example's board, marked with the example's id, with its lessons as experiments.
    pub fn board(&self) -> Board {
        let mut board = Board {
            example: Some(self.id.to_string()),
            ..(self.build)()
        };
        board.experiments = crate::lessons::of_example(self.id);
        board
    }
}

/// The example `id` copied `copies` times side by side, every name made unique: a large board
/// that runs, for benchmarks.
pub fn tiled(id: &str, copies: u32) -> Option<Board> {
    let base = example(id)?.board();
    let mut board = Board::default();
    for copy in 0..copies {
        let shift = 100_000 * copy;
        let (dx, dy) = (f64::from(copy % 10) * 1_500.0, f64::from(copy / 10) * 900.0);
        for s in &base.stickies {
            let mut s = s.clone();
            s.id = StickyId(s.id.0 + shift);
            s.context = s.context.map(|c| ContextId(c.0 + shift));
            s.label = format!("{}{copy}", s.label);
            (s.x, s.y) = (s.x + dx, s.y + dy);
            board.stickies.push(s);
        }
        for c in &base.contexts {
            let mut c = c.clone();
            c.id = ContextId(c.id.0 + shift);
            c.name = format!("{} {copy}", c.name);
            (c.x, c.y) = (c.x + dx, c.y + dy);
            board.contexts.push(c);
        }
        for l in &base.links {
            let mut l = l.clone();
            l.id = LinkId(l.id.0 + shift);
            (l.from, l.to) = (StickyId(l.from.0 + shift), StickyId(l.to.0 + shift));
            board.links.push(l);
        }
    }
    board.next_id = 100_000 * copies;
    Some(board)
}

/// The retail example with `extra` more order commands beside PlaceOrder, each with the same
/// links and issued by the customer at `rate_per_sec`: each command in range, together as
/// dense as asked (for tests of the engine's arrival budget). New ids start at 5,000.
pub fn crowded(extra: u32, rate_per_sec: f64) -> Option<Board> {
    let mut board = example("retail")?.board();
    let actor = board.stickies.iter().find(|s| s.kind == Kind::Actor)?.id;
    let place = board
        .stickies
        .iter()
        .find(|s| s.label == "PlaceOrder")?
        .clone();
    let targets: Vec<StickyId> = board.outgoing(place.id).map(|l| l.to).collect();
    for i in 0..extra {
        let id = StickyId(5_000 + i);
        let mut copy = place.clone();
        copy.id = id;
        copy.label = format!("PlaceOrder{i}");
        copy.y += 130.0 * f64::from(i + 1);
        copy.settings.rate_per_sec = rate_per_sec;
        board.stickies.push(copy);
        for (k, &to) in targets.iter().enumerate() {
            board.links.push(Link {
                id: LinkId(6_000 + i * 10 + k as u32),
                from: id,
                to,
            });
        }
        board.links.push(Link {
            id: LinkId(7_000 + i),
            from: actor,
            to: id,
        });
    }
    board.next_id = 10_000;
    board.assign_contexts();
    Some(board)
}

/// The example with this id.
pub fn example(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

/// An example's field with the type a team would give it: ids are uuids, amounts numbers,
/// quantities integers, order lines arrays of objects, a customer or an address an object. The
/// size stays as drawn (the simulation carries it); the parts' sizes describe one element.
fn typed(name: &str, bytes: u32) -> Field {
    let part = |n: &str, ty: FieldType, b: Option<u32>| Field {
        bytes: b.unwrap_or(ty.usual_bytes()),
        ..Field::typed(n, ty)
    };
    let (ty, of) = match name {
        n if n.ends_with("_id") => (FieldType::Uuid, vec![]),
        "amount" => (FieldType::Number, vec![]),
        "link" => (FieldType::Uri, vec![]),
        "lines" | "items" | "missing" => (
            FieldType::Array,
            vec![
                part("sku", FieldType::String, Some(12)),
                part("quantity", FieldType::Integer, None),
                part("unit_price", FieldType::Number, None),
            ],
        ),
        "pizzas" => (
            FieldType::Array,
            vec![
                part("pizza", FieldType::String, Some(24)),
                part("size", FieldType::String, Some(8)),
                part("quantity", FieldType::Integer, None),
            ],
        ),
        "customer" => (
            FieldType::Object,
            vec![
                part("customer_id", FieldType::Uuid, None),
                part("name", FieldType::String, Some(60)),
                part("email", FieldType::Email, None),
            ],
        ),
        "address" => (
            FieldType::Object,
            vec![
                part("street", FieldType::String, Some(80)),
                part("city", FieldType::String, Some(40)),
                part("postcode", FieldType::String, Some(10)),
            ],
        ),
        "reservation" => (
            FieldType::Object,
            vec![
                part("reservation_id", FieldType::Uuid, None),
                part("expires_at", FieldType::DateTime, None),
            ],
        ),
        _ => (FieldType::String, vec![]),
    };
    Field {
        name: name.into(),
        bytes,
        ty,
        required: true,
        of,
    }
}

const COL: f64 = 200.0;
const ROW: f64 = 140.0;

struct Builder {
    board: Board,
    frames: Vec<(ContextId, Vec<StickyId>)>,
}

impl Builder {
    fn new(title: &str) -> Builder {
        Builder {
            board: Board {
                title: title.into(),
                ..Board::default()
            },
            frames: vec![],
        }
    }

    /// Opens a context; stickies added until the next `context` call belong to it.
    fn context(&mut self, name: &str) {
        let id = ContextId(self.board.fresh_id());
        self.board.contexts.push(Context {
            id,
            name: name.into(),
            x: 0.0,
            y: 0.0,
            w: 1.0,
            h: 1.0,
            service: Default::default(),
        });
        self.frames.push((id, vec![]));
    }

    fn sticky(&mut self, kind: Kind, label: &str, col: f64, row: f64) -> StickyId {
        let id = StickyId(self.board.fresh_id());
        let (w, h) = kind.size();
        let event = (kind == Kind::Event).then(|| EventProps::new(Scope::Domain));
        self.board.stickies.push(Sticky {
            id,
            kind,
            label: label.into(),
            notes: String::new(),
            x: col * COL + (160.0 - w) / 2.0,
            y: row * ROW + (100.0 - h) / 2.0,
            context: None,
            event,
            settings: Default::default(),
        });
        if let Some((_, members)) = self.frames.last_mut() {
            members.push(id);
        }
        id
    }

    /// An integration event with a version and payload fields.
    fn integration(
        &mut self,
        label: &str,
        col: f64,
        row: f64,
        payload: Payload,
        fields: &[(&str, u32)],
    ) -> StickyId {
        let id = self.sticky(Kind::Event, label, col, row);
        let props = self
            .board
            .sticky_mut(id)
            .and_then(|s| s.event.as_mut())
            .expect("event");
        *props = EventProps::new(Scope::Integration);
        props.payload = payload;
        props.fields = fields.iter().map(|(n, b)| typed(n, *b)).collect();
        id
    }

    fn link(&mut self, from: StickyId, to: StickyId) {
        let (a, b) = (
            self.board.sticky(from).expect("from"),
            self.board.sticky(to).expect("to"),
        );
        if let Err(e) = check_link(a.kind, b.kind) {
            panic!("example link {:?} -> {:?}: {e}", a.label, b.label);
        }
        let id = LinkId(self.board.fresh_id());
        self.board.links.push(Link { id, from, to });
    }

    /// Changes a sticky's simulation settings.
    fn settings(&mut self, id: StickyId, change: impl FnOnce(&mut StickySettings)) {
        change(&mut self.board.sticky_mut(id).expect("sticky").settings);
    }

    /// Makes the events alternative outcomes of their handler with these weights.
    fn outcomes(&mut self, outcomes: &[(StickyId, Outcome)]) {
        for (id, outcome) in outcomes {
            self.settings(*id, |s| s.outcome = *outcome);
        }
    }

    fn chain(&mut self, ids: &[StickyId]) {
        for pair in ids.windows(2) {
            self.link(pair[0], pair[1]);
        }
    }

    fn finish(mut self) -> Board {
        for (id, members) in &self.frames {
            let rects = members
                .iter()
                .filter_map(|m| self.board.sticky(*m))
                .map(Sticky::rect);
            let Some(r) = rects.reduce(|a, b| a.union(&b)) else {
                continue;
            };
            let frame = Rect {
                x: r.x - 30.0,
                y: r.y - 60.0,
                w: r.w + 60.0,
                h: r.h + 90.0,
            };
            let c = self
                .board
                .contexts
                .iter_mut()
                .find(|c| c.id == *id)
                .expect("frame");
            (c.x, c.y, c.w, c.h) = (frame.x, frame.y, frame.w, frame.h);
        }
        self.board.assign_contexts();
        self.board
    }
}

fn retail() -> Board {
    // Two rows of two contexts, so the board reads at a projector's zoom.
    let mut b = Builder::new("Online retail: order to shipment");
    b.context("Order management");
    let customer = b.sticky(Kind::Actor, "Customer", 0.0, 0.0);
    let place = b.sticky(Kind::Command, "PlaceOrder", 1.0, 0.0);
    let order = b.sticky(Kind::Aggregate, "Order", 2.0, 0.0);
    let placed = b.integration(
        "OrderPlaced",
        3.0,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("lines", 800), ("customer", 300)],
    );
    let status = b.sticky(Kind::ReadModel, "Order status", 1.0, 1.2);
    b.chain(&[customer, place, order, placed]);
    b.chain(&[status, customer]);

    b.context("Inventory");
    let on_placed = b.sticky(
        Kind::Policy,
        "Whenever an order is placed, reserve its items",
        4.5,
        0.0,
    );
    let reserve = b.sticky(Kind::Command, "ReserveStock", 5.5, 0.0);
    let stock = b.sticky(Kind::Aggregate, "Stock", 6.5, 0.0);
    let reserved = b.integration(
        "StockReserved",
        7.5,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("reservation", 200)],
    );
    let unavailable = b.integration(
        "StockNotAvailable",
        7.5,
        1.2,
        Payload::Fat,
        &[("order_id", 36), ("missing", 200)],
    );
    b.chain(&[placed, on_placed, reserve, stock, reserved]);
    b.link(stock, unavailable);
    b.outcomes(&[
        (reserved, Outcome::Alternative { weight: 0.95 }),
        (unavailable, Outcome::Alternative { weight: 0.05 }),
    ]);

    b.context("Payment");
    let on_reserved = b.sticky(
        Kind::Policy,
        "When stock is reserved, take payment",
        4.5,
        3.0,
    );
    let pay = b.sticky(Kind::Command, "ProcessPayment", 5.5, 3.0);
    let gateway = b.sticky(Kind::ExternalSystem, "Card gateway", 6.5, 3.0);
    let confirmed = b.integration(
        "PaymentConfirmed",
        7.5,
        3.0,
        Payload::Fat,
        &[("order_id", 36), ("amount", 16)],
    );
    let failed = b.integration(
        "PaymentFailed",
        7.5,
        4.2,
        Payload::Fat,
        &[("order_id", 36), ("reason", 120)],
    );
    b.chain(&[reserved, on_reserved, pay, gateway, confirmed]);
    b.link(gateway, failed);
    b.outcomes(&[
        (confirmed, Outcome::Alternative { weight: 0.97 }),
        (failed, Outcome::Alternative { weight: 0.03 }),
    ]);
    b.settings(pay, |s| s.service_time_ms = 40.0);

    b.context("Shipping");
    let on_paid = b.sticky(Kind::Policy, "When payment is confirmed, ship", 0.0, 3.0);
    let ship = b.sticky(Kind::Command, "CreateShipment", 1.0, 3.0);
    let shipment = b.sticky(Kind::Aggregate, "Shipment", 2.0, 3.0);
    let shipped = b.integration(
        "ShipmentCreated",
        3.0,
        3.0,
        Payload::Fat,
        &[("order_id", 36), ("tracking", 64)],
    );
    b.chain(&[confirmed, on_paid, ship, shipment, shipped]);
    b.link(shipped, status);
    let mut board = b.finish();
    // Every consumer was written for version 1 of the events it reads (the version lesson).
    for s in &mut board.stickies {
        if matches!(s.kind, Kind::Policy | Kind::ReadModel) {
            s.settings.accepts_version = Some(1);
        }
    }
    board
}

fn pizza() -> Board {
    let mut b = Builder::new("The pizza shop");
    b.context("Ordering");
    let customer = b.sticky(Kind::Actor, "Customer", 0.0, 1.0);
    let place = b.sticky(Kind::Command, "PlaceOrder", 1.0, 1.0);
    let order = b.sticky(Kind::Aggregate, "Order", 2.0, 1.0);
    let confirmed = b.integration(
        "OrderConfirmed",
        3.0,
        1.0,
        Payload::Fat,
        &[("order_id", 36), ("pizzas", 600), ("address", 200)],
    );
    b.chain(&[customer, place, order, confirmed]);

    b.context("Kitchen");
    let cook_policy = b.sticky(
        Kind::Policy,
        "When an order is confirmed, cook it",
        4.5,
        0.0,
    );
    let cook = b.sticky(Kind::Command, "CookPizzas", 5.5, 0.0);
    let kitchen = b.sticky(Kind::Aggregate, "Kitchen ticket", 6.5, 0.0);
    let boxed = b.integration(
        "PizzaBoxed",
        7.5,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("address", 200)],
    );
    b.chain(&[confirmed, cook_policy, cook, kitchen, boxed]);

    b.context("Delivery");
    let drive_policy = b.sticky(
        Kind::Policy,
        "When pizzas are boxed, dispatch a driver",
        9.0,
        0.0,
    );
    let dispatch = b.sticky(Kind::Command, "DispatchDriver", 10.0, 0.0);
    let delivery = b.sticky(Kind::Aggregate, "Delivery", 11.0, 0.0);
    let delivered = b.sticky(Kind::Event, "PizzaDelivered", 12.0, 0.0);
    b.chain(&[boxed, drive_policy, dispatch, delivery, delivered]);

    b.context("Loyalty");
    let points_policy = b.sticky(
        Kind::Policy,
        "When an order is confirmed, award points",
        4.5,
        2.0,
    );
    let award = b.sticky(Kind::Command, "AwardPoints", 5.5, 2.0);
    let saas = b.sticky(Kind::ExternalSystem, "Loyalty SaaS (HTTP only)", 6.5, 2.0);
    let awarded = b.sticky(Kind::Event, "PointsAwarded", 7.5, 2.0);
    b.sticky(
        Kind::Hotspot,
        "The SaaS is slow and sometimes down: put a queue in front of it?",
        6.0,
        3.0,
    );
    b.chain(&[confirmed, points_policy, award, saas, awarded]);
    b.finish()
}

fn review() -> Board {
    let mut b = Builder::new("A published review fans out");
    b.context("Editorial");
    let editor = b.sticky(Kind::Actor, "Editor", 0.0, 2.0);
    let publish = b.sticky(Kind::Command, "PublishReview", 1.0, 2.0);
    let review = b.sticky(Kind::Aggregate, "Review", 2.0, 2.0);
    let published = b.integration(
        "ReviewPublished",
        3.0,
        2.0,
        Payload::Notification,
        &[("review_id", 36), ("link", 120), ("body", 12_000)],
    );
    b.chain(&[editor, publish, review, published]);

    let consumers: [(&str, &str, &str, Kind, &str, &str); 5] = [
        (
            "Homepage",
            "When a review is published, list it",
            "UpdateLatestReviews",
            Kind::Aggregate,
            "Latest reviews",
            "LatestReviewsUpdated",
        ),
        (
            "Notifications",
            "When a review is published, tell subscribers",
            "SendPushNotification",
            Kind::ExternalSystem,
            "Push service",
            "SubscribersNotified",
        ),
        (
            "Social: X",
            "When a review is published, post it on X",
            "PostToX",
            Kind::ExternalSystem,
            "X",
            "PostedToX",
        ),
        (
            "Social: Instagram",
            "When a review is published, post on Instagram",
            "PostToInstagram",
            Kind::ExternalSystem,
            "Instagram",
            "PostedToInstagram",
        ),
        (
            "Social: Mastodon",
            "When a review is published, toot it",
            "PostToMastodon",
            Kind::ExternalSystem,
            "Mastodon",
            "PostedToMastodon",
        ),
    ];
    for (row, (context, policy, command, handler_kind, handler, event)) in
        consumers.into_iter().enumerate()
    {
        let row = row as f64 * 1.5 - 1.0;
        b.context(context);
        let p = b.sticky(Kind::Policy, policy, 4.5, row);
        let c = b.sticky(Kind::Command, command, 5.5, row);
        let h = b.sticky(handler_kind, handler, 6.5, row);
        let e = b.sticky(Kind::Event, event, 7.5, row);
        b.chain(&[published, p, c, h, e]);
    }
    b.finish()
}

fn budget() -> Board {
    let mut b = Builder::new("Project on hold freezes its budget");
    b.context("Projects");
    let manager = b.sticky(Kind::Actor, "Project manager", 0.0, 1.0);
    let change = b.sticky(Kind::Command, "PutProjectOnHold", 1.0, 1.0);
    let project = b.sticky(Kind::Aggregate, "Project", 2.0, 1.0);
    let changed = b.sticky(Kind::Event, "ProjectStatusChanged", 3.0, 0.0);
    let audit = b.sticky(
        Kind::Policy,
        "Record every status change in the audit log",
        3.0,
        1.2,
    );
    let on_hold = b.integration(
        "ProjectPutOnHold",
        3.0,
        2.4,
        Payload::Notification,
        &[("project_id", 36)],
    );
    let snapshot = b.integration(
        "ProjectSnapshotUpdated",
        3.0,
        3.6,
        Payload::ClaimCheck,
        &[("project_id", 36), ("snapshot", 4_000_000)],
    );
    b.chain(&[manager, change, project, changed, audit]);
    b.link(project, on_hold);
    b.link(project, snapshot);

    b.context("Finance");
    let freeze_policy = b.sticky(
        Kind::Policy,
        "When a project is put on hold, freeze its budget",
        4.7,
        2.4,
    );
    let freeze = b.sticky(Kind::Command, "FreezeBudget", 5.7, 2.4);
    let budget = b.sticky(Kind::Aggregate, "Budget", 6.7, 2.4);
    let frozen = b.sticky(Kind::Event, "BudgetFrozen", 7.7, 2.4);
    b.chain(&[on_hold, freeze_policy, freeze, budget, frozen]);

    b.context("Reporting");
    let report = b.sticky(Kind::ReadModel, "Portfolio report", 4.7, 3.9);
    b.link(snapshot, report);
    b.finish()
}

fn saga() -> Board {
    let mut b = Builder::new("Order saga with compensation");
    b.context("Orders");
    let customer = b.sticky(Kind::Actor, "Customer", 0.0, 0.0);
    let place = b.sticky(Kind::Command, "PlaceOrder", 1.0, 0.0);
    let order = b.sticky(Kind::Aggregate, "Order", 2.0, 0.0);
    let created = b.integration(
        "OrderCreated",
        3.0,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("lines", 600)],
    );
    b.chain(&[customer, place, order, created]);
    let on_completed = b.sticky(
        Kind::Policy,
        "When payment completes, confirm the order",
        0.0,
        2.2,
    );
    let confirm = b.sticky(Kind::Command, "ConfirmOrder", 1.0, 2.2);
    let order_confirm = b.sticky(Kind::Aggregate, "Order", 2.0, 2.2);
    let confirmed = b.sticky(Kind::Event, "OrderConfirmed", 3.0, 2.2);
    let on_released = b.sticky(
        Kind::Policy,
        "When stock is released, cancel the order",
        0.0,
        3.4,
    );
    // One aggregate sticky per command, so each event has one cause.
    let cancel = b.sticky(Kind::Command, "CancelOrder", 1.0, 3.4);
    let order_cancel = b.sticky(Kind::Aggregate, "Order", 2.0, 3.4);
    let cancelled = b.sticky(Kind::Event, "OrderCancelled", 3.0, 3.4);
    b.chain(&[on_completed, confirm, order_confirm, confirmed]);
    b.chain(&[on_released, cancel, order_cancel, cancelled]);

    b.context("Inventory");
    let on_created = b.sticky(
        Kind::Policy,
        "When an order is created, reserve stock",
        4.5,
        0.0,
    );
    let reserve = b.sticky(Kind::Command, "ReserveInventory", 5.5, 0.0);
    let inventory = b.sticky(Kind::Aggregate, "Inventory", 6.5, 0.0);
    let reserved = b.integration(
        "InventoryReserved",
        7.5,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("items", 300)],
    );
    b.chain(&[created, on_created, reserve, inventory, reserved]);
    let on_failed = b.sticky(
        Kind::Policy,
        "When payment fails, release the stock",
        4.5,
        3.4,
    );
    let release = b.sticky(Kind::Command, "ReleaseInventory", 5.5, 3.4);
    let released = b.integration(
        "InventoryReleased",
        7.5,
        3.4,
        Payload::Fat,
        &[("order_id", 36)],
    );
    let inventory_release = b.sticky(Kind::Aggregate, "Inventory", 6.5, 3.4);
    b.chain(&[on_failed, release, inventory_release, released]);
    b.link(released, on_released);

    b.context("Payment");
    let on_reserved = b.sticky(
        Kind::Policy,
        "When stock is reserved, charge the customer",
        9.0,
        0.0,
    );
    let charge = b.sticky(Kind::Command, "ChargePayment", 10.0, 0.0);
    let payment = b.sticky(Kind::Aggregate, "Payment", 11.0, 0.0);
    let completed = b.integration(
        "PaymentCompleted",
        12.0,
        0.0,
        Payload::Fat,
        &[("order_id", 36), ("amount", 16)],
    );
    let failed = b.integration(
        "PaymentFailed",
        12.0,
        1.2,
        Payload::Fat,
        &[("order_id", 36), ("reason", 120)],
    );
    b.sticky(
        Kind::Hotspot,
        "What if the charge times out: retry, or compensate?",
        10.5,
        1.4,
    );
    b.chain(&[reserved, on_reserved, charge, payment, completed]);
    b.link(payment, failed);
    b.outcomes(&[
        (completed, Outcome::Alternative { weight: 0.9 }),
        (failed, Outcome::Failure { weight: 0.1 }),
    ]);
    b.link(completed, on_completed);
    b.link(failed, on_failed);
    b.finish()
}
