import { globMatcher } from '../text/glob';
import type { AnalysisContext, Analyzer, PushAnalyzer, RuleMeta, SourceFile } from '../engine/analyzer';
import type { Finding } from '../findings/finding';
import { builtIn, report, ruleDocsUrl, ruleId, severityFor } from '../rules/rule';
import { LineIndex } from '../text/line-index';
import { jobsOfFile } from './extract';
import { removedJobFindings } from './removed-jobs';
import type { JobRuleMeta } from './rule';
import { JOB_RULES } from './rules';
import { invalidQueueConfig } from './rules/invalid-queue-config';
import { removedJobStillReferenced } from './rules/removed-job-still-referenced';
import { parseSidekiqConfig, queueTopology, SIDEKIQ_CONFIGS } from './topology';

const CODE = /\.(rb|py|ts|tsx|js|mjs|cjs)$/;
const isSidekiqConfig = globMatcher(SIDEKIQ_CONFIGS);

export const ALL_JOB_RULES: readonly JobRuleMeta[] = [...JOB_RULES, removedJobStillReferenced, invalidQueueConfig];

function meta(context: AnalysisContext): RuleMeta[] {
  return ALL_JOB_RULES.map((rule) => ({
    id: ruleId('jobs', rule),
    description: rule.description,
    severity: severityFor('jobs', rule, context.config.jobs.rules) ?? rule.severity,
    docsUrl: ruleDocsUrl('jobs', rule),
  }));
}

/**
 * Background-job risks in the file being edited: queues no worker serves, new jobs on the
 * default queue, changed perform arguments (against the upstream version), broken Sidekiq configs.
 */
export const jobsAnalyzer: Analyzer = {
  name: 'background jobs',
  rules: meta,
  appliesTo: (path, context) => context.config.jobs.enabled && (CODE.test(path) || isSidekiqConfig(path)),
  usesBase: (path) => CODE.test(path),
  analyze: async (file, context) => (isSidekiqConfig(file.path) ? queueConfigFindings(file, context) : jobFindings(file, context)),
};

/** jobs/removed-job-still-referenced, which needs the whole push. */
export const jobsPushAnalyzer: PushAnalyzer = {
  name: 'background jobs (push scope)',
  rules: meta,
  analyzePush: (context) => (context.config.jobs.enabled ? removedJobFindings(context) : Promise.resolve([])),
};

function queueConfigFindings(file: SourceFile, context: AnalysisContext): Finding[] {
  const severity = severityFor('jobs', invalidQueueConfig, context.config.jobs.rules);
  if (!severity) return [];
  const reporter = {
    ...builtIn('jobs', invalidQueueConfig, severity),
    help: invalidQueueConfig.help,
    path: file.path,
    lines: new LineIndex(file.text),
  };
  return parseSidekiqConfig(file.text).problems.map((problem) => report(reporter, problem));
}

async function jobFindings(file: SourceFile, context: AnalysisContext): Promise<Finding[]> {
  const jobs = await jobsOfFile(file.path, file.text);
  if (jobs.length === 0) return [];
  const upstreamJobs =
    file.base === undefined ? undefined : file.base.text === undefined ? [] : await jobsOfFile(file.path, file.base.text);
  const checkContext = {
    path: file.path,
    jobs,
    upstreamJobs,
    topology: await queueTopology(context.root, context.config, context.untrusted),
  };
  const lines = new LineIndex(file.text);
  const findings: Finding[] = [];
  for (const rule of JOB_RULES) {
    const severity = severityFor('jobs', rule, context.config.jobs.rules);
    if (!severity) continue;
    const reporter = { ...builtIn('jobs', rule, severity), help: rule.help, path: file.path, lines };
    for (const hit of rule.check(checkContext)) findings.push(report(reporter, hit));
  }
  return findings;
}
