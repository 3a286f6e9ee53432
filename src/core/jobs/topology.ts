import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Node as YamlNode } from 'yaml';
import { yaml } from '../text/yaml';
import type { PreflightConfig } from '../config/types';
import { filesMatching } from '../fs/walk';
import type { Hit } from '../rules/rule';
import { Git } from '../git/git';
import { shortLivedCache } from '../cache/short-lived';

/** Which queues the repository's worker configuration processes, per framework; undefined: not known. */
export interface QueueTopology {
  sidekiq: { queues: Set<string>; configFiles: string[] };
  /** ActiveJob's backend, from `config.active_job.queue_adapter = :sidekiq`. */
  activeJobAdapter: string | undefined;
  celery: { queues: Set<string>; source: string } | undefined;
  bullmq: { workers: Set<string> } | undefined;
}

export const SIDEKIQ_CONFIGS = ['config/sidekiq.yml', 'config/sidekiq.yaml', 'config/sidekiq*.yml', 'sidekiq.yml'];
const WORKER_DEFINITIONS = ['Procfile', 'Procfile.*', 'docker-compose*.yml', 'compose*.yml', 'docker-compose*.yaml'];
const FRESH_MS = 5_000;
const cache = shortLivedCache<string, { at: number; topology: Promise<QueueTopology> }>();

/** The topology of the working tree at `root`, cached for a few seconds (the editor asks on every keystroke). */
export function queueTopology(root: string, config: PreflightConfig, untrusted = false): Promise<QueueTopology> {
  const key = `${root}\0${config.jobs.queueConfigs.join(',')}\0${untrusted}`;
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < FRESH_MS) return cached.topology;
  const topology = readTopology(root, config, untrusted);
  cache.set(key, { at: Date.now(), topology });
  return topology;
}

async function readTopology(root: string, config: PreflightConfig, untrusted: boolean): Promise<QueueTopology> {
  const sidekiqFiles = await filesMatching(root, [...SIDEKIQ_CONFIGS, ...config.jobs.queueConfigs.filter((g) => /sidekiq/i.test(g))]);
  const queues = new Set<string>();
  for (const file of sidekiqFiles) for (const queue of parseSidekiqConfig(await readText(root, file)).queues) queues.add(queue);
  if (sidekiqFiles.length === 0) queues.add('default'); // Sidekiq's own default
  const [adapter, celery, bullmq] = await Promise.all([
    activeJobAdapter(root),
    celeryQueues(root, config),
    untrusted ? undefined : bullmqWorkers(root),
  ]);
  return { sidekiq: { queues, configFiles: sidekiqFiles }, activeJobAdapter: adapter, celery, bullmq };
}

async function readText(root: string, file: string): Promise<string> {
  return readFile(join(root, file), 'utf8').catch(() => '');
}

/**
 * The queues of a Sidekiq config: `:queues:` (names or [name, weight]) and Sidekiq 7's
 * `:capsules:`. A file that is not valid YAML, or whose queues are not a list, gives findings.
 */
export function parseSidekiqConfig(text: string): { queues: string[]; problems: Hit[] } {
  const doc = yaml().parseDocument(text, { prettyErrors: false });
  const problem = (offset: number, message: string): Hit => ({
    at: { start: offset, end: Math.min(offset + 1, Math.max(text.length, offset)) },
    message,
  });
  if (doc.errors.length > 0)
    return {
      queues: [],
      problems: doc.errors.map((e) =>
        problem(e.pos[0], `Sidekiq cannot read this file: ${e.message.split('\n')[0]}. Its queues are not processed as you expect.`),
      ),
    };
  const queues: string[] = [];
  const problems: Hit[] = [];
  const readQueues = (node: unknown, where: number): void => {
    if (!yaml().isSeq(node)) {
      problems.push(problem(where, "':queues:' must be a list: names, or [name, weight] pairs."));
      return;
    }
    for (const item of node.items) {
      const name = yaml().isScalar(item)
        ? item.value
        : yaml().isSeq(item) && yaml().isScalar(item.items[0])
          ? item.items[0].value
          : undefined;
      if (typeof name === 'string' || typeof name === 'number') queues.push(String(name));
      else problems.push(problem((item as YamlNode).range?.[0] ?? where, 'A queue must be a name or a [name, weight] pair.'));
    }
  };
  const root = doc.contents;
  if (!yaml().isMap(root))
    return { queues, problems: text.trim() ? [problem(0, 'A Sidekiq config is a mapping with a :queues: list.')] : [] };
  for (const pair of root.items) {
    const key = yaml().isScalar(pair.key) ? String(pair.key.value).replace(/^:/, '') : '';
    const where = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
    if (key === 'queues') readQueues(pair.value, where);
    if (key === 'capsules' && yaml().isMap(pair.value)) {
      for (const capsule of pair.value.items) {
        const settings = capsule.value;
        const queuesPair = yaml().isMap(settings)
          ? settings.items.find((p) => yaml().isScalar(p.key) && String(p.key.value).replace(/^:/, '') === 'queues')
          : undefined;
        if (queuesPair) readQueues(queuesPair.value, (queuesPair.key as YamlNode | null)?.range?.[0] ?? where);
      }
    }
  }
  return { queues, problems };
}

async function activeJobAdapter(root: string): Promise<string | undefined> {
  for (const file of ['config/environments/production.rb', 'config/application.rb']) {
    const match = /queue_adapter\s*=\s*:(\w+)/.exec(await readText(root, file));
    if (match) return match[1];
  }
  return undefined;
}

/** Celery workers' queues from `celery worker -Q a,b` in Procfiles, compose files and jobs.queueConfigs; a worker without -Q serves 'celery'. */
async function celeryQueues(root: string, config: PreflightConfig): Promise<QueueTopology['celery']> {
  const files = await filesMatching(root, [...WORKER_DEFINITIONS, ...config.jobs.queueConfigs.filter((g) => !/sidekiq/i.test(g))]);
  const queues = new Set<string>();
  let source: string | undefined;
  for (const file of files) {
    for (const line of (await readText(root, file)).split('\n')) {
      if (!/\bcelery\b.*\bworker\b/.test(line)) continue;
      source ??= file;
      const named = /(?:-Q|--queues)[=\s]+["']?([\w.,:-]+)/.exec(line);
      for (const queue of named ? named[1].split(',') : ['celery']) if (queue) queues.add(queue);
    }
  }
  return source ? { queues, source } : undefined;
}

/** Queue names that a `new Worker('name', ...)` processes, anywhere in the tracked JavaScript/TypeScript. */
async function bullmqWorkers(root: string): Promise<QueueTopology['bullmq']> {
  const git = new Git(root);
  const out = await git.tryRaw('grep', '-h', '-I', '-E', '-e', 'new Worker(<[^>]*>)?\\(', '--', '*.ts', '*.js', '*.mjs', '*.cjs', '*.tsx');
  // git grep exits 1 when nothing matches: no workers. Outside a repository: not known.
  if (out === undefined && (await git.tryRaw('rev-parse', '--git-dir')) === undefined) return undefined;
  const workers = new Set<string>();
  for (const match of (out ?? '').matchAll(/new Worker(?:<[^>]*>)?\(\s*['"`]([^'"`]+)['"`]/g)) workers.add(match[1]);
  return { workers };
}
