pub mod drafts;
pub mod local;
pub mod pty;
