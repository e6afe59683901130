//! A playground conversation as the person edits it: tools, system blocks and messages, with cache points
//! standing between blocks wherever Bedrock allows them, and the inference parameters.
//!
//! From it come the blocks and points the cache plan reads, the Converse request (its JSON wire shape, the
//! one `aws bedrock-runtime converse` and boto3 take) and the Anthropic body InvokeModel takes.
//!
//! - `model`: the conversation's types, as the UI edits them and a session stores them.
//! - `flatten`: the blocks and cache points the cache plan reads, and where each came from.
//! - `validate`: the rules Converse would refuse the request for, each naming its field.
//! - `converse_wire`: the Converse request body.
//! - `anthropic_body`: the Anthropic Messages body InvokeModel takes.
//! - `document_name`, `base64`: a document's name and bytes as Converse takes them.

mod anthropic_body;
mod base64;
mod converse_wire;
mod document_name;
mod flatten;
mod image;
mod model;
mod parameters;
mod validate;

#[cfg(test)]
mod fixture;

pub use self::anthropic_body::ANTHROPIC_DEFAULT_MAX_TOKENS;
pub use self::base64::{base64, decode_base64};
pub use self::document_name::document_name_from_file;
pub use self::flatten::{BlockOrigin, Flattened};
pub use self::image::{
    ImageFormat, ImageInfo, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGES_PER_REQUEST, estimate_image_tokens,
    sniff_image,
};
pub use self::model::{
    Api, ContentItem, Conversation, DocumentFormat, InferenceParams, Message, Role, SystemItem, Thinking,
    ToolItem,
};
pub use self::parameters::{MAX_TOP_K, MIN_THINKING_BUDGET, MIN_TOP_P_WITH_THINKING, THINKING_BUDGET_FIELD};
