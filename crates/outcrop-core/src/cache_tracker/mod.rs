//! What is cached now, what the next send will write and read, and — after it — why the service did
//! something else.
//!
//! The tracker keeps every prefix a turn wrote (by a hash of its blocks, under the scope it was written in:
//! the invoked ID and the Region), with the time it expires; every read renews it. The prediction follows
//! Bedrock's documented behaviour: the longest live prefix that ends at a checkpoint, or up to
//! [`LOOKBACK_BLOCKS`] blocks before one, is read; every checkpoint after it that reaches the model's minimum
//! is written. Times are milliseconds since the Unix epoch, passed in: the tracker has no clock of its own.
//!
//! - `tracker`: what this session holds in the cache, and the TTL countdown.
//! - `prefix`: the prefixes of a request, by hash and by cumulative tokens.
//! - `predict`: what the next send will read and write at each checkpoint, and why a cached prefix is missed.
//! - `record`: a completed send, as the service's usage reports it.
//! - `explain`: predicted against actual, the causes of a difference, and what changed in a prefix.

mod explain;
mod predict;
mod prefix;
mod record;
mod tracker;

#[cfg(test)]
mod fixture;

pub use self::explain::{BlockDiff, MissCause, Reconciliation, diff_text, reconcile};
pub use self::predict::{LOOKBACK_BLOCKS, PointAction, Prediction};
pub use self::prefix::prefix_hashes;
pub use self::tracker::{CacheTracker, CachedPrefix, SentPrefix};
