pub mod drafts;
pub mod local;
pub mod pty;
pub mod radar;
