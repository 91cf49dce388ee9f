//! Numbers for people: simulated time and latencies as the panels print them.

/// Simulated microseconds as seconds: "12.345 s".
pub fn secs(us: u64) -> String {
    format!("{:.3} s", us as f64 / 1e6)
}

/// Microseconds as milliseconds: "3.2 ms", or whole milliseconds from 100 ms up.
pub fn ms(us: f64) -> String {
    if us >= 100_000.0 {
        format!("{:.0} ms", us / 1e3)
    } else {
        format!("{:.1} ms", us / 1e3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(secs(12_345_678), "12.346 s");
        assert_eq!(ms(3_240.0), "3.2 ms");
        assert_eq!(ms(99_949.0), "99.9 ms");
        assert_eq!(ms(264_400.0), "264 ms");
    }
}
