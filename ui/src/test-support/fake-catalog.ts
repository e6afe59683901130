// A stand-in for the Rust side of Models & profiles, for tests: a small Region catalogue in memory, the create
// rules checked much as Rust checks them, and every command recorded (connections commands come from
// FakeConnections, which this extends).
import type {
  Catalog,
  CliCommand,
  CatalogModel,
  CreatePreview,
  CreateProfile,
  FieldError,
  FoundationModel,
  Profile,
  ProfileDetails,
  Resolution,
  Tag,
  Verdict,
} from "../lib/ipc/bindings";
import { FakeConnections, failure } from "./fake-connections";

const ACCOUNT = "123456789012";

export function foundationModel(
  modelId: string,
  modelName: string,
  providerName: string,
  more: Partial<FoundationModel> = {},
): FoundationModel {
  return {
    modelId,
    modelArn: `arn:aws:bedrock:us-east-1::foundation-model/${modelId}`,
    modelName,
    providerName,
    inputModalities: ["TEXT"],
    outputModalities: ["TEXT"],
    responseStreamingSupported: true,
    inferenceTypesSupported: ["ON_DEMAND"],
    lifecycleStatus: "ACTIVE",
    ...more,
  };
}

export function systemProfile(geography: string, modelId: string, regions: string[], name?: string): Profile {
  const id = `${geography}.${modelId}`;
  return {
    id,
    arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/${id}`,
    name: name ?? `${geography.toUpperCase()} ${modelId}`,
    description: `Routes requests to ${modelId} in ${regions.join(", ")}`,
    status: "ACTIVE",
    application: false,
    geography,
    createdAt: "2024-08-01T00:00:00Z",
    updatedAt: "2024-08-01T00:00:00Z",
    modelArns: regions.map((r) => `arn:aws:bedrock:${r}::foundation-model/${modelId}`),
    modelId,
    destinationRegions: regions,
  };
}

export function applicationProfile(id: string, name: string, source: Profile | FoundationModel, description: string | null = null): Profile {
  const modelArns = "modelArns" in source ? source.modelArns : [source.modelArn];
  const modelId = "modelArns" in source ? source.modelId : source.modelId;
  return {
    id,
    arn: `arn:aws:bedrock:us-east-1:${ACCOUNT}:application-inference-profile/${id}`,
    name,
    description,
    status: "ACTIVE",
    application: true,
    geography: null,
    createdAt: "2025-03-04T10:20:30Z",
    updatedAt: "2025-03-04T10:20:30Z",
    modelArns: [...modelArns],
    modelId,
    destinationRegions: modelArns.map((arn) => arn.split(":")[3] ?? ""),
  };
}

const US = ["us-east-1", "us-east-2", "us-west-2"];
const EU = ["eu-central-1", "eu-west-1", "eu-west-3"];
const GLOBAL = ["us-east-1", "eu-west-1", "ap-northeast-1"];

export const SONNET_35 = foundationModel("anthropic.claude-3-5-sonnet-20240620-v1:0", "Claude 3.5 Sonnet", "Anthropic", {
  inputModalities: ["TEXT", "IMAGE"],
  inferenceTypesSupported: ["ON_DEMAND", "INFERENCE_PROFILE"],
});
export const SONNET_4 = foundationModel("anthropic.claude-sonnet-4-20250514-v1:0", "Claude Sonnet 4", "Anthropic", {
  inputModalities: ["TEXT", "IMAGE"],
  inferenceTypesSupported: ["INFERENCE_PROFILE"],
});
export const CLAUDE_2 = foundationModel("anthropic.claude-v2:1", "Claude", "Anthropic", { lifecycleStatus: "LEGACY" });
export const NOVA_LITE = foundationModel("amazon.nova-lite-v1:0", "Nova Lite", "Amazon", {
  inputModalities: ["TEXT", "IMAGE", "VIDEO"],
  inferenceTypesSupported: ["ON_DEMAND", "INFERENCE_PROFILE"],
});
export const TITAN_EMBED = foundationModel("amazon.titan-embed-text-v2:0", "Titan Text Embeddings V2", "Amazon", {
  outputModalities: ["EMBEDDING"],
  responseStreamingSupported: false,
});
export const SD_LARGE = foundationModel("stability.sd3-5-large-v1:0", "Stable Diffusion 3.5 Large", "Stability AI", {
  outputModalities: ["IMAGE"],
  responseStreamingSupported: false,
});

export const US_SONNET_35 = systemProfile("us", SONNET_35.modelId, US, "US Claude 3.5 Sonnet");
export const EU_SONNET_35 = systemProfile("eu", SONNET_35.modelId, EU, "EU Claude 3.5 Sonnet");
export const US_SONNET_4 = systemProfile("us", SONNET_4.modelId, US, "US Claude Sonnet 4");
export const GLOBAL_SONNET_4 = systemProfile("global", SONNET_4.modelId, GLOBAL, "Global Claude Sonnet 4");
export const US_NOVA_LITE = systemProfile("us", NOVA_LITE.modelId, US, "US Nova Lite");
export const FINANCE = applicationProfile("a1b2c3d4e5f6", "finance-assistant", US_SONNET_35, "Claude for finance");

export const FINANCE_TAGS: Tag[] = [
  { key: "Department", value: "Finance" },
  { key: "Project", value: "Ledger" },
];

function entry(model: FoundationModel, profiles: Profile[], cache: [number, string[]] | null): CatalogModel {
  const routes = profiles.map((p) => ({ profileId: p.id, geography: p.geography, destinationRegions: p.destinationRegions }));
  const onDemand = model.inferenceTypesSupported.includes("ON_DEMAND");
  const recommended = onDemand ? model.modelId : (routes[0]?.profileId ?? null);
  const region = "us-east-1";
  const verdict = (): Verdict => {
    if (recommended === null) return { verdict: "refused", refusal: { kind: "noProfileInRegion", modelId: model.modelId, region } };
    // Built untyped and cast, as `resolution` below: bindings.ts declares two types named `Route`.
    const resolution = {
      invokeId: recommended,
      foundationModelId: model.modelId,
      route: onDemand ? "onDemand" : "systemProfile",
      reason: onDemand
        ? { kind: "onDemand", modelId: model.modelId, region }
        : { kind: "profileOnly", modelId: model.modelId, profileId: recommended, destinations: profiles[0]?.destinationRegions ?? [] },
      alternatives: routes.map((r) => r.profileId).filter((id) => id !== recommended),
    };
    return { verdict: "callable", resolution: resolution as unknown as Resolution };
  };
  return {
    model,
    onDemandId: onDemand ? model.modelId : null,
    profiles: routes,
    recommended,
    verdict: verdict(),
    cacheMinTokens: cache ? cache[0] : null,
    cacheTtls: cache ? cache[1] : [],
    cacheFloorClaims: cache
      ? [{ tokens: cache[0], by: "AWS prompt-caching table", source: "https://docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html", asOf: "2026-12-01", sure: "documented" }]
      : [],
    cacheMeasured: null,
    implicitCaching: false,
    apis: null,
    serviceTiers: null,
  };
}

export function defaultModels(): CatalogModel[] {
  return [
    entry(SONNET_35, [US_SONNET_35, EU_SONNET_35], [1024, ["5m"]]),
    entry(SONNET_4, [US_SONNET_4, GLOBAL_SONNET_4], [1024, ["5m", "1h"]]),
    entry(CLAUDE_2, [], null),
    entry(NOVA_LITE, [US_NOVA_LITE], [1536, ["5m"]]),
    entry(TITAN_EMBED, [], null),
    entry(SD_LARGE, [], null),
  ];
}

export function defaultProfiles(): Profile[] {
  return [US_SONNET_35, EU_SONNET_35, US_SONNET_4, GLOBAL_SONNET_4, US_NOVA_LITE, FINANCE].map((p) => structuredClone(p));
}

/** Rules much like Rust's `check_create`, with the same field names. */
export function checkCreate(request: CreateProfile): FieldError[] {
  const errors: FieldError[] = [];
  const name = request.name;
  if (name.length === 0) errors.push({ field: "name", rule: { code: "profileNameEmpty" }, message: "Enter a name (1–64 characters)" });
  else if (name.length > 64) errors.push({
      field: "name",
      rule: { code: "profileNameTooLong", length: name.length, max: 64 },
      message: `The name has ${name.length} characters; at most 64 are allowed`,
    });
  else if (!/^([0-9a-zA-Z][ _-]?)+$/.test(name)) {
    const at = [...name].findIndex((c) => !/[0-9a-zA-Z]/.test(c));
    const character = [...name][at] ?? "";
    errors.push({
      field: "name",
      rule: { code: "profileNameCharacters", problem: { kind: "notAllowed", character, position: at + 1 } },
      message: "A name is letters and digits, joined by single spaces, _ or -",
    });
  }
  if (request.description !== null && !/^([0-9a-zA-Z:.][ _-]?)+$/.test(request.description)) {
    const at = [...request.description].findIndex((c) => !/[0-9a-zA-Z:.]/.test(c));
    const character = [...request.description][at] ?? "";
    errors.push({
      field: "description",
      rule: { code: "descriptionCharacters", problem: { kind: "notAllowed", character, position: at + 1 } },
      message: "A description allows letters, digits, : and . — no commas",
    });
  }
  if (!/^arn:aws:bedrock:[a-z0-9-]*:\d*:(foundation-model|inference-profile)\/[a-zA-Z0-9.:-]+$/.test(request.copyFrom)) {
    errors.push({
      field: "copyFrom",
      rule: { code: "copyFromArn" },
      message: "Copy from a foundation model ARN or a system inference profile ARN",
    });
  }
  errors.push(...checkTags(request.tags));
  return errors;
}

/** Rules much like Rust's `check_tags`, with the same field names. */
export function checkTags(tags: Tag[]): FieldError[] {
  const errors: FieldError[] = [];
  tags.forEach((tag, i) => {
    if (tag.key === "") errors.push({ field: `tags.${i}.key`, rule: { code: "tagKeyEmpty" }, message: "A tag key cannot be empty" });
    if (tag.key.startsWith("aws:")) errors.push({ field: `tags.${i}.key`, rule: { code: "tagKeyReserved" }, message: "Keys starting with aws: are reserved for AWS" });
    if (/[^a-zA-Z0-9\s._:/=+@-]/.test(tag.value)) {
      const character = /[^a-zA-Z0-9\s._:/=+@-]/.exec(tag.value)?.[0] ?? "";
      errors.push({ field: `tags.${i}.value`, rule: { code: "tagValueCharacter", character }, message: "That character is not allowed in a tag value" });
    }
    if (tag.key !== "" && tags.slice(0, i).some((t) => t.key === tag.key)) {
      errors.push({
        field: `tags.${i}.key`,
        rule: { code: "tagKeyDuplicate", key: tag.key },
        message: `The key “${tag.key}” appears twice; each key can be used once`,
      });
    }
  });
  return errors;
}

export function createCli(region: string, request: CreateProfile): string {
  const lines = ["aws bedrock create-inference-profile", `--inference-profile-name ${request.name.trim()}`];
  if (request.description) lines.push(`--description '${request.description}'`);
  lines.push(`--model-source copyFrom=${request.copyFrom}`);
  if (request.tags.length > 0) lines.push(`--tags ${request.tags.map((t) => `key=${t.key},value=${t.value}`).join(" ")}`);
  lines.push(`--region ${region}`);
  return lines.join(" \\\n    ");
}

export class FakeCatalog extends FakeConnections {
  region = "us-east-1";
  models: CatalogModel[] = defaultModels();
  catalogProfiles: Profile[] = defaultProfiles();
  tags: Record<string, Tag[]> = { [FINANCE.arn]: structuredClone(FINANCE_TAGS) };
  private nextProfile = 1;

  /** As Rust lists it: each application profile carries its tags. */
  catalog(): Catalog {
    const profiles = structuredClone(this.catalogProfiles).map((p) =>
      p.application ? { ...p, tags: structuredClone(this.tags[p.arn] ?? []) } : p,
    );
    return { region: this.region, models: structuredClone(this.models), profiles };
  }

  protected override handle(cmd: string, args: Record<string, unknown>): unknown {
    if (!cmd.startsWith("model") && !cmd.startsWith("profile_")) return super.handle(cmd, args);
    this.sent.push({ cmd, args: structuredClone(args) });
    const override = this.overrides[cmd];
    if (override) return override(args);
    if (this.activeId === null) {
      throw failure("missing_credentials", "No connection is active. Choose one on the Connections page.");
    }
    switch (cmd) {
      case "models_catalog":
        return this.catalog();
      case "model_resolve":
        return this.resolve(args.input as string);
      case "model_verdict":
        return this.verdict(args.input as string);
      case "profile_details":
        return this.details(args.id as string);
      case "profile_preview": {
        const request = args.request as CreateProfile;
        return { errors: checkCreate(request), cli: createCli(this.region, request) } satisfies CreatePreview;
      }
      case "profile_create":
        return this.create(args.request as CreateProfile);
      case "profile_check_tags":
        return checkTags(args.tags as Tag[]);
      case "profile_set_tags": {
        const arn = args.arn as string;
        const tags = args.tags as Tag[];
        const errors = checkTags(tags);
        if (errors.length > 0) throw failure("validation", errors.map((e) => e.message).join(". "), null, errors);
        this.tags[arn] = structuredClone(tags);
        return structuredClone(tags);
      }
      case "profile_delete": {
        const found = this.findProfile(args.id as string);
        this.catalogProfiles = this.catalogProfiles.filter((p) => p.id !== found.id);
        delete this.tags[found.arn];
        return null;
      }
      default:
        throw `unexpected command ${cmd}`;
    }
  }

  private findProfile(id: string): Profile {
    const found = this.catalogProfiles.find((p) => p.id === id || p.arn === id);
    if (!found) throw failure("not_found", `There is no inference profile ${id}`);
    return found;
  }

  details(id: string): ProfileDetails {
    const profile = this.findProfile(id);
    const tags = profile.application ? (this.tags[profile.arn] ?? []) : [];
    const cli: CliCommand[] = [{ action: "get", command: `aws bedrock get-inference-profile \\\n    --inference-profile-identifier ${profile.id} \\\n    --region ${this.region}` }];
    if (profile.application) {
      cli.push({ action: "delete", command: `aws bedrock delete-inference-profile \\\n    --inference-profile-identifier ${profile.id} \\\n    --region ${this.region}` });
    }
    const iamPolicy = JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          { Sid: "InvokeThroughTheProfile", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [profile.arn] },
        ],
      },
      null,
      2,
    );
    return { profile: structuredClone(profile), tags: structuredClone(tags), iamPolicy, cli };
  }

  private create(request: CreateProfile): Profile {
    const errors = checkCreate(request);
    if (errors.length > 0) throw failure("validation", errors.map((e) => e.message).join(". "), null, errors);
    if (this.catalogProfiles.some((p) => p.application && p.name === request.name.trim())) {
      throw failure("conflict", `An inference profile named “${request.name.trim()}” exists already`);
    }
    const source =
      this.catalogProfiles.find((p) => p.arn === request.copyFrom) ??
      this.models.find((m) => m.model.modelArn === request.copyFrom)?.model;
    if (!source) throw failure("not_found", `Nothing to copy at ${request.copyFrom}`);
    const created = applicationProfile(`new${this.nextProfile++}`, request.name.trim(), source, request.description);
    this.catalogProfiles.push(created);
    this.tags[created.arn] = structuredClone(request.tags);
    return structuredClone(created);
  }

  // The Resolution is built untyped and cast: bindings.ts declares two types named `Route` (the catalogue's and
  // the resolver's), so `Resolution["route"]` does not type-check until the Rust side renames one.
  private resolve(input: string): Resolution {
    return this.resolution(input) as unknown as Resolution;
  }

  /** Much like Rust's rules: an ID without a provider is not a Bedrock ID; a geography not listed here cannot be called. */
  private verdict(input: string): Verdict {
    const text = input.trim();
    const known = this.models.some((m) => m.model.modelId === text) || this.catalogProfiles.some((p) => p.id === text || p.arn === text);
    if (!known && !text.startsWith("arn:") && !text.includes(".")) {
      const words = text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== "" && w !== "latest");
      const suggestions = this.models
        .map((m) => m.model.modelId)
        .filter((id) => words.every((w) => id.toLowerCase().split(/[^a-z0-9]+/).includes(w)));
      return { verdict: "refused", refusal: { kind: "notABedrockId", input: text, suggestions } };
    }
    const geography = text.split(".").length > 2 ? text.split(".")[0]! : null;
    const here = [...new Set(this.catalogProfiles.flatMap((p) => (p.geography ? [p.geography] : [])))].sort();
    if (!known && geography !== null && !here.includes(geography)) {
      const modelId = text.slice(geography.length + 1);
      const model = this.models.find((m) => m.model.modelId === modelId);
      const useInstead = [...(model?.onDemandId ? [model.onDemandId] : []), ...(model?.profiles.map((r) => r.profileId) ?? [])];
      return {
        verdict: "refused",
        refusal: { kind: "notCallableHere", profileId: text, geography, region: this.region, geographiesHere: here, useInstead },
      };
    }
    return { verdict: "callable", resolution: this.resolve(text) };
  }

  private resolution(input: string): Record<string, unknown> {
    const model = this.models.find((m) => m.model.modelId === input);
    if (model?.verdict?.verdict === "callable") return structuredClone(model.verdict.resolution) as unknown as Record<string, unknown>;
    const profile = this.catalogProfiles.find((p) => p.id === input || p.arn === input);
    if (profile) {
      return {
        invokeId: profile.application ? profile.arn : profile.id,
        foundationModelId: profile.modelId,
        route: profile.application ? "applicationProfile" : "systemProfile",
        reason: profile.application
          ? profile.modelId
            ? { kind: "applicationProfile", profileId: profile.id, modelId: profile.modelId }
            : { kind: "applicationProfileNotListed", profileId: profile.id, accountId: ACCOUNT, region: this.region }
          : { kind: "systemProfile", profileId: profile.id, destinations: profile.destinationRegions },
        alternatives: [],
      };
    }
    const reason = input.startsWith("arn:")
      ? { kind: "applicationProfileNotListed", profileId: input.split("/").pop() ?? input, accountId: ACCOUNT, region: this.region }
      : input.split(".").length > 2
        ? { kind: "profileNotListed", profileId: input, region: this.region }
        : { kind: "modelNotListed", modelId: input, region: this.region };
    return { invokeId: input, foundationModelId: null, route: "unverified", reason, alternatives: [] };
  }
}
