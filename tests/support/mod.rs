pub mod drafts;
pub mod pty;
