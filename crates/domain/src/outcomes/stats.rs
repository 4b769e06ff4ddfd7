//! Special functions for the outcome tests, accurate to about 1e-14 relative in the ranges the
//! report uses (checked against SciPy in the fixture tests):
//! - [`erfc`]: a power series for erf below 2 (all terms positive, no cancellation), a continued
//!   fraction (modified Lentz) from 2 up, with `exp(−x²)` split so that x² is not rounded.
//! - [`ln_gamma`], [`ln_beta`]: Stirling's series with Bernoulli terms above 10, the recurrence
//!   below; `ln_beta` follows R's `lbeta` arrangement so a large and a small argument do not
//!   cancel.
//! - [`inc_beta`]: the regularised incomplete beta function by its continued fraction (Lentz),
//!   used for Student's t ([`t_two_sided_p`]).

use std::f64::consts::{PI, SQRT_2};

/// Stop a continued fraction when a step changes it by less than this.
const CF_EPS: f64 = 3e-16;

/// ln √(2π).
const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// The complementary error function.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        return 1.0 - erf_series(x);
    }
    if x > 27.3 {
        return 0.0; // below the smallest subnormal
    }
    // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))).
    let tiny = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for k in 1..5000 {
        let a = k as f64 / 2.0;
        d = x + a * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = x + a / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < CF_EPS {
            break;
        }
    }
    exp_minus_square(x) / (PI.sqrt() * f)
}

/// erf(x) for 0 ≤ x < 2: 2/√π · exp(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)).
fn erf_series(x: f64) -> f64 {
    let two_x2 = 2.0 * x * x;
    let mut term = x;
    let mut sum = x;
    let mut n = 0.0;
    while term > sum * 1e-17 {
        n += 1.0;
        term *= two_x2 / (2.0 * n + 1.0);
        sum += term;
    }
    2.0 / PI.sqrt() * exp_minus_square(x) * sum
}

/// exp(−x²) without rounding x² first: x = h + r with h a multiple of 1/16 (h² exact).
fn exp_minus_square(x: f64) -> f64 {
    let h = (x * 16.0).trunc() / 16.0;
    let r = (x - h) * (x + h);
    (-h * h).exp() * (-r).exp()
}

/// Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).
pub fn normal_two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / SQRT_2).min(1.0)
}

/// lgamma(x) − Stirling's main part, for x ≥ 10 (Bernoulli series, error below 1e-17).
fn stirling_correction(x: f64) -> f64 {
    const C: [f64; 8] = [
        1.0 / 12.0,
        -1.0 / 360.0,
        1.0 / 1260.0,
        -1.0 / 1680.0,
        1.0 / 1188.0,
        -691.0 / 360360.0,
        1.0 / 156.0,
        -3617.0 / 122400.0,
    ];
    let inv2 = 1.0 / (x * x);
    let mut sum = 0.0;
    for c in C.iter().rev() {
        sum = sum * inv2 + c;
    }
    sum / x
}

/// ln Γ(x) for x > 0.
pub fn ln_gamma(x: f64) -> f64 {
    if x >= 10.0 {
        return (x - 0.5) * x.ln() - x + LN_SQRT_2PI + stirling_correction(x);
    }
    let mut prod = 1.0;
    let mut y = x;
    while y < 10.0 {
        prod *= y;
        y += 1.0;
    }
    ln_gamma(y) - prod.ln()
}

/// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), arranged as R's `lbeta` to avoid cancellation.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    let (p, q) = if a < b { (a, b) } else { (b, a) };
    let s = p + q;
    if p >= 10.0 {
        let corr = stirling_correction(p) + stirling_correction(q) - stirling_correction(s);
        -0.5 * q.ln() + LN_SQRT_2PI + corr + (p - 0.5) * (p / s).ln() + q * (-p / s).ln_1p()
    } else if q >= 10.0 {
        let corr = stirling_correction(q) - stirling_correction(s);
        ln_gamma(p) + corr + p - p * s.ln() + (q - 0.5) * (-p / s).ln_1p()
    } else {
        ln_gamma(p) + ln_gamma(q) - ln_gamma(s)
    }
}

/// The regularised incomplete beta function Iₓ(a, b); `y` must be 1 − x, passed separately so a
/// caller can give it without rounding.
pub fn inc_beta(a: f64, b: f64, x: f64, y: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if y <= 0.0 {
        return 1.0;
    }
    inc_beta_logs(a, b, x, y, x.ln(), y.ln())
}

/// [`inc_beta`] with ln x and ln y given by the caller (more exact when x is near 1).
fn inc_beta_logs(a: f64, b: f64, x: f64, y: f64, ln_x: f64, ln_y: f64) -> f64 {
    let front = (a * ln_x + b * ln_y - ln_beta(a, b)).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_cf(a, b, x) / a
    } else {
        1.0 - front * beta_cf(b, a, y) / b
    }
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    let tiny = 1e-300;
    let clamp = |v: f64| if v.abs() < tiny { tiny } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / clamp(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..100_000 {
        let m = m as f64;
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / clamp(1.0 + aa * d);
        c = clamp(1.0 + aa / c);
        let delta = d * c;
        h *= delta;
        if (delta - 1.0).abs() < CF_EPS {
            break;
        }
    }
    h
}

/// Two-sided p-value of Student's t with `df` degrees of freedom: P(|T| ≥ |t|) =
/// I_{df/(df+t²)}(df/2, 1/2).
pub fn t_two_sided_p(t: f64, df: f64) -> f64 {
    if t.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if t == 0.0 {
        return 1.0;
    }
    if t.is_infinite() {
        return 0.0;
    }
    let t2 = t * t;
    // x = df/(df + t²), y = t²/(df + t²), with their logarithms from ln(1 + r).
    let (x, y, ln_x, ln_y) = if t2 < df {
        let r = t2 / df;
        let l = r.ln_1p();
        (1.0 / (1.0 + r), r / (1.0 + r), -l, r.ln() - l)
    } else {
        let r = df / t2;
        let l = r.ln_1p();
        (r / (1.0 + r), 1.0 / (1.0 + r), r.ln() - l, -l)
    };
    inc_beta_logs(df / 2.0, 0.5, x, y, ln_x, ln_y).min(1.0)
}
