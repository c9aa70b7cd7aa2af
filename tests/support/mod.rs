pub mod cli;
pub mod drafts;
pub mod exec;
pub mod local;
pub mod pty;
pub mod radar;
pub mod reads;
