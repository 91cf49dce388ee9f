//! An AsyncAPI document (3.0 or 2.6, references resolved) as the applications it describes and
//! the messages each sends, receives, answers and asks for. A document describes one
//! application (its `info.title`); Stormlab's own export describes a whole board, so there each
//! operation's first tag names its bounded context.

use serde_json::Value;
use stormlab_board::document::Field;
use stormlab_board::{Payload, Versioning};

use crate::schema;
use crate::shown;

/// A message as the board needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// Its name in the contract (`OrderPlaced`, `commentLiked`).
    pub name: String,
    /// The sticky's text (the message's title, or its name).
    pub label: String,
    /// Its description or summary.
    pub notes: String,
    pub fields: Vec<Field>,
    /// Stormlab's own payload settings (`x-stormlab`), when the document is one of our exports.
    pub stormlab: Option<(Payload, Option<u32>, Option<Versioning>)>,
}

/// A message on a channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    /// The channel's address (its key in 2.6).
    pub address: String,
    pub message: Message,
}

/// An application and what it sends and receives.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct App {
    pub name: String,
    pub sends: Vec<Flow>,
    pub receives: Vec<Flow>,
    /// Requests it answers: the request and the reply.
    pub answers: Vec<(Flow, Flow)>,
    /// Requests it makes: the request and the reply it expects.
    pub asks: Vec<(Flow, Flow)>,
}

/// The applications of a document; `raw` is the document as written (its operations'
/// references name their channels and messages), `doc` with references resolved.
pub fn apps(raw: &Value, doc: &Value, path: &str) -> Result<Vec<App>, String> {
    let version = doc
        .get("asyncapi")
        .and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_f64().map(|f| f.to_string()))
        })
        .ok_or_else(|| format!("{path}: no `asyncapi` version: is this an AsyncAPI document?"))?;
    let title = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| format!("{path}: info.title is missing (it names the application)"))?
        .to_string();
    if version.starts_with("3.") {
        v3(raw, doc, &title)
    } else if version.starts_with("2.") {
        v2(raw, doc, &title)
    } else {
        Err(format!(
            "{path}: asyncapi {} is not read here (AsyncAPI 3.0 and 2.x are)",
            shown(&version)
        ))
    }
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The message `m`, known by `fallback` when it has no name of its own.
fn message(m: &Value, fallback: &str) -> Message {
    let name = text(m, "name")
        .or_else(|| text(m, "messageId"))
        .unwrap_or_else(|| fallback.to_string());
    let label = text(m, "title").unwrap_or_else(|| upper_first(&name));
    let notes = text(m, "description")
        .or_else(|| text(m, "summary"))
        .unwrap_or_default();
    // Stormlab's export keeps the board's fields as drawn beside the payload.
    let drawn = m
        .pointer("/x-stormlab/fields")
        .and_then(|f| serde_json::from_value::<Vec<Field>>(f.clone()).ok());
    let fields = drawn
        .or_else(|| m.get("payload").map(schema::fields))
        .unwrap_or_default();
    let stormlab = m.get("x-stormlab").map(|x| {
        let payload = x
            .get("payload")
            .and_then(Value::as_str)
            .and_then(Payload::from_word)
            .unwrap_or_default();
        let version = x.get("version").and_then(Value::as_u64).map(|v| v as u32);
        let versioning = x
            .get("versioning")
            .and_then(Value::as_str)
            .and_then(|n| Versioning::ALL.into_iter().find(|v| v.name() == n));
        (payload, version, versioning)
    });
    Message {
        name,
        label,
        notes,
        fields,
        stormlab,
    }
}

/// `s` with its first letter in upper case (`commentLiked` gives `CommentLiked`).
pub(crate) fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The last part of a reference (`#/channels/x/messages/y` gives `y`).
fn last(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

fn reference(v: &Value) -> Option<&str> {
    v.get("$ref").and_then(Value::as_str)
}

/// The context an operation belongs to: the document's application, or (in Stormlab's export)
/// its first tag.
fn owner(op: &Value, title: &str, ours: bool) -> String {
    if ours {
        if let Some(tag) = op.pointer("/tags/0/name").and_then(Value::as_str) {
            return tag.to_string();
        }
    }
    title.to_string()
}

fn app<'a>(apps: &'a mut Vec<App>, name: &str) -> &'a mut App {
    if let Some(i) = apps.iter().position(|a| a.name == name) {
        return &mut apps[i];
    }
    apps.push(App {
        name: name.to_string(),
        ..App::default()
    });
    apps.last_mut().expect("just pushed")
}

/// Stormlab's own export: its messages carry `x-stormlab`.
fn ours(doc: &Value, messages: &str) -> bool {
    doc.pointer(messages)
        .and_then(Value::as_object)
        .is_some_and(|m| m.values().any(|m| m.get("x-stormlab").is_some()))
}

/// AsyncAPI 3.0: operations name a channel and its messages; `send` and `receive` are the
/// application's own.
fn v3(raw: &Value, doc: &Value, title: &str) -> Result<Vec<App>, String> {
    let ours = ours(doc, "/components/messages");
    let mut apps = vec![App {
        name: title.to_string(),
        ..App::default()
    }];
    let Some(ops) = raw.get("operations").and_then(Value::as_object) else {
        return Ok(apps);
    };
    for (id, op_raw) in ops {
        let at = format!("operations.{id}");
        let op = doc
            .pointer(&format!(
                "/operations/{}",
                id.replace('~', "~0").replace('/', "~1")
            ))
            .unwrap_or(op_raw);
        let action =
            text(op, "action").ok_or_else(|| format!("{at}.action: missing (send or receive)"))?;
        let flows = flows_v3(op_raw, op, &at)?;
        let who = owner(op, title, ours);
        let reply = op.get("reply").filter(|r| !r.is_null());
        let me = app(&mut apps, &who);
        match (action.as_str(), reply) {
            ("send", None) => me.sends.extend(flows),
            ("receive", None) => me.receives.extend(flows),
            (action @ ("send" | "receive"), Some(reply)) => {
                let replies = reply_flows(reply, &format!("{at}.reply"))?;
                for request in flows {
                    for r in &replies {
                        let pair = (request.clone(), r.clone());
                        if action == "receive" {
                            me.answers.push(pair);
                        } else {
                            me.asks.push(pair);
                        }
                    }
                }
            }
            (other, _) => {
                return Err(format!(
                    "{at}.action: {} is neither send nor receive",
                    shown(other)
                ))
            }
        }
    }
    apps.retain(|a| {
        !(a.sends.is_empty() && a.receives.is_empty() && a.answers.is_empty() && a.asks.is_empty())
    });
    Ok(apps)
}

/// The messages of a 3.0 operation on its channel (all of the channel's when it lists none).
fn flows_v3(op_raw: &Value, op: &Value, at: &str) -> Result<Vec<Flow>, String> {
    let channel_ref = op_raw
        .get("channel")
        .and_then(reference)
        .ok_or_else(|| format!("{at}.channel: missing, or not a reference to a channel"))?;
    let channel = op
        .get("channel")
        .filter(|c| c.is_object())
        .ok_or_else(|| format!("{at}.channel: {} is not a channel", shown(channel_ref)))?;
    let address = channel_address(channel, last(channel_ref));
    let listed: Vec<(String, Value)> = match op.get("messages").and_then(Value::as_array) {
        Some(ms) if !ms.is_empty() => ms
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let key = op_raw
                    .pointer(&format!("/messages/{i}"))
                    .and_then(reference)
                    .map(last)
                    .unwrap_or("message");
                (key.to_string(), m.clone())
            })
            .collect(),
        _ => channel_messages(channel),
    };
    Ok(listed
        .into_iter()
        .map(|(key, m)| Flow {
            address: address.clone(),
            message: message(&m, &key),
        })
        .collect())
}

fn channel_address(channel: &Value, id: &str) -> String {
    text(channel, "address").unwrap_or_else(|| id.to_string())
}

fn channel_messages(channel: &Value) -> Vec<(String, Value)> {
    channel
        .get("messages")
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

/// A 3.0 reply: its channel's messages (or those it lists).
fn reply_flows(reply: &Value, at: &str) -> Result<Vec<Flow>, String> {
    let channel = reply.get("channel").filter(|c| c.is_object());
    let address = channel
        .map(|c| channel_address(c, "reply"))
        .or_else(|| {
            reply
                .pointer("/address/location")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| "reply".into());
    let listed: Vec<(String, Value)> = match reply.get("messages").and_then(Value::as_array) {
        Some(ms) if !ms.is_empty() => ms
            .iter()
            .map(|m| ("reply".to_string(), m.clone()))
            .collect(),
        _ => channel.map(channel_messages).unwrap_or_default(),
    };
    if listed.is_empty() {
        return Err(format!("{at}: a reply with no message"));
    }
    Ok(listed
        .into_iter()
        .map(|(key, m)| Flow {
            address: address.clone(),
            message: message(&m, &key),
        })
        .collect())
}

/// AsyncAPI 2.x: a channel's `subscribe` is what the application sends, its `publish` what it
/// receives (others publish to it).
fn v2(raw: &Value, doc: &Value, title: &str) -> Result<Vec<App>, String> {
    let ours = ours(doc, "/components/messages");
    let mut apps = vec![App {
        name: title.to_string(),
        ..App::default()
    }];
    let Some(channels) = doc.get("channels").and_then(Value::as_object) else {
        return Ok(apps);
    };
    for (address, channel) in channels {
        for (verb, sends) in [("subscribe", true), ("publish", false)] {
            let Some(op) = channel.get(verb) else {
                continue;
            };
            let at = format!("channels.{address}.{verb}");
            let m = op
                .get("message")
                .ok_or_else(|| format!("{at}.message: missing"))?;
            let raw_m = raw.pointer(&format!(
                "/channels/{}/{verb}/message",
                address.replace('~', "~0").replace('/', "~1")
            ));
            let alternatives: Vec<(String, &Value)> = match m.get("oneOf").and_then(Value::as_array)
            {
                Some(all) => all
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let key = raw_m
                            .and_then(|r| r.pointer(&format!("/oneOf/{i}")))
                            .and_then(reference)
                            .map_or_else(
                                || format!("{}Message{}", op_name(op, address), i + 1),
                                |r| last(r).to_string(),
                            );
                        (key, m)
                    })
                    .collect(),
                None => vec![(
                    raw_m.and_then(reference).map_or_else(
                        || format!("{}Message", op_name(op, address)),
                        |r| last(r).to_string(),
                    ),
                    m,
                )],
            };
            let who = owner(op, title, ours);
            let me = app(&mut apps, &who);
            for (key, m) in alternatives {
                let flow = Flow {
                    address: address.clone(),
                    message: message(m, &key),
                };
                if sends {
                    me.sends.push(flow);
                } else {
                    me.receives.push(flow);
                }
            }
        }
    }
    apps.retain(|a| !(a.sends.is_empty() && a.receives.is_empty()));
    Ok(apps)
}

fn op_name(op: &Value, address: &str) -> String {
    text(op, "operationId").unwrap_or_else(|| {
        address
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(upper_first)
            .collect()
    })
}
