//! Audio and Video: a recording to upload or drop, or one a function returns, played in the
//! page. One type, [`Media`], told apart by its kind, as Gradio's two classes differ only in
//! what they accept and how they play.
//!
//! The function gets the stored file's path (`Option<PathBuf>`) and returns one the same way;
//! on the wire it is a [`FileData`], checked and served like any file.

use std::fmt::Debug;
use std::marker::PhantomData;
use std::path::PathBuf;

use derive_setters::Setters;
use serde::{Deserialize, Serialize};

use crate::component::{common_builders, CommonProps, Component, ComponentError, PythonType};
use crate::events::{Changeable, Clearable, Uploadable};
use crate::FileData;

/// What a [`Media`] component holds.
pub trait MediaKind: Debug + Clone + Copy + PartialEq + Default + Send + Sync + 'static {
    /// Gradio's class name (`"Audio"`).
    const CLASS_NAME: &'static str;
    /// The MIME category accepted (`"audio"`).
    const CATEGORY: &'static str;
    /// What an accepted file is, for error messages.
    const WHAT: &'static str;
    /// An example file, for API docs.
    const EXAMPLE: &'static str;
    /// The device a person records with, in the page.
    const RECORDER: MediaSource;
}

/// Where a recording may come from (Gradio's `sources`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaSource {
    /// A file picked or dropped.
    Upload,
    /// Recorded in the page (Audio).
    Microphone,
    /// Filmed in the page, with sound (Video).
    Webcam,
}

/// Sound: `Audio`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sound;
/// Moving pictures: `Video`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Moving;

impl MediaKind for Sound {
    const CLASS_NAME: &'static str = "Audio";
    const CATEGORY: &'static str = "audio";
    const WHAT: &'static str = "a sound file (WAV, MP3, OGG, ...)";
    const EXAMPLE: &'static str =
        "https://github.com/gradio-app/gradio/raw/main/test/test_files/audio_sample.wav";
    const RECORDER: MediaSource = MediaSource::Microphone;
}

impl MediaKind for Moving {
    const CLASS_NAME: &'static str = "Video";
    const CATEGORY: &'static str = "video";
    const WHAT: &'static str = "a video file (MP4, WebM, ...)";
    const EXAMPLE: &'static str =
        "https://github.com/gradio-app/gradio/raw/main/demo/video_component/files/world.mp4";
    const RECORDER: MediaSource = MediaSource::Webcam;
}

/// An audio player with an upload zone.
pub type Audio = Media<Sound>;
/// A video player with an upload zone.
pub type Video = Media<Moving>;

/// An audio or video component's props; `K` ([`Sound`] or [`Moving`]) says which.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Setters)]
#[serde(bound = "")]
#[setters(strip_option)]
pub struct Media<K: MediaKind> {
    /// The recording loaded at first.
    #[serde(default)]
    #[setters(skip)]
    pub value: Option<FileData>,
    /// Gradio's `type`: the function gets a path.
    #[serde(rename = "type", default = "filepath")]
    #[setters(skip)]
    pub kind: String,
    /// Plays as soon as a function sends a new recording.
    #[serde(default)]
    pub autoplay: bool,
    /// Whether the player has a button that downloads the recording.
    #[serde(default = "yes")]
    pub show_download_button: bool,
    /// The player's height in pixels (`None`: its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// Upload and the kind's recorder (microphone, webcam) by default, as in Gradio.
    #[serde(default = "every_source::<K>")]
    #[setters(skip)]
    pub sources: Vec<MediaSource>,
    /// The props every component has.
    #[serde(flatten)]
    #[setters(skip)]
    pub common: CommonProps,
    #[serde(skip)]
    #[setters(skip)]
    _kind: PhantomData<K>,
}

fn every_source<K: MediaKind>() -> Vec<MediaSource> {
    vec![MediaSource::Upload, K::RECORDER]
}

fn filepath() -> String {
    "filepath".to_owned()
}

fn yes() -> bool {
    true
}

impl<K: MediaKind> Default for Media<K> {
    fn default() -> Self {
        Media {
            value: None,
            kind: filepath(),
            autoplay: false,
            show_download_button: true,
            height: None,
            sources: every_source::<K>(),
            common: CommonProps::default(),
            _kind: PhantomData,
        }
    }
}

impl<K: MediaKind> Media<K> {
    /// The recording loaded at first (Gradio's `gr.Audio("song.wav")`): a file on the server,
    /// copied into its cache when the app starts.
    // Not derived: a file by its path.
    pub fn value(mut self, path: impl AsRef<std::path::Path>) -> Self {
        self.value = Some(FileData::from_path(path));
        self
    }
    /// An empty player that takes an upload or a recording.
    pub fn new() -> Self {
        Self::default()
    }
    /// Where a recording may come from: `[MediaSource::Microphone]` records only.
    // Not derived: takes the sources as an iterator.
    pub fn sources(mut self, sources: impl IntoIterator<Item = MediaSource>) -> Self {
        self.sources = sources.into_iter().collect();
        self
    }
    /// Whether a person may record one in the page (its kind's device is a source).
    pub fn records(&self) -> bool {
        self.sources.contains(&K::RECORDER)
    }
}
common_builders!(Audio);
common_builders!(Video);

impl<K: MediaKind> Component for Media<K> {
    type Data = Option<FileData>;
    type Value = Option<PathBuf>;
    const CLASS_NAME: &'static str = K::CLASS_NAME;
    const EXPECTS: &'static str = "a FileData object ({\"path\": ...}) or null";
    const HAS_FILES: bool = true;

    fn label(&self) -> Option<&str> {
        self.common.label.as_deref()
    }
    fn initial_data(&self) -> Option<FileData> {
        self.value.clone()
    }
    fn preprocess(&self, data: Option<FileData>) -> Result<Option<PathBuf>, ComponentError> {
        FileData::checked_path(data, |f| f.check_category(K::CATEGORY, K::WHAT))
    }
    fn postprocess(&self, value: Option<PathBuf>) -> Result<Option<FileData>, ComponentError> {
        Ok(value.map(FileData::from_path))
    }
    fn files(data: &mut Option<FileData>) -> Vec<&mut FileData> {
        data.iter_mut().collect()
    }
    fn api_info(&self) -> serde_json::Value {
        crate::file_data::api_info()
    }
    fn python_type(&self) -> PythonType {
        PythonType::new("filepath")
    }
    fn example_payload(&self) -> serde_json::Value {
        crate::file_data::example(K::EXAMPLE)
    }
}

// The events they have: each gives the builder its listener method (`.change(...)`, ...).
impl Changeable for Audio {}
impl Uploadable for Audio {}
impl Clearable for Audio {}
impl Changeable for Video {}
impl Uploadable for Video {}
impl Clearable for Video {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Block;

    fn typed(path: &str, mime: &str) -> FileData {
        let mut f = FileData::from_path(path);
        f.mime_type = Some(mime.into());
        f
    }

    #[test]
    fn paths_round_trip_and_only_the_right_kind_passes() {
        let a = Audio::new();
        let data = a
            .postprocess(Some("/c/ab/beep.wav".into()))
            .unwrap()
            .unwrap();
        assert_eq!(data.orig_name.as_deref(), Some("beep.wav"));
        assert_eq!(
            a.preprocess(Some(typed("/c/ab/beep.wav", "audio/x-wav")))
                .unwrap(),
            Some(PathBuf::from("/c/ab/beep.wav"))
        );
        let e = a
            .preprocess(Some(typed("/c/ab/clip.mp4", "video/mp4")))
            .unwrap_err();
        assert!(e.to_string().contains("sound file"), "{e}");
        assert!(Video::new()
            .preprocess(Some(typed("/c/ab/clip.mp4", "video/mp4")))
            .is_ok());
        assert_eq!(Audio::new().preprocess(None).unwrap(), None);
    }

    #[test]
    fn config_names_and_classes() {
        let json = serde_json::to_value(Block::from(Audio::new().autoplay(true))).unwrap();
        assert_eq!(json["type"], "audio");
        assert_eq!(json["props"]["autoplay"], true);
        // Gradio's default sources: a file, or the kind's own device.
        assert_eq!(
            json["props"]["sources"],
            serde_json::json!(["upload", "microphone"])
        );
        assert!(Audio::new().records());
        assert!(!Audio::new().sources([MediaSource::Upload]).records());
        // A webcam doesn't record sound files.
        assert!(!Audio::new().sources([MediaSource::Webcam]).records());
        let back: Audio = serde_json::from_value(serde_json::json!({})).unwrap();
        assert_eq!(back.sources, [MediaSource::Upload, MediaSource::Microphone]);
        let json = serde_json::to_value(Block::from(Video::new().label("Clip"))).unwrap();
        assert_eq!(json["type"], "video");
        assert_eq!(
            json["props"]["sources"],
            serde_json::json!(["upload", "webcam"])
        );
        assert_eq!(<Video as Component>::CLASS_NAME, "Video");
        assert_eq!(
            Audio::new().example_payload()["orig_name"],
            "audio_sample.wav"
        );
    }
}
