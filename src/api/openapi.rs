//! The OpenAPI 3.1 document: the description common to every operation (the bearer scheme, the
//! problem+json error responses, and the domain's closed sets, whose schemas `closed_set!`
//! derives where they are declared), to which each resource module adds its
//! operations through `utoipa_axum`. [`finish`] adds the error answers every operation can
//! give, by what the operation is (authenticated, writing, with a body).

use utoipa::openapi::path::{HttpMethod, Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, OpenApi as Document, RefOr, Required};
use utoipa::{OpenApi, ToResponse};

use super::problem::{Problem, ProblemField};
use crate::auth::program::PROGRAM_PARAM;
use crate::domain::kinds::{HazardClass, IntendedUse, MaterialUnit, TransferState};
use crate::domain::scorecard::Basis;
use crate::domain::status::{Status, Yardstick};
use crate::domain::{
    Aggregation, Assurance, DataQuality, Direction, Frequency, IndicatorKind, MilestoneStatus,
    ObservationStatus, OrganisationKind, ReportState, SubmissionStatus,
};

/// The document's fixed part.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pilar API",
        version = "1",
        description = "The REST API of Pilar, which tracks the Tsingshan–UNIDO sustainable-nickel pilot at the Indonesia Weda Bay Industrial Park. A tenant's systems read what is due, post their figures (one at a time or in batches of up to 1,000), fix returned ones, and compare themselves with the park; program managers review.\n\nEvery resource needs `Authorization: Bearer pilar_…` (a token an admin issues for one organisation, scope `read` or `write`). JSON in and out; every error is `application/problem+json` (RFC 9457) with `errors[].pointer` naming each field at fault. Writes accept an `Idempotency-Key` (kept 24 hours per organisation); updates need `If-Match` with the `ETag` read.",
        license(name = "MIT", identifier = "MIT")
    ),
    servers((url = "/", description = "This Pilar server")),
    security(("bearer" = [])),
    tags(
        (name = "account", description = "The token in use"),
        (name = "program", description = "The program's structure: program, pillars, indicators with targets and submission rules, organisations, milestones"),
        (name = "reporting", description = "What the calling organisation must report, and its state"),
        (name = "observations", description = "Reported figures: read, create, change, submit"),
        (name = "review", description = "Program managers approve, return and reopen reports"),
        (name = "figures", description = "An indicator's series: the park and the caller's own figures"),
        (name = "publication", description = "Program managers publish periods into the public transparency log"),
        (name = "flows", description = "The material-flow ledger: materials, an organisation's monthly ledger, transfers between organisations (recorded by the sender, confirmed or disputed by the receiver), the park's flows and the indicators computed from them"),
    ),
    components(
        schemas(
            Problem, ProblemField, ObservationStatus, SubmissionStatus, Assurance, DataQuality, IndicatorKind, Frequency,
            Direction, Aggregation, ReportState, MilestoneStatus, OrganisationKind, Status, Basis,
            Yardstick, MaterialUnit, HazardClass, IntendedUse, TransferState
        ),
        responses(
            BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PreconditionFailed,
            PayloadTooLarge, UnsupportedMediaType, ValidationFailed, PreconditionRequired,
            TooManyRequests
        )
    )
)]
struct Base;

/// The fixed part of the document.
pub fn base() -> Document {
    Base::openapi()
}

/// `?program=CODE`, which every operation takes (`auth::program::resolve_for_token`).
fn program_parameter() -> Parameter {
    ParameterBuilder::new()
        .name(PROGRAM_PARAM)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(
            "The program the call reads or writes, by code; the token's first program (earliest start) when absent. A program the token's organisation takes no part in answers 403, whether it exists or not.",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .example(Some(serde_json::json!("IWIP-P1")))
        .build()
}

/// Completes the document: the bearer scheme, the `program` parameter of every operation,
/// and the errors every operation can answer.
pub fn finish(document: &mut Document) {
    let components = document.components.get_or_insert_with(Components::new);
    components.security_schemes.insert(
        "bearer".into(),
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("pilar_ followed by 43 base64url characters")
                .description(Some(
                    "An API token issued by an admin for one organisation (scope read or write).",
                ))
                .build(),
        ),
    );
    for item in document.paths.paths.values_mut() {
        let operations: [(HttpMethod, &mut Option<Operation>); 4] = [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Delete, &mut item.delete),
        ];
        for (method, operation) in operations {
            let Some(operation) = operation else { continue };
            // The bearer step reads `?program=` on every call (`auth::program`).
            let parameters = operation.parameters.get_or_insert_with(Vec::new);
            if !parameters.iter().any(|p| p.name == PROGRAM_PARAM) {
                parameters.push(program_parameter());
            }
            // A key reused for a different request is refused with 422, body or not (found by
            // schemathesis on `submit`, which takes no body).
            let takes_idempotency_key = operation
                .parameters
                .as_ref()
                .is_some_and(|all| all.iter().any(|p| p.name == "Idempotency-Key"));
            let mut add = |status: &str, name: &str| {
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::Ref(utoipa::openapi::Ref::from_response_name(name)));
            };
            add("401", "Unauthorized");
            add("429", "TooManyRequests");
            // `?program=` naming a program the token may not enter, on any operation.
            add("403", "Forbidden");
            // Every operation takes a query (`?program=`), and an address holding a NUL
            // character is refused before any handler reads it (`auth::edge`), on any
            // operation (found by schemathesis once `program` was declared everywhere).
            add("400", "BadRequest");
            if method != HttpMethod::Get {
                add("413", "PayloadTooLarge");
            }
            if operation.request_body.is_some() {
                add("415", "UnsupportedMediaType");
            }
            if operation.request_body.is_some() || takes_idempotency_key {
                add("422", "ValidationFailed");
            }
        }
    }
}

macro_rules! problem_response {
    ($(#[doc = $doc:literal] $name:ident;)+) => {
        $(
            #[doc = $doc]
            #[derive(ToResponse)]
            #[response(content_type = "application/problem+json")]
            #[allow(dead_code)]
            pub struct $name(Problem);
        )+
    };
}

problem_response! {
    /// Malformed request: the body is not JSON, a query parameter or the cursor is unreadable, the address holds a NUL character, the Idempotency-Key is malformed.
    BadRequest;
    /// No valid token: missing, malformed, unknown, expired or revoked.
    Unauthorized;
    /// The token may not do this: a read token writing, a tenant reviewing, a reviewer reviewing their own organisation's report, `?program=` naming a program the token's organisation takes no part in.
    Forbidden;
    /// No such resource, or one that belongs to another organisation.
    NotFound;
    /// The request conflicts with the stored state: approved and locked, awaiting review, already reported for the period. A batch lists every conflicting item in `errors`.
    Conflict;
    /// The observation changed since it was read: the If-Match (or a batch item's version) is not the current version. A batch lists every stale item in `errors`.
    PreconditionFailed;
    /// The body is larger than 4 MiB.
    PayloadTooLarge;
    /// The body is not declared as JSON (Content-Type: application/json).
    UnsupportedMediaType;
    /// Well-formed input that breaks a rule; `errors` names every field at fault (for a batch: `/items/{index}/{field}`), and nothing was stored. Also: an Idempotency-Key reused for a different request.
    ValidationFailed;
    /// An update without If-Match.
    PreconditionRequired;
    /// The token has used its request budget; retry after the seconds in Retry-After.
    TooManyRequests;
}
