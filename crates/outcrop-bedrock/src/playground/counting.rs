//! Counting the conversation with CountTokens (or bedrock-mantle's `count_tokens`): each block once per
//! content, whole prefixes up to cache points, and a newer count superseding the one still running.

use std::sync::PoisonError;

use outcrop_core::ErrorCode;
use outcrop_core::conversation::{Api, Conversation};
use tokio_util::sync::CancellationToken;

use super::plan::{Target, block_key, prefix_key};
use super::runner::count_tokens;
use super::runner::sdk_shape::sdk_conversation;
use super::service::PlaygroundService;
use super::sizes;
use super::types::TokenCountReport;
use crate::OutcropError;

impl PlaygroundService {
    /// [`Self::count_tokens`] for the window, which counts again a little after each edit: a count started for a
    /// session (`None`: a draft outside any) supersedes the one still running for it. That one stops at once —
    /// its requests are dropped, so no connection stays open for it — and returns a report marked `superseded`,
    /// which the window ignores.
    pub async fn count_tokens_latest(
        &self,
        session_id: Option<&str>,
        runtime: &crate::Runtime,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<TokenCountReport, OutcropError> {
        let key = session_id.unwrap_or_default().to_owned();
        let token = CancellationToken::new();
        if let Some(previous) = self
            .counting
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key.clone(), token.clone())
        {
            previous.cancel();
        }
        let result = tokio::select! {
            counted = self.count_tokens(runtime, conversation, api, target) => counted,
            () = token.cancelled() => Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: 0,
                unavailable: None,
                superseded: true,
            }),
        };
        // A token not cancelled is still the session's own: no newer count replaced it.
        if !token.is_cancelled() {
            self.counting
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&key);
        }
        result
    }

    /// Counts each block with CountTokens (bare foundation-model ID) on the wire `api` sends — the
    /// Converse request or InvokeModel's Anthropic body —, keeping the counts per block content so an edit
    /// only recounts what changed. Models and Regions that cannot count keep local estimates.
    pub async fn count_tokens(
        &self,
        runtime: &crate::Runtime,
        conversation: &Conversation,
        api: Api,
        target: &Target,
    ) -> Result<TokenCountReport, OutcropError> {
        let flat = conversation.flatten();
        let total = flat.blocks.len() as u32;
        let Some(model) = target.resolution.foundation_model_id.clone() else {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "The model behind this ID is not known, so CountTokens cannot be asked; sizes are estimates."
                        .into(),
                ),
                superseded: false,
            });
        };
        // A model bedrock-runtime does not count is counted on bedrock-mantle where AWS counts it.
        let client: count_tokens::Counter<'_> =
            match sizes::not_countable_on_runtime(self.facts().lookup(&model)) {
                Some(true) => count_tokens::Counter::Mantle(&runtime.messages),
                Some(false) => {
                    return Ok(TokenCountReport {
                        counted_blocks: 0,
                        estimated_blocks: total,
                        unavailable: Some(
                            "CountTokens does not count this model; sizes are estimates.".into(),
                        ),
                        superseded: false,
                    });
                }
                None => count_tokens::Counter::from(runtime),
            };
        if !model.starts_with("anthropic.") {
            return Ok(TokenCountReport {
                counted_blocks: 0,
                estimated_blocks: total,
                unavailable: Some(
                    "CountTokens counts Claude models only; sizes for this model are estimates.".into(),
                ),
                superseded: false,
            });
        }
        // Checked as the send would check it (a tool schema that is not JSON…), before anything is asked.
        sdk_conversation(conversation)?;
        let parts = count_tokens::countable_parts(conversation);
        let keys: Vec<String> = flat.blocks.iter().map(block_key).collect();
        let missing: Vec<usize> = {
            let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
            (0..flat.blocks.len())
                .filter(|&i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && !counts.contains_key(&(model.clone(), api, keys[i].clone()))
                })
                .collect()
        };
        let overhead_known = self
            .message_overhead
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(&(model.clone(), api));
        if !missing.is_empty() || !overhead_known {
            let wanted: Vec<_> = missing.iter().map(|&i| parts[i].clone()).collect();
            match count_tokens::count_parts(client, &model, api, &wanted).await {
                Ok(figures) => {
                    self.message_overhead
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.message_overhead);
                    self.probe_message
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert((model.clone(), api), figures.probe_message);
                    let mut counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                    if counts.len() > 50_000 {
                        counts.clear();
                    }
                    for (&i, figure) in missing.iter().zip(figures.blocks) {
                        if let Some(n) = figure {
                            counts.insert((model.clone(), api, keys[i].clone()), n);
                        }
                    }
                }
                Err(error) if error.code == ErrorCode::Validation => {
                    return Ok(TokenCountReport {
                        counted_blocks: 0,
                        estimated_blocks: total,
                        unavailable: Some(format!(
                            "CountTokens is not available for {model} here ({}); sizes are estimates.",
                            error.message
                        )),
                        superseded: false,
                    });
                }
                Err(error) => return Err(error),
            }
        }
        self.count_prefixes(client, conversation, api, &model, &keys)
            .await?;
        let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
        let counted = keys
            .iter()
            .filter(|k| counts.contains_key(&(model.clone(), api, (*k).clone())))
            .count() as u32;
        Ok(TokenCountReport {
            counted_blocks: counted,
            estimated_blocks: total - counted,
            unavailable: None,
            superseded: false,
        })
    }

    /// Counts whole each prefix up to a cache point whose blocks are all counted, once per prefix content:
    /// what the service adds for the request and its sections is then in the plan's prefix sizes.
    async fn count_prefixes(
        &self,
        client: count_tokens::Counter<'_>,
        conversation: &Conversation,
        api: Api,
        model: &str,
        keys: &[String],
    ) -> Result<(), OutcropError> {
        let flat = conversation.flatten();
        let parts = count_tokens::countable_parts(conversation);
        let Some(probe_message) = self
            .probe_message
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&(model.to_owned(), api))
            .copied()
        else {
            return Ok(());
        };
        for (k, point) in flat.points.iter().enumerate() {
            let after = point.after_blocks as usize;
            let all_counted = {
                let counts = self.counts.lock().unwrap_or_else(PoisonError::into_inner);
                (0..after.min(keys.len())).all(|i| {
                    parts.get(i).is_some_and(Option::is_some)
                        && counts.contains_key(&(model.to_owned(), api, keys[i].clone()))
                })
            };
            let Some(prefix) = sizes::prefix_to_point(conversation, k).filter(|_| all_counted && after > 0)
            else {
                continue;
            };
            let key = (model.to_owned(), api, prefix_key(&prefix));
            if self
                .prefix_counts
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(&key)
            {
                continue;
            }
            // A prefix the service will not count alone (say, one ending in an assistant's tool use) keeps
            // the sum of its blocks.
            let n = match count_tokens::count_prefix(client, model, api, &prefix, probe_message).await {
                Ok(n) => n,
                Err(error) if error.code == ErrorCode::Validation => continue,
                Err(error) => return Err(error),
            };
            let mut prefix_counts = self.prefix_counts.lock().unwrap_or_else(PoisonError::into_inner);
            if prefix_counts.len() > 10_000 {
                prefix_counts.clear();
            }
            prefix_counts.insert(key, n);
        }
        Ok(())
    }
}
