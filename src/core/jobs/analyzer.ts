import { globMatcher } from '../text/glob';
import type { AnalysisContext, Analyzer, PushAnalyzer, RuleMeta, SourceFile } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { LineIndex } from '../text/line-index';
import { jobsOfFile } from './extract';
import { removedJobFindings } from './removed-jobs';
import { jobRuleId, type JobRuleMeta } from './rule';
import { JOB_RULES } from './rules';
import { invalidQueueConfig } from './rules/invalid-queue-config';
import { removedJobStillReferenced } from './rules/removed-job-still-referenced';
import { severityOf } from './severity';
import { parseSidekiqConfig, queueTopology, SIDEKIQ_CONFIGS } from './topology';

const DOCS_BASE = 'https://github.com/preflight-dev/preflight/blob/main/docs/rules/jobs/';
const CODE = /\.(rb|py|ts|tsx|js|mjs|cjs)$/;
const isSidekiqConfig = globMatcher(SIDEKIQ_CONFIGS);

export const ALL_JOB_RULES: readonly JobRuleMeta[] = [...JOB_RULES, removedJobStillReferenced, invalidQueueConfig];

function meta(context: AnalysisContext): RuleMeta[] {
  return ALL_JOB_RULES.map((rule) => ({ id: jobRuleId(rule), description: rule.description, severity: severityOf(rule, context.config) ?? rule.severity, docsUrl: docsUrl(rule) }));
}

export function docsUrl(rule: JobRuleMeta): string {
  return `${DOCS_BASE}${rule.name}.md`;
}

/**
 * Background-job risks in the file being edited: queues no worker serves, new jobs on the
 * default queue, changed perform arguments (against the upstream version), broken Sidekiq configs.
 */
export const jobsAnalyzer: Analyzer = {
  name: 'background jobs',
  rules: meta,
  appliesTo: (path, context) => context.config.jobs.enabled && (CODE.test(path) || isSidekiqConfig(path)),
  analyze: async (file, context) => (isSidekiqConfig(file.path) ? queueConfigFindings(file, context) : jobFindings(file, context)),
};

/** jobs/removed-job-still-referenced, which needs the whole push. */
export const jobsPushAnalyzer: PushAnalyzer = {
  name: 'background jobs (push scope)',
  rules: meta,
  analyzePush: (context) => (context.config.jobs.enabled ? removedJobFindings(context) : Promise.resolve([])),
};

function queueConfigFindings(file: SourceFile, context: AnalysisContext): Finding[] {
  const severity = severityOf(invalidQueueConfig, context.config);
  if (!severity) return [];
  return parseSidekiqConfig(file.text, file.path).problems.map((finding) => ({ ...finding, severity, help: invalidQueueConfig.help, docsUrl: docsUrl(invalidQueueConfig) }));
}

async function jobFindings(file: SourceFile, context: AnalysisContext): Promise<Finding[]> {
  const jobs = await jobsOfFile(file.path, file.text);
  if (jobs.length === 0) return [];
  const upstreamJobs = file.base === undefined ? undefined : file.base.text === undefined ? [] : await jobsOfFile(file.path, file.base.text);
  const checkContext = { path: file.path, jobs, upstreamJobs, topology: await queueTopology(context.root, context.config, context.untrusted) };
  const lines = new LineIndex(file.text);
  const findings: Finding[] = [];
  for (const rule of JOB_RULES) {
    const severity = severityOf(rule, context.config);
    if (!severity) continue;
    for (const hit of rule.check(checkContext)) {
      const from = lines.positionAt(hit.at.start);
      const to = lines.positionAt(hit.at.end);
      findings.push({ ruleId: jobRuleId(rule), severity, file: file.path, line: from.line, column: from.column, endLine: to.line, endColumn: to.column, message: hit.message, help: hit.help ?? rule.help, docsUrl: docsUrl(rule) });
    }
  }
  return findings;
}
