//! Pan and zoom: the mapping between screen pixels and board units.

use serde::{Deserialize, Serialize};

use crate::document::Rect;

/// Zoom limits.
pub const MIN_ZOOM: f64 = 0.1;
/// Zoom limits.
pub const MAX_ZOOM: f64 = 3.0;

/// `screen = world * zoom + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewport {
    /// Horizontal offset in pixels.
    pub x: f64,
    /// Vertical offset in pixels.
    pub y: f64,
    /// Scale.
    pub zoom: f64,
}

impl Default for Viewport {
    fn default() -> Viewport {
        Viewport {
            x: 40.0,
            y: 40.0,
            zoom: 1.0,
        }
    }
}

impl Viewport {
    /// Board coordinates of a screen point.
    pub fn to_world(&self, sx: f64, sy: f64) -> (f64, f64) {
        ((sx - self.x) / self.zoom, (sy - self.y) / self.zoom)
    }

    /// Screen coordinates of a board point.
    pub fn to_screen(&self, wx: f64, wy: f64) -> (f64, f64) {
        (wx * self.zoom + self.x, wy * self.zoom + self.y)
    }

    /// Zooms by `factor`, keeping the board point under (sx, sy) in place.
    pub fn zoom_at(&self, sx: f64, sy: f64, factor: f64) -> Viewport {
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.to_world(sx, sy);
        Viewport {
            x: sx - wx * zoom,
            y: sy - wy * zoom,
            zoom,
        }
    }

    /// The view after a two-finger pinch that started with the fingers at `start` and has them
    /// at `now` (screen points): zoomed by how far the fingers spread, with the board point
    /// that was between them at the start kept between them.
    pub fn pinched(&self, start: [(f64, f64); 2], now: [(f64, f64); 2]) -> Viewport {
        let spread = |p: [(f64, f64); 2]| (p[0].0 - p[1].0).hypot(p[0].1 - p[1].1);
        let mid = |p: [(f64, f64); 2]| ((p[0].0 + p[1].0) / 2.0, (p[0].1 + p[1].1) / 2.0);
        let factor = if spread(start) > 1.0 {
            spread(now) / spread(start)
        } else {
            1.0
        };
        let zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let (wx, wy) = self.to_world(mid(start).0, mid(start).1);
        let (mx, my) = mid(now);
        Viewport {
            x: mx - wx * zoom,
            y: my - wy * zoom,
            zoom,
        }
    }

    /// The view that shows `bounds` whole and centred in a `width` x `height` screen.
    pub fn fit(bounds: Rect, width: f64, height: f64, margin: f64) -> Viewport {
        let zoom = ((width - 2.0 * margin) / bounds.w)
            .min((height - 2.0 * margin) / bounds.h)
            .clamp(MIN_ZOOM, 1.5);
        let (cx, cy) = bounds.center();
        Viewport {
            x: width / 2.0 - cx * zoom,
            y: height / 2.0 - cy * zoom,
            zoom,
        }
    }

    /// The view panned as little as it takes to show `rect` (board units) inside a `width` x
    /// `height` screen, `margin` pixels from its edges, at the same zoom: the edited sticky
    /// kept in sight when an on-screen keyboard takes the lower half of a phone. A rect too
    /// large for the screen shows its top left corner.
    pub fn reveal(&self, rect: Rect, width: f64, height: f64, margin: f64) -> Viewport {
        let along = |offset: f64, start: f64, size: f64, screen: f64| {
            let (low, high) = (
                start * self.zoom + offset,
                (start + size) * self.zoom + offset,
            );
            if low < margin || high - low > screen - 2.0 * margin {
                offset + margin - low
            } else if high > screen - margin {
                offset - (high - (screen - margin))
            } else {
                offset
            }
        };
        Viewport {
            x: along(self.x, rect.x, rect.w, width),
            y: along(self.y, rect.y, rect.h, height),
            zoom: self.zoom,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinch_zooms_by_the_spread_and_keeps_the_point_between_the_fingers() {
        let v = Viewport {
            x: 30.0,
            y: -10.0,
            zoom: 1.0,
        };
        let start = [(100.0, 100.0), (200.0, 100.0)];
        let under = v.to_world(150.0, 100.0);
        // Fingers twice as far apart, and moved 40 px right together.
        let p = v.pinched(start, [(90.0, 100.0), (290.0, 100.0)]);
        assert!((p.zoom - 2.0).abs() < 1e-9);
        let (sx, sy) = p.to_screen(under.0, under.1);
        assert!((sx - 190.0).abs() < 1e-9 && (sy - 100.0).abs() < 1e-9);
        // Fingers that do not move change nothing; a huge spread stops at the largest zoom.
        assert_eq!(v.pinched(start, start), v);
        assert_eq!(
            v.pinched(start, [(0.0, 0.0), (10_000.0, 0.0)]).zoom,
            MAX_ZOOM
        );
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let v = Viewport {
            x: 10.0,
            y: -20.0,
            zoom: 1.0,
        };
        let before = v.to_world(300.0, 200.0);
        let z = v.zoom_at(300.0, 200.0, 1.5);
        let after = z.to_world(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(v.zoom_at(0.0, 0.0, 100.0).zoom, MAX_ZOOM);
    }

    #[test]
    fn reveal_pans_the_least_that_shows_the_rect_and_keeps_the_zoom() {
        let v = Viewport {
            x: 0.0,
            y: 0.0,
            zoom: 2.0,
        };
        let sticky = Rect {
            x: 100.0,
            y: 200.0,
            w: 50.0,
            h: 40.0,
        };
        // On screen it spans y 400..480: in a 300 px high area it is below the fold; revealed,
        // its bottom sits at the margin's line, its x untouched.
        let r = v.reveal(sticky, 800.0, 300.0, 10.0);
        assert_eq!((r.x, r.zoom), (0.0, 2.0));
        let (_, bottom) = r.to_screen(sticky.x, sticky.y + sticky.h);
        assert!((bottom - 290.0).abs() < 1e-9, "{bottom}");
        // Already in view: nothing moves. Above or left of the view: its corner comes to the
        // margin. Larger than the screen: its top left shows.
        assert_eq!(v.reveal(sticky, 800.0, 600.0, 10.0), v);
        let left = Viewport {
            x: -300.0,
            y: -500.0,
            zoom: 2.0,
        };
        let r = left.reveal(sticky, 800.0, 600.0, 10.0);
        assert_eq!(r.to_screen(sticky.x, sticky.y), (10.0, 10.0));
        let r = v.reveal(sticky, 60.0, 60.0, 10.0);
        assert_eq!(r.to_screen(sticky.x, sticky.y), (10.0, 10.0));
    }

    #[test]
    fn fit_shows_everything_centred() {
        let bounds = Rect {
            x: 1000.0,
            y: 500.0,
            w: 2000.0,
            h: 1000.0,
        };
        let v = Viewport::fit(bounds, 1000.0, 800.0, 50.0);
        let (l, t) = v.to_screen(bounds.x, bounds.y);
        let (r, b) = v.to_screen(bounds.x + bounds.w, bounds.y + bounds.h);
        assert!(
            l >= 49.9 && r <= 950.1 && t >= 0.0 && b <= 800.0,
            "{l} {t} {r} {b}"
        );
        assert!(((l + r) / 2.0 - 500.0).abs() < 1e-9);
    }
}
