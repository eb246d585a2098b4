//! The JSON Schema of the scenario format, made for editors: schemars' schema of the
//! model, completed with the names a scenario may use (profiles, rule IDs, entry pages,
//! screen titles, fields, buttons) and cleared of what yaml-language-server cannot read
//! (`"default": null`, nullable types, Rust type names as titles).

use eseikyu_screens::catalogue::{Names, catalogue};
use serde_json::{Map, Value, json};

/// The schema, pretty-printed (committed as `harness/scenario.schema.json`).
pub fn schema() -> String {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(super::model::RawScenario)).unwrap_or_default();
    tidy(&mut schema);
    complete(&mut schema);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Removes null defaults, the `null` of optional types, integer formats, and titles that
/// are Rust type names.
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("default").is_some_and(Value::is_null) {
                o.remove("default");
            }
            if let Some(Value::Array(types)) = o.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types[0].clone();
                    o.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = o.get_mut("anyOf") {
                any.retain(|t| t.get("type").is_none_or(|t| t != "null"));
            }
            o.remove("format");
            if o.get("title").is_some_and(Value::is_string) {
                o.remove("title");
            }
            o.values_mut().for_each(tidy);
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Adds the names a scenario may use, as enums (exact) or completions (any text still
/// allowed: names match after NFKC normalisation, and `${…}` may fill them).
fn complete(schema: &mut Value) {
    let c = catalogue();
    if let Some(o) = schema.as_object_mut() {
        o.remove("title");
    }
    let props = &mut schema["properties"];
    props["profile"]["enum"] = json!(eseikyu_core::profile::PROFILE_NAMES);
    props["covers"]["items"]["enum"] = json!(crate::rules::ids());
    props["vary"]["items"] = json!({
        "type": "object",
        "description": "One run: `${name}` values, and its own `at`, `profile` or `label` if given.",
        "properties": {
            "label": { "type": "string", "description": "The run's name in reports." },
            "at": { "type": "string", "description": "Its start instant, with offset." },
            "profile": { "type": "string", "enum": eseikyu_core::profile::PROFILE_NAMES,
                         "description": "The release profile it runs under." }
        },
        "additionalProperties": scalar()
    });
    schema["$defs"]["OneOrMany"]["anyOf"] =
        json!([scalar(), { "type": "array", "items": scalar() }]);
    // An office's value may be a `vary:` value put in as text (`claim: ${claim}`).
    if let Some(office) = schema["$defs"]["OfficeSpec"]["properties"].as_object_mut() {
        for prop in office.values_mut() {
            let mut written = prop.take();
            let about = written
                .as_object_mut()
                .and_then(|o| o.remove("description"))
                .unwrap_or_default();
            *prop = json!({ "description": about, "anyOf": [
                written, { "type": "string", "pattern": "\\$\\{[^}]+\\}" }
            ] });
        }
    }
    let Some(steps) = schema["$defs"]["RawStep"]["oneOf"].as_array_mut() else {
        return;
    };
    for step in steps {
        // A step without an argument (`- back`) is a plain string: nothing to offer.
        let Some(properties) = step.get_mut("properties").and_then(Value::as_object_mut) else {
            continue;
        };
        let Some((key, arg)) = properties.iter_mut().next() else {
            continue;
        };
        match key.as_str() {
            "open" => {
                *arg = json!({ "type": "string", "enum": c.openable.iter().collect::<Vec<_>>() })
            }
            "screen" => *arg = suggest(&c.titles),
            "check" | "uncheck" => *arg = suggest(&c.fields),
            "as" => *arg = json!({ "type": ["string", "integer"] }),
            "fill" | "choose" => {
                let named: Map<String, Value> =
                    c.fields.iter().map(|f| (f.to_string(), scalar())).collect();
                arg["properties"] = Value::Object(named);
                arg["additionalProperties"] = scalar();
            }
            "press" => {
                *arg = json!({ "anyOf": [
                    suggest(&c.pressables),
                    { "type": "object",
                      "properties": { "button": suggest(&c.pressables),
                                      "row": { "type": ["string", "integer"],
                                               "description": "A row number (1-based) or the text of one of its cells." } },
                      "required": ["button", "row"],
                      "additionalProperties": false } ] });
            }
            _ => {}
        }
    }
}

/// A value written as text; YAML numbers and booleans are read as written.
fn scalar() -> Value {
    json!({ "type": ["string", "number", "boolean"] })
}

/// A text, with `names` offered for completion.
fn suggest(names: &Names) -> Value {
    json!({ "anyOf": [ { "enum": names.iter().collect::<Vec<_>>() }, { "type": "string" } ] })
}
