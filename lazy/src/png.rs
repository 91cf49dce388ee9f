//! PNG images of the board for slides: the exported SVG drawn onto a canvas at twice its size
//! (less when that would pass what a browser canvas holds), then offered as a download.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

use stormlab_ui_common::storage;

/// The widest or tallest canvas every browser draws.
const MAX_SIDE: f64 = 16_000.0;
/// The most pixels a canvas may hold here.
const MAX_PIXELS: f64 = 120_000_000.0;

/// The scale to draw a `w` × `h` image at: `wanted`, or less so the canvas stays drawable.
pub fn fitting_scale(w: f64, h: f64, wanted: f64) -> f64 {
    let by_side = MAX_SIDE / w.max(h).max(1.0);
    let by_area = (MAX_PIXELS / (w * h).max(1.0)).sqrt();
    wanted.min(by_side).min(by_area)
}

/// Draws `svg` at `scale` and offers it as `file_name`; `done` gets a sentence saying what
/// was saved, or why not.
pub fn download_png(
    svg: &str,
    file_name: String,
    scale: f64,
    done: Callback<Result<String, String>>,
) {
    let fail = |done: &Callback<Result<String, String>>| {
        done.emit(Err("The browser could not draw the image.".into()));
    };
    let Some(blob) = storage::text_blob(svg, "image/svg+xml") else {
        return fail(&done);
    };
    let (Ok(url), Ok(img)) = (
        web_sys::Url::create_object_url_with_blob(&blob),
        web_sys::HtmlImageElement::new(),
    ) else {
        return fail(&done);
    };
    let onerror = {
        let (done, url) = (done.clone(), url.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            done.emit(Err("The browser could not draw the image.".into()));
        })
    };
    let onload = {
        let (img2, url) = (img.clone(), url.clone());
        Closure::once_into_js(move || {
            let _ = web_sys::Url::revoke_object_url(&url);
            if let Err(e) = draw(&img2, file_name, scale, done.clone()) {
                done.emit(Err(e));
            }
        })
    };
    img.set_onload(Some(onload.unchecked_ref()));
    img.set_onerror(Some(onerror.unchecked_ref()));
    img.set_src(&url);
}

fn draw(
    img: &web_sys::HtmlImageElement,
    file_name: String,
    scale: f64,
    done: Callback<Result<String, String>>,
) -> Result<(), String> {
    let failed = |_: JsValue| "The browser could not draw the image.".to_string();
    let (w, h) = (
        f64::from(img.natural_width()),
        f64::from(img.natural_height()),
    );
    let scale = fitting_scale(w, h, scale);
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("No document.")?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| "No canvas.".to_string())?;
    let (cw, ch) = ((w * scale).round() as u32, (h * scale).round() as u32);
    canvas.set_width(cw);
    canvas.set_height(ch);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(failed)?
        .ok_or("No 2D canvas.")?
        .dyn_into()
        .map_err(|_| "No 2D canvas.".to_string())?;
    ctx.draw_image_with_html_image_element_and_dw_and_dh(
        img,
        0.0,
        0.0,
        f64::from(cw),
        f64::from(ch),
    )
    .map_err(failed)?;
    let saved = Closure::once_into_js(move |blob: JsValue| {
        let result = match blob.dyn_into::<web_sys::Blob>() {
            Ok(blob) => storage::download_blob(&file_name, &blob).map(|()| {
                format!(
                    "Saved {file_name} ({cw} × {ch} pixels, {:.0} KB).",
                    blob.size() / 1024.0
                )
            }),
            Err(_) => Err("The image is too large for this browser to save.".into()),
        };
        done.emit(result);
    });
    canvas.to_blob(saved.unchecked_ref()).map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_boards_are_scaled_down_to_a_drawable_canvas() {
        assert_eq!(fitting_scale(2_000.0, 1_000.0, 2.0), 2.0);
        let s = fitting_scale(20_000.0, 3_000.0, 2.0);
        assert!(s < 1.0 && 20_000.0 * s <= MAX_SIDE);
        let s = fitting_scale(15_000.0, 15_000.0, 2.0);
        assert!(15_000.0 * 15_000.0 * s * s <= MAX_PIXELS + 1.0);
    }
}
