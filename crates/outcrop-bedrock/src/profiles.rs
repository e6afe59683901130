//! Inference profiles and the model catalogue of the connection's Region: what the `aws bedrock …
//! inference-profile` commands do, plus how to call each model from here.

use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileSummary, InferenceProfileType};
use outcrop_core::model_facts::{ApiFacts, FloorClaim, MeasuredFloor, ModelFactsTable, TierFacts};
use outcrop_core::profiles::{CliCommand, Tag, cli, iam_policy_text};
use outcrop_core::resolver::{ModelInfo, ProfileInfo, Resolution, ResolveError, Verdict};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::OutcropError;
use crate::models::{FoundationModel, FoundationModelFilter, list_foundation_models};

/// An inference profile as the Profiles page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub description: Option<String>,
    pub status: String,
    pub application: bool,
    /// For system profiles, the geography prefix (`us`, `eu`, `global`, …) as the ID spells it.
    pub geography: Option<String>,
    pub created_at: Option<String>,
    pub updated_at: Option<String>,
    pub model_arns: Vec<String>,
    /// The foundation model behind the profile.
    pub model_id: Option<String>,
    pub destination_regions: Vec<String>,
    /// An application profile's tags, so a search finds it by a tag; absent for system profiles and when they
    /// could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub tags: Option<Vec<Tag>>,
}

impl Profile {
    pub fn info(&self) -> ProfileInfo {
        ProfileInfo {
            id: self.id.clone(),
            arn: self.arn.clone(),
            application: self.application,
            model_arns: self.model_arns.clone(),
        }
    }
}

fn iso(time: Option<&aws_sdk_bedrock::primitives::DateTime>) -> Option<String> {
    time.and_then(|t| t.fmt(aws_sdk_bedrock::primitives::DateTimeFormat::DateTime).ok())
}

#[allow(clippy::too_many_arguments)] // the summary and the Get output share these fields but no type
fn from_parts(
    id: &str,
    arn: &str,
    name: &str,
    description: Option<&str>,
    status: &str,
    kind: &InferenceProfileType,
    created: Option<&aws_sdk_bedrock::primitives::DateTime>,
    updated: Option<&aws_sdk_bedrock::primitives::DateTime>,
    model_arns: Vec<String>,
) -> Profile {
    let application = matches!(kind, InferenceProfileType::Application);
    let info = ProfileInfo {
        id: id.to_owned(),
        arn: arn.to_owned(),
        application,
        model_arns: model_arns.clone(),
    };
    let geography = (!application)
        .then(|| {
            outcrop_core::ModelRef::parse(id)
                .ok()
                .and_then(|r| r.geography().map(str::to_owned))
        })
        .flatten();
    Profile {
        id: id.to_owned(),
        arn: arn.to_owned(),
        name: name.to_owned(),
        description: description.map(str::to_owned),
        status: status.to_owned(),
        application,
        geography,
        created_at: iso(created),
        updated_at: iso(updated),
        model_id: info.model_id().map(str::to_owned),
        destination_regions: info
            .destination_regions()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        model_arns,
        tags: None,
    }
}

fn from_summary(p: &InferenceProfileSummary) -> Profile {
    from_parts(
        p.inference_profile_id(),
        p.inference_profile_arn(),
        p.inference_profile_name(),
        p.description(),
        p.status().as_str(),
        p.r#type(),
        p.created_at(),
        p.updated_at(),
        p.models()
            .iter()
            .filter_map(|m| m.model_arn().map(str::to_owned))
            .collect(),
    )
}

/// Every profile of the Region, system-defined then application, all pages.
pub async fn list_profiles(client: &aws_sdk_bedrock::Client) -> Result<Vec<Profile>, OutcropError> {
    let mut all = Vec::new();
    for kind in [
        InferenceProfileType::SystemDefined,
        InferenceProfileType::Application,
    ] {
        let mut pages = client
            .list_inference_profiles()
            .type_equals(kind)
            .max_results(1000)
            .into_paginator()
            .send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| OutcropError::from_sdk("ListInferenceProfiles", e))?;
            all.extend(page.inference_profile_summaries().iter().map(from_summary));
        }
    }
    Ok(all)
}

pub async fn get_profile(
    client: &aws_sdk_bedrock::Client,
    identifier: &str,
) -> Result<Profile, OutcropError> {
    let p = client
        .get_inference_profile()
        .inference_profile_identifier(identifier)
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("GetInferenceProfile", e))?;
    Ok(from_parts(
        p.inference_profile_id(),
        p.inference_profile_arn(),
        p.inference_profile_name(),
        p.description(),
        p.status().as_str(),
        p.r#type(),
        p.created_at(),
        p.updated_at(),
        p.models()
            .iter()
            .filter_map(|m| m.model_arn().map(str::to_owned))
            .collect(),
    ))
}

/// Everything the details panel shows about one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDetails {
    pub profile: Profile,
    /// Application profiles only; system profiles carry no tags of yours.
    pub tags: Vec<Tag>,
    /// A least-privilege IAM policy for invoking through the profile (pretty JSON).
    pub iam_policy: String,
    pub cli: Vec<CliCommand>,
}

/// The profile `identifier` (ID or ARN) in `region`, with its tags, the IAM policy for invoking through it
/// and the AWS CLI commands for it. A failure to read the tags or to write out the policy is an error.
pub async fn profile_details(
    client: &aws_sdk_bedrock::Client,
    region: &str,
    identifier: &str,
) -> Result<ProfileDetails, OutcropError> {
    let profile = get_profile(client, identifier).await?;
    let tags = if profile.application {
        list_tags(client, &profile.arn).await?
    } else {
        Vec::new()
    };
    let info = profile.info();
    let iam_policy = iam_policy_text(&info).map_err(|error| OutcropError {
        code: outcrop_core::ErrorCode::Internal,
        message: "The IAM policy for this profile could not be written out".into(),
        detail: error.to_string(),
        fields: Vec::new(),
        aws: None,
    })?;
    Ok(ProfileDetails {
        cli: cli::for_profile(region, &info, &tags),
        profile,
        tags,
        iam_policy,
    })
}

/// What the create form sends.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateProfile {
    pub name: String,
    pub description: Option<String>,
    /// A foundation-model ARN (single Region) or a system profile ARN (multi-Region).
    pub copy_from: String,
    pub tags: Vec<Tag>,
}

/// Every rule the request breaks, field by field (`name`, `description`, `copyFrom`, `tags.N.key` …).
pub fn check_create(request: &CreateProfile) -> Vec<outcrop_core::connection_input::FieldError> {
    use outcrop_core::profiles;
    let mut errors = Vec::new();
    errors.extend(profiles::check_name(&request.name));
    errors.extend(
        request
            .description
            .as_deref()
            .and_then(profiles::check_description),
    );
    errors.extend(profiles::check_copy_from(&request.copy_from));
    errors.extend(profiles::check_tags(&request.tags));
    errors
}

fn sdk_tags(tags: &[Tag]) -> Result<Vec<aws_sdk_bedrock::types::Tag>, OutcropError> {
    tags.iter()
        .map(|t| {
            aws_sdk_bedrock::types::Tag::builder()
                .key(&t.key)
                .value(&t.value)
                .build()
                .map_err(|e| OutcropError {
                    code: outcrop_core::ErrorCode::Validation,
                    message: "A tag needs a key and a value".into(),
                    detail: e.to_string(),
                    fields: Vec::new(),
                    aws: None,
                })
        })
        .collect()
}

/// Creates an application profile; nothing is sent when a rule is broken. Returns the new profile.
pub async fn create_profile(
    client: &aws_sdk_bedrock::Client,
    request: &CreateProfile,
) -> Result<Profile, OutcropError> {
    let errors = check_create(request);
    if !errors.is_empty() {
        return Err(OutcropError::from_field_errors(&errors));
    }
    let created = client
        .create_inference_profile()
        .inference_profile_name(request.name.trim())
        .set_description(request.description.clone().filter(|d| !d.is_empty()))
        .model_source(InferenceProfileModelSource::CopyFrom(request.copy_from.clone()))
        .set_tags(Some(sdk_tags(&request.tags)?).filter(|t| !t.is_empty()))
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("CreateInferenceProfile", e))?;
    get_profile(client, created.inference_profile_arn()).await
}

pub async fn delete_profile(client: &aws_sdk_bedrock::Client, identifier: &str) -> Result<(), OutcropError> {
    client
        .delete_inference_profile()
        .inference_profile_identifier(identifier)
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("DeleteInferenceProfile", e))?;
    Ok(())
}

pub async fn list_tags(client: &aws_sdk_bedrock::Client, arn: &str) -> Result<Vec<Tag>, OutcropError> {
    let output = client
        .list_tags_for_resource()
        .resource_arn(arn)
        .send()
        .await
        .map_err(|e| OutcropError::from_sdk("ListTagsForResource", e))?;
    Ok(output
        .tags()
        .iter()
        .map(|t| Tag {
            key: t.key().to_owned(),
            value: t.value().to_owned(),
        })
        .collect())
}

/// Sets the profile's tags to exactly `wanted`: tags added or changed ones first, then untags removed keys, so
/// a TagResource that fails loses nothing (an UntagResource that fails after it leaves extra tags, which the
/// error and a second try put right).
pub async fn set_tags(
    client: &aws_sdk_bedrock::Client,
    arn: &str,
    wanted: &[Tag],
) -> Result<Vec<Tag>, OutcropError> {
    let mut errors: Vec<_> = outcrop_core::profiles::check_tag_target(arn)
        .into_iter()
        .collect();
    errors.extend(outcrop_core::profiles::check_tags(wanted));
    if !errors.is_empty() {
        return Err(OutcropError::from_field_errors(&errors));
    }
    let current = list_tags(client, arn).await?;
    let removed: Vec<String> = current
        .iter()
        .filter(|t| !wanted.iter().any(|w| w.key == t.key))
        .map(|t| t.key.clone())
        .collect();
    let changed: Vec<Tag> = wanted.iter().filter(|w| !current.contains(w)).cloned().collect();
    if !changed.is_empty() {
        client
            .tag_resource()
            .resource_arn(arn)
            .set_tags(Some(sdk_tags(&changed)?))
            .send()
            .await
            .map_err(|e| OutcropError::from_sdk("TagResource", e))?;
    }
    if !removed.is_empty() {
        client
            .untag_resource()
            .resource_arn(arn)
            .set_tag_keys(Some(removed))
            .send()
            .await
            .map_err(|e| OutcropError::from_sdk("UntagResource", e))?;
    }
    list_tags(client, arn).await
}

/// A system profile that can route a model, for the Models page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRoute {
    pub profile_id: String,
    pub geography: Option<String>,
    pub destination_regions: Vec<String>,
}

/// A model and how to call it from the connection's Region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CatalogModel {
    pub model: FoundationModel,
    /// The bare ID when the model runs on demand here.
    pub on_demand_id: Option<String>,
    /// The system profiles containing it, best for this Region first.
    pub profiles: Vec<ProfileRoute>,
    /// The ID Outcrop invokes when this model is chosen.
    pub recommended: Option<String>,
    /// Why: how the resolver calls the model from here, or why Bedrock would refuse it (worded by the UI).
    /// Empty only for an ID that is not a model identifier at all.
    pub verdict: Option<Verdict>,
    /// Prompt caching: minimum tokens per checkpoint (the floor planning uses) and TTLs, when known.
    pub cache_min_tokens: Option<u32>,
    pub cache_ttls: Vec<String>,
    /// Every published claim of the floor, with its source (they disagree for some models).
    pub cache_floor_claims: Vec<FloorClaim>,
    /// What the cache-floor probe measured for the model, when it has run.
    pub cache_measured: Option<MeasuredFloor>,
    /// The model also caches on its own (implicit caching).
    pub implicit_caching: bool,
    /// Which APIs serve the model, when Outcrop knows.
    pub apis: Option<ApiFacts>,
    /// Which service tiers it offers, when Outcrop knows.
    pub service_tiers: Option<TierFacts>,
}

/// The Region's models and profiles, joined.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub region: String,
    pub models: Vec<CatalogModel>,
    pub profiles: Vec<Profile>,
}

impl Catalog {
    /// What the resolver says about `input` (a model ID, a profile ID or an ARN) in this catalogue's Region.
    pub fn resolve(&self, input: &str) -> Result<Resolution, ResolveError> {
        let models: Vec<ModelInfo> = self
            .models
            .iter()
            .map(|m| ModelInfo {
                model_id: m.model.model_id.clone(),
                on_demand: m.model.on_demand(),
            })
            .collect();
        let profiles: Vec<ProfileInfo> = self.profiles.iter().map(Profile::info).collect();
        outcrop_core::resolver::resolve(input, &self.region, &models, &profiles)
    }
}

pub async fn catalog(client: &aws_sdk_bedrock::Client, region: &str) -> Result<Catalog, OutcropError> {
    let models = list_foundation_models(client, &FoundationModelFilter::default()).await?;
    let mut profiles = list_profiles(client).await?;
    with_tags(client, &mut profiles).await;
    Ok(join_catalog(region, models, profiles))
}

/// Reads every application profile's tags, side by side. A profile whose tags cannot be read (no
/// `bedrock:ListTagsForResource`, say) keeps `tags: None`: the catalogue still loads, and its details panel
/// says why when opened.
async fn with_tags(client: &aws_sdk_bedrock::Client, profiles: &mut [Profile]) {
    let reads = profiles
        .iter()
        .filter(|p| p.application)
        .map(|p| async move { (p.arn.clone(), list_tags(client, &p.arn).await.ok()) });
    let read: Vec<(String, Option<Vec<Tag>>)> = futures_util::future::join_all(reads).await;
    for (arn, tags) in read {
        if let Some(profile) = profiles.iter_mut().find(|p| p.arn == arn) {
            profile.tags = tags;
        }
    }
}

/// Joins models with the profiles that route them (pure; tested without a network).
pub fn join_catalog(region: &str, models: Vec<FoundationModel>, profiles: Vec<Profile>) -> Catalog {
    let infos: Vec<ProfileInfo> = profiles.iter().map(Profile::info).collect();
    let model_infos: Vec<ModelInfo> = models
        .iter()
        .map(|m| ModelInfo {
            model_id: m.model_id.clone(),
            on_demand: m.on_demand(),
        })
        .collect();
    let facts = ModelFactsTable::bundled();
    let catalog_models = models
        .into_iter()
        .map(|model| {
            let resolution = outcrop_core::resolver::resolve(&model.model_id, region, &model_infos, &infos);
            let verdict = Verdict::of(resolution).ok();
            let (recommended, ordered) = match &verdict {
                Some(Verdict::Callable { resolution: r }) => {
                    let mut ordered: Vec<String> = Vec::new();
                    if r.route == outcrop_core::resolver::Route::SystemProfile {
                        ordered.push(r.invoke_id.clone());
                    }
                    ordered.extend(r.alternatives.clone());
                    (Some(r.invoke_id.clone()), ordered)
                }
                _ => (None, Vec::new()),
            };
            let routes = ordered
                .iter()
                .filter_map(|id| profiles.iter().find(|p| &p.id == id))
                .map(|p| ProfileRoute {
                    profile_id: p.id.clone(),
                    geography: p.geography.clone(),
                    destination_regions: p.destination_regions.clone(),
                })
                .collect();
            let mut entry = CatalogModel {
                on_demand_id: model.on_demand().then(|| model.model_id.clone()),
                profiles: routes,
                recommended,
                verdict,
                cache_min_tokens: None,
                cache_ttls: Vec::new(),
                cache_floor_claims: Vec::new(),
                cache_measured: None,
                implicit_caching: false,
                apis: None,
                service_tiers: None,
                model,
            };
            entry.apply_facts(&facts);
            entry
        })
        .collect();
    Catalog {
        region: region.to_owned(),
        models: catalog_models,
        profiles,
    }
}

impl CatalogModel {
    /// Takes the model's caching facts from `facts`: the bundled table, or one with measured floors in force.
    pub fn apply_facts(&mut self, facts: &ModelFactsTable) {
        let model_facts = facts.lookup(&self.model.model_id);
        self.apis = model_facts.and_then(|f| f.apis.clone());
        self.service_tiers = model_facts.and_then(|f| f.service_tiers.clone());
        let cache = model_facts.map(|f| &f.cache);
        self.implicit_caching = cache.is_some_and(|c| c.implicit);
        self.cache_min_tokens = cache.map(|c| c.min_tokens);
        self.cache_ttls = cache
            .map(|c| c.ttls.iter().map(|t| t.as_str().to_owned()).collect())
            .unwrap_or_default();
        self.cache_floor_claims = cache.map(|c| c.floor_claims.clone()).unwrap_or_default();
        self.cache_measured = cache.and_then(|c| c.measured.clone());
    }
}

impl Catalog {
    /// Every model's caching facts from `facts` (see [`CatalogModel::apply_facts`]).
    pub fn apply_facts(&mut self, facts: &ModelFactsTable) {
        for model in &mut self.models {
            model.apply_facts(facts);
        }
    }
}
