import { parseArgs } from 'node:util';
import { loadConfig } from '../../core/engine/registry';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { refreshRemoteStatus } from '../../core/remote/mirror';
import { formatStatusText } from '../format-status';
import { cliTokenSource } from '../github-token';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';
import { checkedRemote, rootFolder } from '../paths';

export const STATUS_USAGE = `preflight status [--root DIR] [--remote NAME] [--format text|json]

The pull request mirror for the current branch, read from GitHub: checks (required
first), reviews, unresolved threads, open review tasks, the staging deployment, and
what blocks the PR. Token: GITHUB_TOKEN or GH_TOKEN, else \`gh auth token\`.
When GitHub cannot be reached it prints the last known state and its age.

Exit codes: 0 (also with blockers: \`preflight check\` is the one that decides), 2 usage error.`;

export async function runStatus(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      root: { type: 'string' },
      remote: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(STATUS_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'.`);
  const dir = rootFolder(io.cwd, values.root);
  const root = await findRepositoryRoot(dir);
  if (!root) throw new UsageError(`${dir} is not inside a git repository`);
  await checkedRemote(root, values.remote);
  const { config } = await loadConfig(root);
  const status = await refreshRemoteStatus({
    root,
    config,
    remote: values.remote,
    token: cliTokenSource(io.env),
    apiUrl: io.env.PREFLIGHT_GITHUB_API_URL,
    retries: 2,
    retryBaseMs: 500,
    onWarning: (message) => io.err(`preflight: ${message}`),
  });
  io.out(values.format === 'json' ? JSON.stringify(status, null, 2) : formatStatusText(status, io.color));
  return EXIT.ok;
}
