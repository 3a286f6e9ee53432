import type { BranchProtectionSummary } from './types';

/** Ruleset rules that stop a plain push of new commits to the branch (`deletion`, `non_fast_forward` and the like do not). */
const PROTECTING_RULES = new Set(['pull_request', 'required_status_checks', 'update', 'required_deployments', 'merge_queue']);

/** Whether GitHub protects a pull request's base branch: a ruleset rule from `rules/branches/{branch}`, or classic branch protection. */
export function isProtectedBranch(rules: ReadonlyArray<{ type: string }>, branchProtectionRule: object | null | undefined): boolean {
  return Boolean(branchProtectionRule) || rules.some((rule) => PROTECTING_RULES.has(rule.type));
}

/**
 * What is known about protected branches after the mirror read `branch`'s protection through
 * `remote`: it is added or removed, the others kept (they were read for other pull requests).
 */
export function protectionAfterReading(
  known: BranchProtectionSummary | undefined,
  remote: string,
  branch: string,
  isProtected: boolean,
): BranchProtectionSummary {
  const others = known && known.remote === remote ? known.branches.filter((b) => b !== branch) : [];
  return { remote, branches: (isProtected ? [...others, branch] : others).sort() };
}

/** VS Code's Git extension's shape (`BranchProtection[]` of its API v1): the branches as exact patterns under their remote. */
export function gitBranchProtection(
  protection: BranchProtectionSummary | undefined,
): Array<{ remote: string; rules: Array<{ include: string[] }> }> {
  if (!protection || protection.branches.length === 0) return [];
  // VS Code reads the include list as glob patterns: a branch name's own glob characters are escaped.
  return [{ remote: protection.remote, rules: [{ include: protection.branches.map((b) => b.replace(/[*?[\]{}()!+@\\]/g, '\\$&')) }] }];
}
