//! The main screens under the case view: the domain picker and the case list.

pub mod cases;
pub mod domains;
