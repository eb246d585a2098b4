//! The control API's grammar is the door's (`door::grammar`): the patterns its OpenAPI
//! document gives, which a test here holds equal.

pub use crate::door::grammar::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_openapi_document_gives_these_patterns() {
        let doc: serde_json::Value =
            serde_json::from_str(super::super::OPENAPI).expect("the document is JSON");
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["Office"]["properties"]["number"]["pattern"],
            OFFICE_NUMBER
        );
        assert_eq!(schemas["SetClock"]["properties"]["at"]["pattern"], INSTANT);
        assert_eq!(schemas["NewWorld"]["properties"]["at"]["pattern"], INSTANT);
        assert_eq!(schemas["Advance"]["properties"]["by"]["pattern"], DURATION);
    }
}
