// The IAM actions a policy Outcrop shows grants, listed above the policy itself.

/** Every action of an IAM policy's statements, in order; none for text that is not such a policy. */
export function policyActions(policyJson: string): string[] {
  try {
    const policy = JSON.parse(policyJson) as { Statement?: { Action?: string[] | string }[] };
    return policy.Statement?.flatMap((s) => (Array.isArray(s.Action) ? s.Action : s.Action ? [s.Action] : [])) ?? [];
  } catch {
    return [];
  }
}
