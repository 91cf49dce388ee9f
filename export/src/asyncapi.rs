//! AsyncAPI 3.0 from a board: a channel per integration event (domain events on request), its
//! message with a JSON Schema payload from the event's fields, a `send` operation for the
//! producing context and a `receive` operation per consuming policy or read model, tagged by
//! bounded context; a notification event also gets the callback it implies (a request and
//! reply on the producer's state channels). The whole board, or the view of one context.

use stormlab_board::settings::{DeliverySetting, StickySettings};
use stormlab_board::{
    Board, Context, ContextId, EventProps, Field, FieldType, Kind, Payload, Scope, Sticky,
    Versioning,
};

use crate::names::{camel, kebab, pascal, Unique};
use crate::yaml::{map, to_yaml, Value};

/// The AsyncAPI version written.
pub const ASYNCAPI_VERSION: &str = "3.0.0";

/// What to put in the document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Only what this context sends or receives (the view a team owns); `None`: the whole board.
    pub context: Option<ContextId>,
    /// Domain events too (they do not cross a context, so they are left out by default).
    pub domain_events: bool,
}

/// An event that becomes a channel, with who produces and who consumes it.
struct Channel<'a> {
    event: &'a Sticky,
    props: &'a EventProps,
    producer: Option<&'a Context>,
    consumers: Vec<(&'a Sticky, Option<&'a Context>)>,
    id: String,
    message: String,
    address: String,
}

fn reference(path: &str) -> Value {
    map([("$ref", path.into())])
}

fn tags(names: &[&str]) -> Value {
    let mut seen = Vec::new();
    for n in names {
        if !seen.contains(n) {
            seen.push(n);
        }
    }
    Value::List(
        seen.into_iter()
            .map(|n| map([("name", (*n).into())]))
            .collect(),
    )
}

/// The events the document describes, with their names settled.
fn channels<'a>(board: &'a Board, options: &Options) -> Vec<Channel<'a>> {
    let context = |id: Option<ContextId>| id.and_then(|c| board.context(c));
    let (mut ids, mut messages, mut addresses) =
        (Unique::default(), Unique::default(), Unique::default());
    let mut out = Vec::new();
    for s in &board.stickies {
        let Some(props) = s.event.as_ref() else {
            continue;
        };
        if props.scope == Scope::Domain && !options.domain_events {
            continue;
        }
        let producer = context(s.context);
        let consumers: Vec<(&Sticky, Option<&Context>)> = board
            .outgoing(s.id)
            .filter_map(|l| board.sticky(l.to))
            .filter(|c| matches!(c.kind, Kind::Policy | Kind::ReadModel))
            .map(|c| (c, context(c.context)))
            .collect();
        if let Some(only) = options.context {
            let mine = producer.is_some_and(|p| p.id == only)
                || consumers
                    .iter()
                    .any(|(_, c)| c.is_some_and(|c| c.id == only));
            if !mine {
                continue;
            }
        }
        let fallback = format!("event{}", s.id.0);
        let id = ids.take(camel(&s.label, &fallback), "");
        let mut message = pascal(&s.label, &fallback);
        if let (Some(Versioning::InName), Some(v)) = (props.versioning, props.version) {
            message = format!("{message}V{v}");
        }
        let message = messages.take(message, "");
        let mut address = format!(
            "{}.{}",
            kebab(producer.map_or("", |p| p.name.as_str()), "board"),
            kebab(&s.label, &format!("event-{}", s.id.0))
        );
        if let (Some(Versioning::TopicPerVersion), Some(v)) = (props.versioning, props.version) {
            address = format!("{address}.v{v}");
        }
        let address = addresses.take(address, "-");
        out.push(Channel {
            event: s,
            props,
            producer,
            consumers,
            id,
            message,
            address,
        });
    }
    out
}

fn context_name(c: Option<&Context>) -> &str {
    c.map_or("No context", |c| c.name.as_str())
}

/// The schemas the document names (`components/schemas`), in the order first used.
type Schemas = Vec<(String, Value)>;

/// Puts `schema` in `components/schemas` under `name` (made unique) and refers to it, so code
/// generators name their models after it.
fn named(schemas: &mut Schemas, name: String, schema: Value) -> Value {
    let mut unique = name.clone();
    let mut n = 2;
    while schemas.iter().any(|(k, _)| *k == unique) {
        unique = format!("{name}{n}");
        n += 1;
    }
    schemas.push((unique.clone(), schema));
    reference(&format!("#/components/schemas/{unique}"))
}

/// A property of a schema: its name, its schema, and whether it is required.
type Property = (String, Value, bool);

/// A JSON Schema for a list of fields (an object with one property per field).
fn fields_schema(fields: &[Property], description: String) -> Value {
    let required: Vec<Value> = fields
        .iter()
        .filter(|(_, _, r)| *r)
        .map(|(k, _, _)| k.clone().into())
        .collect();
    let mut schema = map([
        ("type", "object".into()),
        ("description", description.into()),
    ]);
    schema.set(
        "properties",
        Value::Map(
            fields
                .iter()
                .map(|(k, v, _)| (k.clone(), v.clone()))
                .collect(),
        ),
    );
    if !required.is_empty() {
        schema.set("required", Value::List(required));
    }
    // The fields are the contract: nothing else travels (an event whose changes are additive
    // only says otherwise, see `payload`).
    schema.set("additionalProperties", false);
    schema
}

/// A field's schema: its type and format, its size, and for an object or a list of objects
/// a named schema of its parts (`OrderPlacedCustomer`, `OrderPlacedLinesItem`).
fn field_schema(f: &Field, owner: &str, schemas: &mut Schemas) -> Value {
    let (ty, format) = f.ty.schema();
    let about = format!("About {} bytes.", f.bytes);
    let parts = |schemas: &mut Schemas, name: String, about: String| {
        let props = parts(&f.of, &name, schemas);
        let mut object = fields_schema(&props, about);
        object.set("x-stormlab-bytes", f.bytes);
        named(schemas, name, object)
    };
    let own = pascal(&f.name, "Field");
    match f.ty {
        FieldType::Object => parts(schemas, format!("{owner}{own}"), about),
        FieldType::Array => {
            let items = if f.of.is_empty() {
                map([("type", "string".into())])
            } else {
                parts(schemas, format!("{owner}{own}Item"), "One element.".into())
            };
            let mut s = map([("type", ty.into()), ("description", about.into())]);
            s.set("items", items);
            s.set("x-stormlab-bytes", f.bytes);
            s
        }
        _ => {
            let mut s = map([("type", ty.into())]);
            if let Some(format) = format {
                s.set("format", format);
            }
            s.set("description", about);
            s.set("x-stormlab-bytes", f.bytes);
            s
        }
    }
}

/// Fields as properties, each name once.
fn parts(fields: &[Field], owner: &str, schemas: &mut Schemas) -> Vec<Property> {
    let mut names = Unique::default();
    fields
        .iter()
        .map(|f| {
            (
                names.take(f.name.clone(), " "),
                field_schema(f, owner, schemas),
                f.required,
            )
        })
        .collect()
}

/// The event's fields (or only the first) as schema properties.
fn properties(
    props: &EventProps,
    only_first: bool,
    owner: &str,
    schemas: &mut Schemas,
) -> Vec<Property> {
    let take = if only_first { 1 } else { usize::MAX };
    let fields: Vec<Field> = props.fields.iter().take(take).cloned().collect();
    parts(&fields, owner, schemas)
}

/// The message's payload: a schema named after the message, referred to.
fn payload(c: &Channel, schemas: &mut Schemas) -> Value {
    let p = c.props;
    let producer = context_name(c.producer);
    let owner = c.message.as_str();
    let (mut fields, mut description) = match p.payload {
        Payload::Fat => (
            properties(p, false, owner, schemas),
            format!("Event-carried state: the full state ({} bytes), so no consumer calls {producer} back.", p.state_bytes()),
        ),
        Payload::Notification => (
            properties(p, true, owner, schemas),
            format!("A notification: only the reference; each consumer calls {producer} back for the state (see the {}State channels).", c.id),
        ),
        Payload::ClaimCheck => {
            let mut f = properties(p, true, owner, schemas);
            let check = map([
                ("type", "string".into()),
                ("format", "uri".into()),
                ("description", format!("Where the full payload ({} bytes) is kept: consumers fetch it from the store.", p.state_bytes()).into()),
            ]);
            let name = if f.iter().any(|(k, _, _)| k == "claim_check") { "claim_check_uri" } else { "claim_check" };
            f.push((name.into(), check, true));
            (f, "A claim check: a reference to the payload kept in a store.".to_string())
        }
    };
    if let (Some(Versioning::InPayload), Some(v)) = (p.versioning, p.version) {
        let name = if fields.iter().any(|(k, _, _)| k == "version") {
            "schema_version"
        } else {
            "version"
        };
        fields.push((
            name.into(),
            map([("type", "integer".into()), ("const", v.into())]),
            true,
        ));
    }
    if p.versioning == Some(Versioning::AdditiveOnly) {
        description.push_str(" Changes are additive only: readers ignore fields they do not know.");
    }
    let mut schema = fields_schema(&fields, description);
    if p.versioning == Some(Versioning::AdditiveOnly) {
        schema.set("additionalProperties", true);
    }
    named(schemas, c.message.clone(), schema)
}

/// The board's fields as drawn, for Stormlab to read back (`x-stormlab.fields`).
fn drawn(fields: &[Field]) -> Value {
    Value::List(
        fields
            .iter()
            .map(|f| {
                let mut m = map([("name", f.name.clone().into()), ("bytes", f.bytes.into())]);
                if f.ty != FieldType::String {
                    m.set("type", f.ty.word());
                }
                if !f.required {
                    m.set("required", false);
                }
                if !f.of.is_empty() {
                    m.set("of", drawn(&f.of));
                }
                m
            })
            .collect(),
    )
}

fn message(c: &Channel, schemas: &mut Schemas) -> Value {
    let p = c.props;
    let style = match p.payload {
        Payload::Fat => "fat",
        Payload::Notification => "notification",
        Payload::ClaimCheck => "claim_check",
    };
    let scope = match p.scope {
        Scope::Domain => "Domain event",
        Scope::Integration => "Integration event",
    };
    let mut m = map([
        ("name", c.message.clone().into()),
        ("title", c.event.label.clone().into()),
        (
            "summary",
            format!(
                "{scope} of {}; payload: {}.",
                context_name(c.producer),
                p.payload.name()
            )
            .into(),
        ),
        ("contentType", "application/json".into()),
    ]);
    if !c.event.notes.is_empty() {
        m.set("description", c.event.notes.clone());
    }
    if let (Some(Versioning::SchemaRegistry), Some(v)) = (p.versioning, p.version) {
        let id = map([
            ("type", "string".into()),
            (
                "description",
                format!("The schema registry's id of version {v}.").into(),
            ),
        ]);
        m.set(
            "headers",
            fields_schema(
                &[("schema_id".into(), id, true)],
                "Resolved through the schema registry.".into(),
            ),
        );
    }
    m.set("payload", payload(c, schemas));
    m.set("tags", tags(&[context_name(c.producer)]));
    let mut ext = map([("payload", style.into())]);
    // The board's fields as drawn (the payload shows only what the style carries), so that
    // importing the document gives them back.
    ext.set("fields", drawn(&p.fields));
    if let Some(v) = p.version {
        ext.set("version", v);
    }
    if let Some(v) = p.versioning {
        ext.set("versioning", v.name());
    }
    m.set("x-stormlab", ext);
    m
}

/// How a consumer receives, in words.
fn delivery(s: &StickySettings) -> String {
    let how = match s.delivery {
        DeliverySetting::Push { window } => {
            format!("pushed, at most {window} unacknowledged per instance")
        }
        DeliverySetting::Poll { interval_ms, batch } => {
            format!("polls every {interval_ms} ms for up to {batch}")
        }
    };
    let mut parts = vec![
        how,
        format!(
            "{} instance{}",
            s.instances,
            if s.instances == 1 { "" } else { "s" }
        ),
    ];
    if s.idempotent {
        parts.push("idempotent".into());
    }
    if s.ordered {
        parts.push("in order per key".into());
    }
    parts.push(format!(
        "{} attempt{}, then {}",
        s.max_attempts,
        if s.max_attempts == 1 { "" } else { "s" },
        if s.dead_letter {
            "the dead-letter queue"
        } else {
            "dropped"
        }
    ));
    parts.join("; ")
}

/// The document as a YAML value.
pub fn document(board: &Board, options: &Options) -> Value {
    let channels = channels(board, options);
    let only = options.context.and_then(|c| board.context(c));
    let board_title = if board.title.trim().is_empty() {
        "Untitled board"
    } else {
        board.title.as_str()
    };
    let title = match only {
        Some(c) => format!("{board_title}: {}", c.name),
        None => board_title.to_string(),
    };
    let what = if options.domain_events {
        "events"
    } else {
        "integration events"
    };
    let description = match only {
        Some(c) => format!("The events the {} context sends and receives, from the Stormlab board {board_title:?}.", c.name),
        None => format!("The {what} of the Stormlab board {board_title:?}, one channel each, with who sends and who receives them."),
    };
    let mut context_tags: Vec<&str> = Vec::new();
    for c in &channels {
        context_tags.push(context_name(c.producer));
        context_tags.extend(c.consumers.iter().map(|(_, ctx)| context_name(*ctx)));
    }
    let mut info = map([
        ("title", title.into()),
        ("version", "1.0.0".into()),
        ("description", description.into()),
    ]);
    if !context_tags.is_empty() {
        info.set("tags", tags(&context_tags));
    }
    let mut doc = map([
        ("asyncapi", ASYNCAPI_VERSION.into()),
        ("info", info),
        ("defaultContentType", "application/json".into()),
    ]);
    let mut channel_map = Vec::new();
    let mut operations = Vec::new();
    let mut messages = Vec::new();
    let mut op_ids = Unique::default();
    let mut schemas = Schemas::new();
    let mine = |ctx: Option<&Context>| {
        options.context.is_none() || ctx.is_some_and(|c| Some(c.id) == options.context)
    };
    for c in &channels {
        let producer = context_name(c.producer);
        let mut channel = map([
            ("address", c.address.clone().into()),
            ("title", c.event.label.clone().into()),
            (
                "description",
                format!(
                    "Published by {producer}; {} consumer{}.",
                    c.consumers.len(),
                    if c.consumers.len() == 1 { "" } else { "s" }
                )
                .into(),
            ),
        ]);
        channel.set(
            "messages",
            Value::Map(vec![(
                c.message.clone(),
                reference(&format!("#/components/messages/{}", c.message)),
            )]),
        );
        channel.set("tags", tags(&[producer]));
        channel_map.push((c.id.clone(), channel));
        messages.push((c.message.clone(), message(c, &mut schemas)));
        let operation = |action: &str,
                         title: String,
                         summary: String,
                         channel: &str,
                         message: &str,
                         ctx: &str| {
            map([
                ("action", action.into()),
                ("channel", reference(&format!("#/channels/{channel}"))),
                ("title", title.into()),
                ("summary", summary.into()),
                (
                    "messages",
                    Value::List(vec![reference(&format!(
                        "#/channels/{channel}/messages/{message}"
                    ))]),
                ),
                ("tags", tags(&[ctx])),
            ])
        };
        if mine(c.producer) {
            let id = op_ids.take(format!("send{}", c.message), "");
            let summary = format!("{producer} publishes {:?} when it happens.", c.event.label);
            operations.push((
                id,
                operation(
                    "send",
                    format!("{producer} sends {}", c.event.label),
                    summary,
                    &c.id,
                    &c.message,
                    producer,
                ),
            ));
        }
        for (consumer, ctx) in c.consumers.iter().filter(|(_, ctx)| mine(*ctx)) {
            let name = context_name(*ctx);
            let id = op_ids.take(
                format!("receive{}In{}", c.message, pascal(name, "NoContext")),
                "",
            );
            let kind = consumer.kind.name().to_lowercase();
            let summary = format!(
                "The {kind} {:?} of {name}: {}.",
                consumer.label,
                delivery(&consumer.settings)
            );
            operations.push((
                id,
                operation(
                    "receive",
                    format!("{name} receives {}", c.event.label),
                    summary,
                    &c.id,
                    &c.message,
                    name,
                ),
            ));
        }
        if c.props.payload == Payload::Notification {
            callback(
                c,
                &mine,
                &mut channel_map,
                &mut operations,
                &mut messages,
                &mut op_ids,
                &mut schemas,
            );
        }
    }
    doc.set("channels", Value::Map(channel_map));
    doc.set("operations", Value::Map(operations));
    doc.set(
        "components",
        map([
            ("schemas", Value::Map(schemas)),
            ("messages", Value::Map(messages)),
        ]),
    );
    doc
}

/// The callback a notification implies: consumers request the state, the producer replies.
fn callback(
    c: &Channel,
    mine: &dyn Fn(Option<&Context>) -> bool,
    channels: &mut Vec<(String, Value)>,
    operations: &mut Vec<(String, Value)>,
    messages: &mut Vec<(String, Value)>,
    op_ids: &mut Unique,
    schemas: &mut Schemas,
) {
    let producer = context_name(c.producer);
    let (request_channel, reply_channel) = (
        format!("{}StateRequest", c.id),
        format!("{}StateReply", c.id),
    );
    let (request, reply) = (
        format!("{}StateRequest", c.message),
        format!("{}State", c.message),
    );
    let id_only = fields_schema(
        &properties(c.props, true, &request, schemas),
        format!("Which {:?} to return the state of.", c.event.label),
    );
    let id_only = named(schemas, request.clone(), id_only);
    let full = fields_schema(
        &properties(c.props, false, &reply, schemas),
        format!(
            "The full state behind {:?} ({} bytes).",
            c.event.label,
            c.props.state_bytes()
        ),
    );
    let full = named(schemas, reply.clone(), full);
    for (msg, title, schema) in [(&request, "request", id_only), (&reply, "state", full)] {
        let mut m = map([
            ("name", msg.clone().into()),
            ("title", format!("{} ({title})", c.event.label).into()),
            ("contentType", "application/json".into()),
        ]);
        m.set("payload", schema);
        m.set("tags", tags(&[producer]));
        messages.push((msg.clone(), m));
    }
    let what = [
        format!("Consumers ask {producer} for the state behind a {:?} notification: the callback every consumer makes.", c.event.label),
        format!("{producer} answers with the state behind a {:?} notification.", c.event.label),
    ];
    for ((channel, suffix, msg), what) in [
        (&request_channel, "request", &request),
        (&reply_channel, "reply", &reply),
    ]
    .into_iter()
    .zip(what)
    {
        let mut ch = map([
            ("address", format!("{}.state.{suffix}", c.address).into()),
            ("title", format!("{} state {suffix}", c.event.label).into()),
            ("description", what.into()),
        ]);
        ch.set(
            "messages",
            Value::Map(vec![(
                msg.clone(),
                reference(&format!("#/components/messages/{msg}")),
            )]),
        );
        ch.set("tags", tags(&[producer]));
        channels.push((channel.clone(), ch));
    }
    let reply_to = map([
        ("channel", reference(&format!("#/channels/{reply_channel}"))),
        (
            "messages",
            Value::List(vec![reference(&format!(
                "#/channels/{reply_channel}/messages/{reply}"
            ))]),
        ),
    ]);
    let op = |action: &str, title: String, ctx: &str| {
        let mut o = map([
            ("action", action.into()),
            (
                "channel",
                reference(&format!("#/channels/{request_channel}")),
            ),
            ("title", title.into()),
            (
                "messages",
                Value::List(vec![reference(&format!(
                    "#/channels/{request_channel}/messages/{request}"
                ))]),
            ),
            ("reply", reply_to.clone()),
        ]);
        o.set("tags", tags(&[ctx]));
        o
    };
    if mine(c.producer) {
        let id = op_ids.take(format!("answer{}State", c.message), "");
        operations.push((
            id,
            op(
                "receive",
                format!("{producer} answers state requests for {}", c.event.label),
                producer,
            ),
        ));
    }
    for (_, ctx) in c.consumers.iter().filter(|(_, ctx)| mine(*ctx)) {
        let name = context_name(*ctx);
        let id = op_ids.take(
            format!("fetch{}StateIn{}", c.message, pascal(name, "NoContext")),
            "",
        );
        operations.push((
            id,
            op(
                "send",
                format!("{name} calls {producer} back for {}", c.event.label),
                name,
            ),
        ));
    }
}

/// The document as YAML.
pub fn to_asyncapi(board: &Board, options: &Options) -> String {
    to_yaml(&document(board, options))
}
