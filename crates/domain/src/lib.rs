//! Regie's domain: the words of the field as Rust types, and the rules that hold whatever the
//! storage. **Architecture invariant:** this crate does no I/O (no database, no network, no clock
//! reads except where a caller passes `today`).

pub mod catalogue;
pub mod fidelity;
pub mod methods;
pub mod history;
pub mod instrument;
pub mod network;
pub mod outcomes;
pub mod phase;
pub mod plan;
pub mod record;
pub mod results;
pub mod rng;
pub mod signals;
pub mod strengths;
pub mod suggest;
pub mod validate;
pub mod zrm_view;

pub use validate::{FieldErrors, Invalid};
