//! How a link runs between two stickies: one cubic curve, shared by the arrows drawn on the
//! board and the messages animated along them.

use crate::document::Rect;

/// A cubic Bézier curve: start, two control points, end.
pub type Curve = [(f64, f64); 4];

/// The curve between two rectangles: forward links run from the right side to the left side;
/// links to something below or above leave from the bottom or top; the rest run backwards
/// between facing sides.
pub fn route(from: &Rect, to: &Rect) -> Curve {
    let (fx, fy) = from.center();
    let (tx, ty) = to.center();
    if to.x >= from.x + from.w - 10.0 {
        let (x1, x2) = (from.x + from.w, to.x);
        let bend = ((x2 - x1) / 2.0).max(40.0);
        return [(x1, fy), (x1 + bend, fy), (x2 - bend, ty), (x2, ty)];
    }
    if to.y >= from.y + from.h || to.y + to.h <= from.y {
        let down = to.y >= from.y + from.h;
        let (y1, y2) = if down {
            (from.y + from.h, to.y)
        } else {
            (from.y, to.y + to.h)
        };
        let bend = ((y2 - y1).abs() / 2.0).max(40.0) * if down { 1.0 } else { -1.0 };
        return [(fx, y1), (fx, y1 + bend), (tx, y2 - bend), (tx, y2)];
    }
    let (x1, x2) = (from.x, to.x + to.w);
    let bend = ((x1 - x2).abs() / 2.0).max(40.0);
    [(x1, fy), (x1 - bend, fy), (x2 + bend, ty), (x2, ty)]
}

/// A straight segment as a curve.
pub fn straight(from: (f64, f64), to: (f64, f64)) -> Curve {
    [from, from, to, to]
}

/// The point at `t` (0 to 1) along the curve.
pub fn point(c: &Curve, t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c2, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * c[0].0 + b * c[1].0 + c2 * c[2].0 + d * c[3].0,
        a * c[0].1 + b * c[1].1 + c2 * c[2].1 + d * c[3].1,
    )
}

/// The curve as an SVG path.
pub fn svg_path(c: &Curve) -> String {
    format!(
        "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
        c[0].0, c[0].1, c[1].0, c[1].1, c[2].0, c[2].1, c[3].0, c[3].1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x: f64, y: f64) -> Rect {
        Rect {
            x,
            y,
            w: 100.0,
            h: 60.0,
        }
    }

    #[test]
    fn a_forward_link_runs_from_the_right_side_to_the_left_side() {
        let c = route(&rect(0.0, 0.0), &rect(300.0, 0.0));
        assert_eq!(c[0], (100.0, 30.0));
        assert_eq!(c[3], (300.0, 30.0));
        assert_eq!(point(&c, 0.0), c[0]);
        assert_eq!(point(&c, 1.0), c[3]);
        let mid = point(&c, 0.5);
        assert!((mid.0 - 200.0).abs() < 1e-9 && (mid.1 - 30.0).abs() < 1e-9);
    }

    #[test]
    fn links_below_leave_from_the_bottom_and_backwards_links_from_the_left() {
        let down = route(&rect(0.0, 0.0), &rect(0.0, 200.0));
        assert_eq!((down[0], down[3]), ((50.0, 60.0), (50.0, 200.0)));
        let back = route(&rect(300.0, 0.0), &rect(0.0, 20.0));
        assert_eq!((back[0].0, back[3].0), (300.0, 100.0));
        assert_eq!(
            svg_path(&straight((0.0, 0.0), (1.0, 2.0))),
            "M0.0,0.0 C0.0,0.0 1.0,2.0 1.0,2.0"
        );
    }
}
