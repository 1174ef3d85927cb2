//! Themes: the page's colours, corner radius and fonts as CSS custom properties (Gradio's
//! `gr.themes.Base(primary_hue=..., neutral_hue=..., radius_size=..., font=...)`).
//!
//! The stylesheet reads only these variables, so a theme is a few lines of CSS served at
//! `/theme.css` after it, together with the app's own `css`. Dark mode takes its shades from
//! the same neutral hue, so a theme changes both.
//!
//! ```no_run
//! use ferrio::prelude::*;
//! use ferrio::theme::{Hue, Radius, Theme};
//! # fn demo() -> Blocks {
//! Blocks::new(|b| {
//!     b.add(Textbox::new());
//! })
//! .theme(Theme::new().primary(Hue::Blue).neutral(Hue::Slate).radius(Radius::Lg))
//! .css(".gradio-container h1 { letter-spacing: -0.02em; }")
//! # }
//! ```

use std::fmt::Write;

/// A colour family of the palette Gradio's themes use (Tailwind's), from light (50) to
/// dark (950).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hue {
    /// A grey with blue in it (`#64748b` at 500): a cool neutral.
    Slate,
    /// A grey with a little blue (`#6b7280` at 500).
    Gray,
    /// A cool, nearly pure grey (`#71717a` at 500): Gradio's default neutral.
    Zinc,
    /// Pure grey (`#737373` at 500).
    Neutral,
    /// A warm grey (`#78716c` at 500).
    Stone,
    /// `#ef4444` at 500.
    Red,
    /// `#f97316` at 500: Gradio's default primary.
    Orange,
    /// A golden orange (`#f59e0b` at 500).
    Amber,
    /// `#eab308` at 500.
    Yellow,
    /// A yellow green (`#84cc16` at 500).
    Lime,
    /// `#22c55e` at 500.
    Green,
    /// A blue green (`#10b981` at 500).
    Emerald,
    /// `#14b8a6` at 500.
    Teal,
    /// `#06b6d4` at 500.
    Cyan,
    /// A light blue (`#0ea5e9` at 500).
    Sky,
    /// `#3b82f6` at 500.
    Blue,
    /// A violet blue (`#6366f1` at 500).
    Indigo,
    /// `#8b5cf6` at 500.
    Violet,
    /// `#a855f7` at 500.
    Purple,
    /// A purple pink (`#d946ef` at 500).
    Fuchsia,
    /// `#ec4899` at 500.
    Pink,
    /// A red pink (`#f43f5e` at 500).
    Rose,
}

/// The shades' names, in the order [`Hue::shades`] gives them.
pub const SHADES: [u16; 11] = [50, 100, 200, 300, 400, 500, 600, 700, 800, 900, 950];

impl Hue {
    /// Every hue, in Tailwind's order (the neutrals, then round the colour wheel from red).
    pub const ALL: [Hue; 22] = [
        Hue::Slate,
        Hue::Gray,
        Hue::Zinc,
        Hue::Neutral,
        Hue::Stone,
        Hue::Red,
        Hue::Orange,
        Hue::Amber,
        Hue::Yellow,
        Hue::Lime,
        Hue::Green,
        Hue::Emerald,
        Hue::Teal,
        Hue::Cyan,
        Hue::Sky,
        Hue::Blue,
        Hue::Indigo,
        Hue::Violet,
        Hue::Purple,
        Hue::Fuchsia,
        Hue::Pink,
        Hue::Rose,
    ];

    /// Its colours, shade 50 to 950 ([`SHADES`]).
    pub fn shades(self) -> [&'static str; 11] {
        match self {
            Hue::Slate => [
                "#f8fafc", "#f1f5f9", "#e2e8f0", "#cbd5e1", "#94a3b8", "#64748b", "#475569",
                "#334155", "#1e293b", "#0f172a", "#0a0f1e",
            ],
            Hue::Gray => [
                "#f9fafb", "#f3f4f6", "#e5e7eb", "#d1d5db", "#9ca3af", "#6b7280", "#4b5563",
                "#374151", "#1f2937", "#111827", "#0b0f19",
            ],
            Hue::Zinc => [
                "#fafafa", "#f4f4f5", "#e4e4e7", "#d4d4d8", "#a1a1aa", "#71717a", "#52525b",
                "#3f3f46", "#27272a", "#18181b", "#0f0f11",
            ],
            Hue::Neutral => [
                "#fafafa", "#f5f5f5", "#e5e5e5", "#d4d4d4", "#a3a3a3", "#737373", "#525252",
                "#404040", "#262626", "#171717", "#0f0f0f",
            ],
            Hue::Stone => [
                "#fafaf9", "#f5f5f4", "#e7e5e4", "#d6d3d1", "#a8a29e", "#78716c", "#57534e",
                "#44403c", "#292524", "#1c1917", "#0f0e0d",
            ],
            Hue::Red => [
                "#fef2f2", "#fee2e2", "#fecaca", "#fca5a5", "#f87171", "#ef4444", "#dc2626",
                "#b91c1c", "#991b1b", "#7f1d1d", "#6c1e1e",
            ],
            Hue::Orange => [
                "#fff7ed", "#ffedd5", "#fed7aa", "#fdba74", "#fb923c", "#f97316", "#ea580c",
                "#c2410c", "#9a3412", "#7c2d12", "#6c2e12",
            ],
            Hue::Amber => [
                "#fffbeb", "#fef3c7", "#fde68a", "#fcd34d", "#fbbf24", "#f59e0b", "#d97706",
                "#b45309", "#92400e", "#78350f", "#6c370f",
            ],
            Hue::Yellow => [
                "#fefce8", "#fef9c3", "#fef08a", "#fde047", "#facc15", "#eab308", "#ca8a04",
                "#a16207", "#854d0e", "#713f12", "#653b12",
            ],
            Hue::Lime => [
                "#f7fee7", "#ecfccb", "#d9f99d", "#bef264", "#a3e635", "#84cc16", "#65a30d",
                "#4d7c0f", "#3f6212", "#365314", "#2f4e14",
            ],
            Hue::Green => [
                "#f0fdf4", "#dcfce7", "#bbf7d0", "#86efac", "#4ade80", "#22c55e", "#16a34a",
                "#15803d", "#166534", "#14532d", "#134e28",
            ],
            Hue::Emerald => [
                "#ecfdf5", "#d1fae5", "#a7f3d0", "#6ee7b7", "#34d399", "#10b981", "#059669",
                "#047857", "#065f46", "#064e3b", "#054436",
            ],
            Hue::Teal => [
                "#f0fdfa", "#ccfbf1", "#99f6e4", "#5eead4", "#2dd4bf", "#14b8a6", "#0d9488",
                "#0f766e", "#115e59", "#134e4a", "#12443e",
            ],
            Hue::Cyan => [
                "#ecfeff", "#cffafe", "#a5f3fc", "#67e8f9", "#22d3ee", "#06b6d4", "#0891b2",
                "#0e7490", "#155e75", "#164e63", "#14455c",
            ],
            Hue::Sky => [
                "#f0f9ff", "#e0f2fe", "#bae6fd", "#7dd3fc", "#38bdf8", "#0ea5e9", "#0284c7",
                "#0369a1", "#075985", "#0c4a6e", "#0b4165",
            ],
            Hue::Blue => [
                "#eff6ff", "#dbeafe", "#bfdbfe", "#93c5fd", "#60a5fa", "#3b82f6", "#2563eb",
                "#1d4ed8", "#1e40af", "#1e3a8a", "#1d3660",
            ],
            Hue::Indigo => [
                "#eef2ff", "#e0e7ff", "#c7d2fe", "#a5b4fc", "#818cf8", "#6366f1", "#4f46e5",
                "#4338ca", "#3730a3", "#312e81", "#2b2c5e",
            ],
            Hue::Violet => [
                "#f5f3ff", "#ede9fe", "#ddd6fe", "#c4b5fd", "#a78bfa", "#8b5cf6", "#7c3aed",
                "#6d28d9", "#5b21b6", "#4c1d95", "#431d7f",
            ],
            Hue::Purple => [
                "#faf5ff", "#f3e8ff", "#e9d5ff", "#d8b4fe", "#c084fc", "#a855f7", "#9333ea",
                "#7e22ce", "#6b21a8", "#581c87", "#4c1a73",
            ],
            Hue::Fuchsia => [
                "#fdf4ff", "#fae8ff", "#f5d0fe", "#f0abfc", "#e879f9", "#d946ef", "#c026d3",
                "#a21caf", "#86198f", "#701a75", "#5e1a66",
            ],
            Hue::Pink => [
                "#fdf2f8", "#fce7f3", "#fbcfe8", "#f9a8d4", "#f472b6", "#ec4899", "#db2777",
                "#be185d", "#9d174d", "#831843", "#6e1a3d",
            ],
            Hue::Rose => [
                "#fff1f2", "#ffe4e6", "#fecdd3", "#fda4af", "#fb7185", "#f43f5e", "#e11d48",
                "#be123c", "#9f1239", "#881337", "#771d3a",
            ],
        }
    }
}

/// How round corners are (Gradio's `radius_size`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Radius {
    /// Square corners.
    None,
    /// 4 px (2 px on inputs and chips).
    Sm,
    /// 8 px (6 px on inputs and chips): Gradio's default.
    #[default]
    Md,
    /// 12 px (8 px on inputs and chips).
    Lg,
}

impl Radius {
    /// Blocks' and buttons' radius, and the smaller one of inputs and chips, in px.
    fn px(self) -> (u8, u8) {
        match self {
            Radius::None => (0, 0),
            Radius::Sm => (4, 2),
            Radius::Md => (8, 6),
            Radius::Lg => (12, 8),
        }
    }
}

/// A page theme: start from [`Theme::new`] (Gradio's default look: orange on zinc) and change
/// what you like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Buttons, focus rings, sliders and progress: see [`Theme::primary`].
    pub primary: Hue,
    /// Text, borders and backgrounds, light and dark: see [`Theme::neutral`].
    pub neutral: Hue,
    /// How round corners are: see [`Theme::radius`].
    pub radius: Radius,
    /// Font families, first choice first; generic families (`sans-serif`) as they are.
    pub font: Vec<String>,
    /// The code font's families, the same way.
    pub font_mono: Vec<String>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme::new()
    }
}

impl Theme {
    /// Gradio's default look: orange on zinc, medium corners, Source Sans Pro and the
    /// system's monospace.
    pub fn new() -> Theme {
        Theme {
            primary: Hue::Orange,
            neutral: Hue::Zinc,
            radius: Radius::Md,
            font: [
                "Source Sans Pro",
                "ui-sans-serif",
                "system-ui",
                "-apple-system",
                "Segoe UI",
                "Roboto",
                "sans-serif",
            ]
            .map(str::to_owned)
            .to_vec(),
            font_mono: ["ui-monospace", "SFMono-Regular", "Consolas", "monospace"]
                .map(str::to_owned)
                .to_vec(),
        }
    }

    /// Buttons, focus rings, sliders and progress (Gradio's `primary_hue`).
    pub fn primary(mut self, hue: Hue) -> Self {
        self.primary = hue;
        self
    }

    /// Text, borders and backgrounds, light and dark (Gradio's `neutral_hue`).
    pub fn neutral(mut self, hue: Hue) -> Self {
        self.neutral = hue;
        self
    }

    /// How round blocks', buttons' and inputs' corners are (Gradio's `radius_size`).
    pub fn radius(mut self, radius: Radius) -> Self {
        self.radius = radius;
        self
    }

    /// The text font, with fallbacks: `["Inter", "sans-serif"]`.
    pub fn font<S: Into<String>>(mut self, families: impl IntoIterator<Item = S>) -> Self {
        self.font = families.into_iter().map(Into::into).collect();
        self
    }

    /// The code font, with fallbacks.
    pub fn font_mono<S: Into<String>>(mut self, families: impl IntoIterator<Item = S>) -> Self {
        self.font_mono = families.into_iter().map(Into::into).collect();
        self
    }

    /// The theme as CSS custom properties on `:root`.
    pub fn css(&self) -> String {
        let mut css = String::from(":root {\n");
        for (prefix, hue) in [("primary", self.primary), ("neutral", self.neutral)] {
            for (shade, colour) in SHADES.iter().zip(hue.shades()) {
                let _ = writeln!(css, "  --{prefix}-{shade}: {colour};");
            }
        }
        let (radius, radius_sm) = self.radius.px();
        let _ = writeln!(
            css,
            "  --radius: {radius}px;\n  --radius-sm: {radius_sm}px;"
        );
        let _ = writeln!(css, "  --font: {};", font_list(&self.font));
        let _ = writeln!(css, "  --font-mono: {};", font_list(&self.font_mono));
        css.push_str("}\n");
        css
    }
}

/// Generic families go bare, names quoted; a name can't end the declaration (`;`, `}`) or
/// the quote.
fn font_list(families: &[String]) -> String {
    const GENERIC: [&str; 8] = [
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "system-ui",
        "ui-sans-serif",
        "ui-serif",
        "ui-monospace",
    ];
    families
        .iter()
        .map(|f| {
            let clean: String = f
                .chars()
                .filter(|c| {
                    !c.is_control() && !matches!(c, '"' | '\'' | ';' | '{' | '}' | '\\' | '<' | '>')
                })
                .collect();
            if GENERIC.contains(&clean.as_str())
                || ["-apple-system", "BlinkMacSystemFont"].contains(&clean.as_str())
            {
                clean
            } else {
                format!("\"{clean}\"")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_is_the_stylesheets_own_look() {
        let css = Theme::new().css();
        assert!(css.contains("--primary-500: #f97316;"), "{css}");
        assert!(css.contains("--neutral-950: #0f0f11;"));
        assert!(css.contains("--radius: 8px;"));
        assert!(
            css.contains("--font: \"Source Sans Pro\", ui-sans-serif, system-ui, -apple-system,")
        );
        // Each variable the stylesheet declares for the default look is one a theme sets, with
        // the same value: the default theme changes nothing.
        let sheet = include_str!("../../style/main.css");
        let root = &sheet[sheet.find(":root {").unwrap()..];
        let root = &root[..root.find('}').unwrap()];
        for line in root.lines().map(str::trim) {
            let Some((name, _)) = line.split_once(':') else {
                continue;
            };
            if name.starts_with("--primary-")
                || name.starts_with("--neutral-")
                || name.starts_with("--radius")
            {
                assert!(
                    css.contains(line),
                    "{line} is not in the default theme:\n{css}"
                );
            }
        }
    }

    #[test]
    fn hues_radius_and_fonts_reach_the_variables() {
        let css = Theme::new()
            .primary(Hue::Blue)
            .neutral(Hue::Slate)
            .radius(Radius::None)
            .font(["Inter", "sans-serif"])
            .font_mono(["Fira Code\"; } body { x: y", "monospace"])
            .css();
        assert!(css.contains("--primary-600: #2563eb;"));
        assert!(css.contains("--neutral-50: #f8fafc;"));
        assert!(css.contains("--radius: 0px;"));
        assert!(css.contains("--font: \"Inter\", sans-serif;"));
        // A font name can't break out of its declaration, nor comment the rest out.
        let odd = Theme::new().font(["-x /*", "-apple-system"]).css();
        assert!(odd.contains("--font: \"-x /*\", -apple-system;"), "{odd}");
        assert!(
            css.contains("--font-mono: \"Fira Code  body  x: y\", monospace;"),
            "{css}"
        );
        for hue in Hue::ALL {
            for colour in hue.shades() {
                assert!(
                    colour.len() == 7 && colour.starts_with('#'),
                    "{hue:?} {colour}"
                );
            }
        }
    }
}
