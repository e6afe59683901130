//! Images in user messages: the four formats Bedrock reads, their size read from the file's own header (so a file
//! whose bytes are not the format it claims is caught before sending), Bedrock's limits, and the token estimate the
//! plan uses until CountTokens counts them.
//!
//! Sources (checked 2026-12-01):
//! - Formats: Converse `ImageBlock.format` is `png | jpeg | gif | webp` (Amazon Bedrock API Reference, `ImageBlock`).
//! - Limits: "You can include up to 20 images. Each image's size, height, and width must be no more than 3.75 MB,
//!   8,000 px, and 8,000 px, respectively." (Amazon Bedrock API Reference, `Message`).
//! - Tokens: Anthropic, Vision: "tokens = (width px * height px) / 750", after images whose long edge is over 1,568
//!   px (or over about 1.15 megapixels) are scaled down, keeping their aspect ratio. An estimate: Nova and other
//!   families count differently, and CountTokens replaces it where the model counts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::connection_input::{FieldError, Rule};
use crate::field_rule::count;
use crate::request_limits::format_bytes;

/// An image format Bedrock reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl ImageFormat {
    /// Converse's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Png => "png",
            Self::Jpeg => "jpeg",
            Self::Gif => "gif",
            Self::Webp => "webp",
        }
    }

    /// The Anthropic body's `media_type`.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
        }
    }
}

/// The largest image Bedrock accepts, in bytes (3.75 MB, read as decimal megabytes like the document limit).
pub const MAX_IMAGE_BYTES: usize = 3_750_000;
/// The widest and tallest image Bedrock accepts, in pixels.
pub const MAX_IMAGE_PIXELS: u32 = 8000;
/// The most images one request may hold, across all its messages (earlier turns' images are sent again).
pub const MAX_IMAGES_PER_REQUEST: usize = 20;

/// What an image file's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    pub format: ImageFormat,
    pub width: u32,
    pub height: u32,
}

/// Reads the format and size from an image's first bytes: PNG's IHDR, GIF's logical screen, JPEG's first
/// start-of-frame, WebP's VP8/VP8L/VP8X header. `None` when the bytes are none of the four (or are cut short).
pub fn sniff_image(bytes: &[u8]) -> Option<ImageInfo> {
    let be16 = |at: usize| {
        Some(u32::from(u16::from_be_bytes([
            *bytes.get(at)?,
            *bytes.get(at + 1)?,
        ])))
    };
    let le16 = |at: usize| {
        Some(u32::from(u16::from_le_bytes([
            *bytes.get(at)?,
            *bytes.get(at + 1)?,
        ])))
    };
    let be32 = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let le24 = |at: usize| {
        let b = bytes.get(at..at + 3)?;
        Some(u32::from(b[0]) | (u32::from(b[1]) << 8) | (u32::from(b[2]) << 16))
    };
    let info = |format, width, height| {
        Some(ImageInfo {
            format,
            width,
            height,
        })
    };
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        return info(ImageFormat::Png, be32(16)?, be32(20)?);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return info(ImageFormat::Gif, le16(6)?, le16(8)?);
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return match bytes.get(12..16)? {
            b"VP8 " if bytes.get(23..26) == Some(&[0x9d, 0x01, 0x2a]) => {
                info(ImageFormat::Webp, le16(26)? & 0x3fff, le16(28)? & 0x3fff)
            }
            b"VP8L" if bytes.get(20) == Some(&0x2f) => {
                let b = u32::from_le_bytes(bytes.get(21..25)?.try_into().ok()?);
                info(ImageFormat::Webp, (b & 0x3fff) + 1, ((b >> 14) & 0x3fff) + 1)
            }
            b"VP8X" => info(ImageFormat::Webp, le24(24)? + 1, le24(27)? + 1),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xff, 0xd8]) {
        // Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
        let mut at = 2;
        while at + 4 <= bytes.len() {
            if bytes[at] != 0xff {
                return None;
            }
            let marker = bytes[at + 1];
            if marker == 0xff {
                at += 1;
                continue;
            }
            let length = be16(at + 2)? as usize;
            let is_frame = (0xc0..=0xcf).contains(&marker) && !matches!(marker, 0xc4 | 0xc8 | 0xcc);
            if is_frame {
                return info(ImageFormat::Jpeg, be16(at + 7)?, be16(at + 5)?);
            }
            at += 2 + length;
        }
    }
    None
}

/// The tokens a Claude model reads for an image of this size: scaled to fit 1,568 px on the long edge and about
/// 1.15 megapixels, then width × height / 750, rounded up.
pub fn estimate_image_tokens(width: u32, height: u32) -> u32 {
    const LONG_EDGE: f64 = 1568.0;
    const MAX_PIXELS: f64 = 1_150_000.0;
    let (w, h) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let scale = (LONG_EDGE / w.max(h)).min((MAX_PIXELS / (w * h)).sqrt()).min(1.0);
    let (w, h) = ((w * scale).round(), (h * scale).round());
    (w * h / 750.0).ceil() as u32
}

/// What Bedrock would refuse in one image, at `field` (the image's place in the conversation).
pub fn image_problems(field: &str, name: &str, declared: ImageFormat, data: &str) -> Vec<FieldError> {
    let problem = |rule: Rule, message: String| FieldError::new(field, rule, message);
    let Some(bytes) = super::decode_base64(data) else {
        return vec![problem(
            Rule::ImageUnreadable {
                name: name.to_owned(),
            },
            format!("{name} is not readable as an image; open the file again."),
        )];
    };
    let mut problems = Vec::new();
    if bytes.len() > MAX_IMAGE_BYTES {
        problems.push(problem(
            Rule::ImageTooLarge {
                bytes: bytes.len() as u64,
                max_bytes: MAX_IMAGE_BYTES as u64,
            },
            format!(
                "This image is {}; Bedrock accepts images of at most {} each. Save it smaller or at a lower resolution.",
                format_bytes(bytes.len()),
                format_bytes(MAX_IMAGE_BYTES)
            ),
        ));
    }
    match sniff_image(&bytes) {
        None => problems.push(problem(
            Rule::ImageUnreadable {
                name: name.to_owned(),
            },
            format!("{name} is not a PNG, JPEG, GIF or WebP image."),
        )),
        Some(info) if info.format != declared => problems.push(problem(
            Rule::ImageFormatMismatch {
                declared,
                actual: info.format,
            },
            format!(
                "{name} is sent as {} but its bytes are {}.",
                declared.as_str(),
                info.format.as_str()
            ),
        )),
        Some(info) if info.width > MAX_IMAGE_PIXELS || info.height > MAX_IMAGE_PIXELS => {
            problems.push(problem(
                Rule::ImageTooWide {
                    width: info.width,
                    height: info.height,
                    max: MAX_IMAGE_PIXELS,
                },
                format!(
                    "This image is {} × {} px; Bedrock accepts at most {MAX_IMAGE_PIXELS} px each way.",
                    info.width, info.height
                ),
            ));
        }
        Some(_) => {}
    }
    problems
}

/// More images in the request than Bedrock accepts, at the conversation's messages.
pub fn too_many_images_in_request(images: usize) -> Option<FieldError> {
    (images > MAX_IMAGES_PER_REQUEST).then(|| {
        FieldError::new(
            "messages",
            Rule::TooManyImagesInRequest {
                count: count(images),
                max: count(MAX_IMAGES_PER_REQUEST),
            },
            format!(
                "This conversation holds {images} images; Bedrock accepts at most {MAX_IMAGES_PER_REQUEST} in one request, and every turn sends the earlier ones again."
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid headers of each format, for a `width` × `height` image.
    pub(crate) fn header(format: ImageFormat, width: u32, height: u32) -> Vec<u8> {
        match format {
            ImageFormat::Png => {
                let mut b = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
                b.extend(width.to_be_bytes());
                b.extend(height.to_be_bytes());
                b.extend([8, 6, 0, 0, 0]);
                b
            }
            ImageFormat::Gif => {
                let mut b = b"GIF89a".to_vec();
                b.extend((width as u16).to_le_bytes());
                b.extend((height as u16).to_le_bytes());
                b
            }
            ImageFormat::Jpeg => {
                let mut b = vec![0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8];
                b.extend((height as u16).to_be_bytes());
                b.extend((width as u16).to_be_bytes());
                b.extend([3, 1, 0x22, 0]);
                b
            }
            ImageFormat::Webp => {
                let mut b = b"RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0".to_vec();
                b.extend(&(width - 1).to_le_bytes()[..3]);
                b.extend(&(height - 1).to_le_bytes()[..3]);
                b
            }
        }
    }

    #[test]
    fn the_header_says_the_format_and_size() {
        for format in [
            ImageFormat::Png,
            ImageFormat::Gif,
            ImageFormat::Jpeg,
            ImageFormat::Webp,
        ] {
            assert_eq!(
                sniff_image(&header(format, 640, 480)),
                Some(ImageInfo {
                    format,
                    width: 640,
                    height: 480
                }),
                "{format:?}"
            );
        }
        // A lossless WebP: 14-bit width and height minus one, after the 0x2f signature.
        let mut vp8l = b"RIFF\0\0\0\0WEBPVP8L\0\0\0\0\x2f".to_vec();
        let bits: u32 = (100 - 1) | ((50 - 1) << 14);
        vp8l.extend(bits.to_le_bytes());
        assert_eq!(sniff_image(&vp8l).map(|i| (i.width, i.height)), Some((100, 50)));
        assert_eq!(sniff_image(b"%PDF-1.7"), None);
        assert_eq!(sniff_image(&header(ImageFormat::Png, 1, 1)[..18]), None);
    }

    #[test]
    fn bedrock_s_image_limits_are_checked_with_the_rule_named() {
        use crate::conversation::base64;
        let rules = |format, bytes: &[u8]| -> Vec<Rule> {
            image_problems("messages[0].content[1]", "chart", format, &base64(bytes))
                .into_iter()
                .map(|p| p.rule)
                .collect()
        };
        assert!(rules(ImageFormat::Png, &header(ImageFormat::Png, 800, 600)).is_empty());
        assert_eq!(
            rules(ImageFormat::Png, &header(ImageFormat::Jpeg, 800, 600)),
            [Rule::ImageFormatMismatch {
                declared: ImageFormat::Png,
                actual: ImageFormat::Jpeg
            }]
        );
        assert_eq!(
            rules(ImageFormat::Png, &header(ImageFormat::Png, 8001, 600)),
            [Rule::ImageTooWide {
                width: 8001,
                height: 600,
                max: 8000
            }]
        );
        let mut big = header(ImageFormat::Gif, 10, 10);
        big.resize(MAX_IMAGE_BYTES + 1, 0);
        assert_eq!(
            rules(ImageFormat::Gif, &big),
            [Rule::ImageTooLarge {
                bytes: 3_750_001,
                max_bytes: 3_750_000
            }]
        );
        assert_eq!(
            rules(ImageFormat::Webp, b"not an image"),
            [Rule::ImageUnreadable { name: "chart".into() }]
        );
        assert!(
            image_problems("f", "chart", ImageFormat::Png, "%%%")
                .iter()
                .all(|p| matches!(p.rule, Rule::ImageUnreadable { .. }))
        );
        assert!(too_many_images_in_request(20).is_none());
        assert_eq!(
            too_many_images_in_request(21).map(|p| p.rule),
            Some(Rule::TooManyImagesInRequest { count: 21, max: 20 })
        );
    }

    #[test]
    fn an_image_travels_on_every_transport_and_counts_in_the_plan_behind_a_cache_point() {
        use crate::conversation::{Api, ContentItem, Conversation, base64};
        use crate::model_facts::CacheTtl;
        use crate::request_code::{CodeFormat, request_code};
        let data = base64(&header(ImageFormat::Png, 200, 200));
        let mut conversation = Conversation::simple("Describe charts.", "What does it show?");
        conversation.messages[0].content.splice(
            0..0,
            [
                ContentItem::Image {
                    name: "chart".into(),
                    format: ImageFormat::Png,
                    data: data.clone(),
                },
                ContentItem::CachePoint {
                    ttl: CacheTtl::FiveMinutes,
                },
            ],
        );
        assert!(
            conversation.problems().is_empty(),
            "{:?}",
            conversation.problems()
        );
        let model = "us.anthropic.claude-sonnet-4-20250514-v1:0";
        assert_eq!(
            conversation.converse_json(model)["messages"][0]["content"][0],
            serde_json::json!({"image": {"format": "png", "source": {"bytes": data}}})
        );
        assert_eq!(
            conversation.invoke_model_body()["messages"][0]["content"][0],
            serde_json::json!({"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data},
                "cache_control": {"type": "ephemeral"}})
        );
        let boto3 = request_code(
            &conversation,
            Api::Converse,
            model,
            "us-east-1",
            CodeFormat::Boto3,
        );
        assert!(boto3.contains("DOCUMENT_1 = base64.b64decode("), "{boto3}");
        let rust = request_code(&conversation, Api::Converse, model, "us-east-1", CodeFormat::Rust);
        assert!(
            rust.contains("ContentBlock::Image(ImageBlock::builder()"),
            "{rust}"
        );

        let flat = conversation.flatten();
        let image = flat
            .blocks
            .iter()
            .find(|b| b.kind == crate::cache_plan::BlockKind::Image)
            .unwrap();
        // 200 × 200 / 750 → 54 tokens, as the plan counts it until CountTokens does.
        assert_eq!(image.tokens(), 54);
        assert_eq!(image.text, "[image chart.png 200×200]");
        // The cache point after the image counts it in its prefix.
        let system_tokens = flat.blocks[0].tokens();
        assert_eq!(flat.points[0].after_blocks, 2);
        let mut other = conversation.clone();
        if let ContentItem::Image { data, .. } = &mut other.messages[0].content[0] {
            *data = base64(&header(ImageFormat::Png, 200, 201));
        }
        assert_ne!(
            crate::cache_tracker::prefix_hashes(&other.flatten().blocks)[2],
            crate::cache_tracker::prefix_hashes(&flat.blocks)[2],
            "another image is another prefix"
        );
        assert!(system_tokens > 0);
    }

    #[test]
    fn tokens_follow_anthropics_formula_after_scaling() {
        // 200 × 200 = 40,000 px / 750 = 53.3 → 54.
        assert_eq!(estimate_image_tokens(200, 200), 54);
        // 1,000 × 1,000 = 1,000,000 px (under 1.15 MP, under 1,568 px) / 750 = 1,333.3 → 1,334.
        assert_eq!(estimate_image_tokens(1000, 1000), 1334);
        // 8,000 × 8,000 scales to about 1.15 MP: 1,072 × 1,072 = 1,149,184 / 750 = 1,532.2 → 1,533.
        assert_eq!(estimate_image_tokens(8000, 8000), 1533);
    }
}
