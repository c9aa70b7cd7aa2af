//! The main screens under the case view: the domain picker and the case list.

pub mod cases;
mod columns;
pub mod domains;

pub use columns::known_names as columns_known;
