//! Image: a picture to upload, paste or drop, or one a function returns.
//!
//! `Image::new()` hands the function the stored file's path (`Option<PathBuf>`);
//! `Image::new().decoded()` hands it a decoded [`image::DynamicImage`] (server builds, feature
//! `image`) and takes one back, which the server stores as WebP (lossless; Gradio's default
//! format) or the format set with [`Image::format`]. On the wire it is a [`FileData`], checked
//! and served like any file.

use std::marker::PhantomData;
use std::path::PathBuf;

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Clearable, Uploadable};
use crate::{Block, FileData};

/// Marker: the function gets (and returns) the image file's path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AsPath;
/// Marker: the function gets (and returns) a decoded `image::DynamicImage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Decoded;

/// The format a decoded image a function returns is stored in (Gradio's `format`). A file
/// returned by path keeps its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// Lossless WebP, as Gradio's default: the exact pixels, in about three quarters of PNG's
    /// bytes.
    #[default]
    Webp,
    /// PNG.
    Png,
    /// JPEG (quality 80): small for photographs; transparency is lost.
    Jpeg,
    /// GIF (256 colours).
    Gif,
}

impl ImageFormat {
    /// The file name extension, which is also the MIME subtype.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Webp => "webp",
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpeg",
            ImageFormat::Gif => "gif",
        }
    }
}

/// Where a person may take an image from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageSource {
    /// A file picked or dropped.
    Upload,
    /// A picture taken with the camera, in the page.
    Webcam,
    /// A picture pasted from the clipboard.
    Clipboard,
}

/// An image component's props; `T` ([`AsPath`] or [`Decoded`]) is what the function gets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[serde(bound = "")]
#[setters(strip_option)]
pub struct Image<T = AsPath> {
    /// The picture shown at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: Option<FileData>,
    /// Gradio's `type`: `filepath`, or `pil` for a decoded image.
    #[serde(rename = "type", default = "filepath")]
    #[setters(skip)]
    pub kind: String,
    /// The format a decoded image the function returns is stored in.
    #[serde(default)]
    pub format: ImageFormat,
    /// The component's height in pixels (`None`: the picture's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The component's width in pixels (`None`: the picture's own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Where the person may take a picture from.
    #[serde(default = "all_sources")]
    #[setters(skip)]
    pub sources: Vec<ImageSource>,
    /// Whether a shown picture has a button that downloads it.
    #[serde(default = "yes")]
    pub show_download_button: bool,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
    #[serde(skip)]
    #[setters(skip)]
    _kind: PhantomData<T>,
}

fn filepath() -> String {
    "filepath".to_owned()
}

fn all_sources() -> Vec<ImageSource> {
    vec![
        ImageSource::Upload,
        ImageSource::Webcam,
        ImageSource::Clipboard,
    ]
}

fn yes() -> bool {
    true
}

impl Default for Image<AsPath> {
    fn default() -> Self {
        Image {
            value: None,
            kind: filepath(),
            format: ImageFormat::default(),
            height: None,
            width: None,
            sources: all_sources(),
            show_download_button: true,
            common: CommonProps::default(),
            _kind: PhantomData,
        }
    }
}

impl Image<AsPath> {
    /// An empty image component whose function gets paths.
    pub fn new() -> Self {
        Self::default()
    }
    /// The function gets a decoded `image::DynamicImage` instead of a path (and returns one).
    // Not derived: changes the type, and `kind`.
    pub fn decoded(self) -> Image<Decoded> {
        Image {
            kind: "pil".to_owned(),
            ..self.retype()
        }
    }
}

impl<T> Image<T> {
    /// The picture shown at first (Gradio's `gr.Image("cat.png")`): a file on the server,
    /// copied into its cache when the app starts.
    // Not derived: a file by its path.
    pub fn value(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.value = Some(FileData::from_path(path));
        self
    }
    /// Where the image may come from (upload, webcam, clipboard); all by default, as in Gradio.
    // Not derived: takes the sources as an iterator.
    pub fn sources(mut self, sources: impl IntoIterator<Item = ImageSource>) -> Self {
        self.sources = sources.into_iter().collect();
        self
    }

    fn retype<U>(self) -> Image<U> {
        Image {
            value: self.value,
            kind: self.kind,
            format: self.format,
            height: self.height,
            width: self.width,
            sources: self.sources,
            show_download_button: self.show_download_button,
            common: self.common,
            _kind: PhantomData,
        }
    }

    /// Only image types pass (by the type the server found for the file).
    fn check_image(&self, f: &FileData) -> Result<(), ComponentError> {
        f.check_category("image", "an image (PNG, JPEG, GIF, WebP, ...)")
    }
}

common_builders!(Image<AsPath>);
common_builders!(Image<Decoded>);

impl From<Image<Decoded>> for Block {
    fn from(i: Image<Decoded>) -> Block {
        Block::Image(i.retype())
    }
}

/// Gradio's `ImageData` schema: FileData's, under that title.
fn image_api_info() -> serde_json::Value {
    let mut info = crate::file_data::api_info();
    info["title"] = "ImageData".into();
    info
}

fn example() -> serde_json::Value {
    crate::file_data::example(
        "https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png",
    )
}

impl Component for Image<AsPath> {
    type Data = Option<FileData>;
    type Value = Option<PathBuf>;
    const CLASS_NAME: &'static str = "Image";
    const EXPECTS: &'static str = "a FileData object ({\"path\": ...}) or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<FileData> {
        self.value.clone()
    }
    fn preprocess(&self, data: Option<FileData>) -> Result<Option<PathBuf>, ComponentError> {
        FileData::checked_path(data, |f| self.check_image(f))
    }
    fn postprocess(&self, value: Option<PathBuf>) -> Result<Option<FileData>, ComponentError> {
        Ok(value.map(FileData::from_path))
    }
    fn files(data: &mut Option<FileData>) -> Vec<&mut FileData> {
        data.iter_mut().collect()
    }
    fn api_info(&self) -> serde_json::Value {
        image_api_info()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("filepath")
    }
    fn example_payload(&self) -> serde_json::Value {
        example()
    }
}

#[cfg(feature = "image")]
mod decoded {
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU64, Ordering};

    use image::{DynamicImage, ImageReader, Limits};

    use super::*;

    /// Larger images are refused before they are decoded (a small file can claim huge
    /// dimensions: a decompression bomb).
    const MAX_SIDE: u32 = 16_384;
    const MAX_ALLOC: u64 = 512 * 1024 * 1024;
    /// Larger files are refused unread (some decoders read the whole file first).
    const MAX_FILE: u64 = 256 * 1024 * 1024;
    /// The header is read from this much of the file, at most.
    const HEADER_BYTES: u64 = 1024 * 1024;

    fn bad(e: &dyn std::fmt::Display) -> ComponentError {
        ComponentError::Invalid(format!("not an image this server can read: {e}"))
    }

    fn reader(
        path: &Path,
    ) -> Result<ImageReader<std::io::BufReader<std::fs::File>>, ComponentError> {
        let size = std::fs::metadata(path).map_err(|e| bad(&e))?.len();
        if size > MAX_FILE {
            return Err(ComponentError::Invalid(format!(
                "the image file is {size} bytes; at most {MAX_FILE} are accepted"
            )));
        }
        ImageReader::open(path)
            .map_err(|e| bad(&e))?
            .with_guessed_format()
            .map_err(|e| bad(&e))
    }

    /// Reads only the header, from the file's first megabyte: a file that isn't an image, or
    /// is too large, is refused before anything is decoded.
    pub(super) fn check_header(path: &Path) -> Result<(), ComponentError> {
        use std::io::Read;
        let file = reader(path)?.into_inner().into_inner();
        let mut head = Vec::new();
        file.take(HEADER_BYTES)
            .read_to_end(&mut head)
            .map_err(|e| bad(&e))?;
        let (width, height) = ImageReader::new(std::io::Cursor::new(head))
            .with_guessed_format()
            .map_err(|e| bad(&e))?
            .into_dimensions()
            .map_err(|e| bad(&e))?;
        if width > MAX_SIDE || height > MAX_SIDE {
            return Err(ComponentError::Invalid(format!(
                "the image is {width} × {height} px; at most {MAX_SIDE} px a side are accepted"
            )));
        }
        Ok(())
    }

    pub(super) fn decode(path: &Path) -> Result<DynamicImage, ComponentError> {
        let mut reader = reader(path)?;
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        reader.limits(limits);
        reader.decode().map_err(|e| bad(&e))
    }

    /// Writes `image` in `format` into Ferrio's scratch dir; the server moves it into its
    /// cache.
    pub(super) fn store(
        image: &DynamicImage,
        format: ImageFormat,
    ) -> Result<PathBuf, ComponentError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = crate::file_data::scratch_dir().join(format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let path = dir.join(format!("image.{}", format.extension()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| e.to_string())
            .and_then(|()| encode(image, format, &path))
            .map_err(|e| ComponentError::Invalid(format!("could not store the image: {e}")))?;
        Ok(path)
    }

    /// Each encoder takes some pixel layouts only: WebP and GIF 8-bit ones, JPEG no alpha.
    /// Anything else is converted first (a 16-bit PNG's depth is lost, as in Gradio's PIL).
    fn encode(image: &DynamicImage, format: ImageFormat, path: &Path) -> Result<(), String> {
        use image::ImageFormat as F;
        let eight_bit = |image: &DynamicImage| match image {
            DynamicImage::ImageLuma8(_)
            | DynamicImage::ImageLumaA8(_)
            | DynamicImage::ImageRgb8(_)
            | DynamicImage::ImageRgba8(_) => None,
            other if other.color().has_alpha() => Some(DynamicImage::from(other.to_rgba8())),
            other => Some(DynamicImage::from(other.to_rgb8())),
        };
        let (converted, format) = match format {
            ImageFormat::Webp => (eight_bit(image), F::WebP),
            ImageFormat::Gif => (Some(DynamicImage::from(image.to_rgba8())), F::Gif),
            ImageFormat::Jpeg if image.color().has_alpha() || eight_bit(image).is_some() => {
                (Some(DynamicImage::from(image.to_rgb8())), F::Jpeg)
            }
            ImageFormat::Jpeg => (None, F::Jpeg),
            ImageFormat::Png => (None, F::Png),
        };
        converted
            .as_ref()
            .unwrap_or(image)
            .save_with_format(path, format)
            .map_err(|e| e.to_string())
    }

    // Its events, like the path kind's (`Component` exists only with the feature).
    impl crate::events::Changeable for Image<Decoded> {}
    impl crate::events::Uploadable for Image<Decoded> {}
    impl crate::events::Clearable for Image<Decoded> {}

    impl Component for Image<Decoded> {
        type Data = Option<FileData>;
        type Value = Option<DynamicImage>;
        const CLASS_NAME: &'static str = "Image";
        const EXPECTS: &'static str = "a FileData object ({\"path\": ...}) or null";
        const HAS_FILES: bool = true;
        /// Decoding waits for the event to run; the header is checked when it is sent.
        const DEFER_PREPROCESS: bool = true;

        fn label(&self) -> Option<&str> {
            self.common.label.as_deref()
        }
        fn initial_data(&self) -> Option<FileData> {
            self.value.clone()
        }
        fn check(&self, data: &Option<FileData>) -> Result<(), ComponentError> {
            match data {
                Some(f) => {
                    self.check_image(f)?;
                    check_header(Path::new(&f.path))
                }
                None => Ok(()),
            }
        }
        fn preprocess(
            &self,
            data: Option<FileData>,
        ) -> Result<Option<DynamicImage>, ComponentError> {
            data.map(|f| {
                self.check_image(&f)?;
                decode(Path::new(&f.path))
            })
            .transpose()
        }
        fn postprocess(
            &self,
            value: Option<DynamicImage>,
        ) -> Result<Option<FileData>, ComponentError> {
            value
                .map(|image| {
                    let path = store(&image, self.format)?;
                    let mut f = FileData::new(path.to_string_lossy());
                    let extension = self.format.extension();
                    f.orig_name = Some(format!("image.{extension}"));
                    f.mime_type = Some(format!("image/{extension}"));
                    Ok(f)
                })
                .transpose()
        }
        fn files(data: &mut Option<FileData>) -> Vec<&mut FileData> {
            data.iter_mut().collect()
        }
        fn api_info(&self) -> serde_json::Value {
            image_api_info()
        }
        fn python_type(&self) -> PythonType {
            PythonType::new("filepath")
        }
        fn example_payload(&self) -> serde_json::Value {
            example()
        }
    }
}

// The events it has: each gives the builder its listener method (`.click(...)`, ...).
impl Changeable for Image {}
impl Uploadable for Image {}
impl Clearable for Image {}

#[cfg(test)]
mod tests {
    use super::*;

    fn image_file(path: &str, mime: &str) -> FileData {
        let mut f = FileData::new(path);
        f.mime_type = Some(mime.into());
        f
    }

    #[test]
    fn an_initial_picture_is_a_file_named_after_its_path() {
        let i = Image::new().value("assets/cat.png");
        let shown = i.initial_data().unwrap();
        assert_eq!(shown.path, "assets/cat.png");
        assert_eq!(shown.name(), "cat.png");
        let json = serde_json::to_value(Block::from(i)).unwrap();
        assert_eq!(json["props"]["value"]["meta"]["_type"], "gradio.FileData");
    }

    #[test]
    fn paths_round_trip_and_only_images_pass() {
        let i = Image::new();
        let data = i.postprocess(Some("/c/ab/cat.png".into())).unwrap();
        assert_eq!(data.as_ref().unwrap().orig_name.as_deref(), Some("cat.png"));
        assert_eq!(
            i.preprocess(Some(image_file("/c/ab/cat.png", "image/png")))
                .unwrap(),
            Some(PathBuf::from("/c/ab/cat.png"))
        );
        assert_eq!(i.preprocess(None).unwrap(), None);
        let e = i
            .preprocess(Some(image_file("/c/ab/page.html", "text/html")))
            .unwrap_err();
        assert!(e.to_string().contains("not an image"), "{e}");
    }

    #[test]
    fn config_and_api_info() {
        let block: Block = Image::new().label("Photo").height(200).into();
        let json = serde_json::to_value(&block).unwrap();
        assert_eq!(json["type"], "image");
        assert_eq!(json["props"]["type"], "filepath");
        assert_eq!(
            json["props"]["sources"],
            serde_json::json!(["upload", "webcam", "clipboard"])
        );
        let block: Block = Image::new().decoded().into();
        assert_eq!(
            serde_json::to_value(&block).unwrap()["props"]["type"],
            "pil"
        );
        assert_eq!(Image::new().api_info()["title"], "ImageData");
    }

    #[cfg(feature = "image")]
    #[test]
    fn decoded_images_round_trip_in_their_format() {
        let i = Image::new().decoded();
        let mut img = image::RgbImage::new(3, 2);
        img.put_pixel(2, 1, image::Rgb([200, 10, 30]));
        let img = image::DynamicImage::from(img);
        // Lossless WebP by default, as Gradio: the same pixels come back.
        let data = i.postprocess(Some(img.clone())).unwrap().unwrap();
        assert!(data.path.ends_with("image.webp"), "{}", data.path);
        assert_eq!(data.mime_type.as_deref(), Some("image/webp"));
        let back = i.preprocess(Some(data.clone())).unwrap().unwrap();
        assert_eq!(back.to_rgb8(), img.to_rgb8());
        // Any pixel layout is stored, in each format.
        let deep = image::DynamicImage::new_rgba16(4, 4);
        for format in [
            ImageFormat::Webp,
            ImageFormat::Png,
            ImageFormat::Jpeg,
            ImageFormat::Gif,
        ] {
            let i = Image::new().decoded().format(format);
            let stored = i.postprocess(Some(deep.clone())).unwrap().unwrap();
            assert!(stored.path.ends_with(format.extension()), "{}", stored.path);
            let back = i.preprocess(Some(stored.clone())).unwrap().unwrap();
            assert_eq!((back.width(), back.height()), (4, 4), "{format:?}");
            std::fs::remove_file(&stored.path).unwrap();
        }
        let png = Image::new().decoded().format(ImageFormat::Png);
        let stored = png.postprocess(Some(img.clone())).unwrap().unwrap();
        assert_eq!(
            png.preprocess(Some(stored)).unwrap().unwrap().to_rgb8(),
            img.to_rgb8()
        );
        assert!(i.check(&Some(data.clone())).is_ok());
        std::fs::remove_file(&data.path).unwrap();
        // Not an image, though named like one.
        let dir = std::env::temp_dir().join(format!("ferrio-image-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fake = dir.join("fake.png");
        std::fs::write(&fake, b"<svg onload=alert(1)>").unwrap();
        let fake = Some(image_file(fake.to_str().unwrap(), "image/png"));
        let e = i.check(&fake).unwrap_err();
        assert!(e.to_string().contains("not an image"), "{e}");
        let e = i.preprocess(fake).unwrap_err();
        assert!(e.to_string().contains("not an image"), "{e}");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
