//! Handing memory the app freed back to the system once the terminal idles.
//!
//! The binary's allocator is mimalloc (v3). It returns freed memory to the system only
//! `purge_delay` (1 s) after it was freed, and only at a later allocator call: a session that
//! loaded a long history and then waits for a key kept tens of MB it no longer used (166 MB
//! resident for 100k events against ~80 MB live; BENCHMARKS.md). Purging at once
//! (`purge_delay` 0) costs every allocation burst a decommit and the page faults after it
//! (measured 20–60% slower loading), so the delay stays and the event loop asks the allocator to
//! collect on a few idle ticks instead: when nothing but ticks came for a second, and twice more
//! a second apart (what the first collection freed expires a second later). A key, a page or a
//! finished call starts the count again. Outside idleness this costs nothing.

// mimalloc's C library (built by `libmimalloc-sys`, under the `mimalloc` crate) exports this;
// `libmimalloc-sys` declares it only behind its `extended` feature, which would add a crate for
// one function. Naming the crate links the library where nothing else uses it (the lib's tests).
extern crate mimalloc as _;

unsafe extern "C" {
    /// Free the calling thread's empty pages and purge what expired (`force`: all of it now).
    fn mi_collect(force: bool);
}

/// Idle ticks (100 ms each) before the first collection, and between the later ones.
const EVERY: u32 = 10;
/// Collections after a burst of work; then nothing until the next one.
const TIMES: u32 = 3;

/// Counts idle ticks and collects on some of them. One per event loop.
#[derive(Debug, Default)]
pub struct IdleCollect {
    idle_ticks: u32,
}

impl IdleCollect {
    /// Called after each batch of messages the loop applied; `only_ticks` when the batch held
    /// nothing but `Msg::Tick`. Returns whether it collected.
    pub fn after_batch(&mut self, only_ticks: bool) -> bool {
        if !only_ticks {
            self.idle_ticks = 0;
            return false;
        }
        self.idle_ticks = self.idle_ticks.saturating_add(1);
        let due = self.idle_ticks.is_multiple_of(EVERY) && self.idle_ticks <= EVERY * TIMES;
        if due {
            // SAFETY: `mi_collect` takes no pointers and may be called from any thread at any
            // time; it only touches the allocator's own state.
            unsafe { mi_collect(false) };
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_three_times_a_second_apart_after_a_second_of_idleness() {
        let mut idle = IdleCollect::default();
        let collected: Vec<u32> = (1..=60).filter(|_| idle.after_batch(true)).collect();
        assert_eq!(collected, vec![10, 20, 30]);
    }

    #[test]
    fn any_other_message_starts_the_count_again() {
        let mut idle = IdleCollect::default();
        for _ in 0..9 {
            assert!(!idle.after_batch(true));
        }
        assert!(!idle.after_batch(false));
        for _ in 0..9 {
            assert!(!idle.after_batch(true));
        }
        assert!(idle.after_batch(true));
    }
}
