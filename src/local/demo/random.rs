//! Seeded random choices.

use fastrand::Rng;

pub(super) fn pick<'a, T>(rng: &mut Rng, xs: &'a [T]) -> &'a T {
    &xs[rng.usize(..xs.len())]
}

/// A different option value of a SingleSelect than `current`.
pub(super) fn other_option(
    rng: &mut Rng,
    options: &[(&'static str, &str)],
    current: &str,
) -> &'static str {
    loop {
        let (v, _) = *pick(rng, options);
        if v != current {
            return v;
        }
    }
}

pub(super) fn hex(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from_digit(rng.u32(..16), 16).expect("hex digit"))
        .collect()
}

pub(super) fn uuidish(rng: &mut Rng) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        hex(rng, 8),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 4),
        hex(rng, 12)
    )
}

/// Pick an index by weight; zero weights are never picked.
pub(super) fn weighted(rng: &mut Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut x = rng.f64() * total;
    for (i, w) in weights.iter().enumerate() {
        if *w > 0.0 {
            if x < *w {
                return i;
            }
            x -= w;
        }
    }
    weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
}
