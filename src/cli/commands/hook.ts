import { resolve } from 'node:path';
import { runGate } from '../../core/gate/run-gate';
import { Git } from '../../core/git/git';
import { saveLastPush } from '../../core/gate/last-push';
import { parsePushUpdates } from '../../core/git/push-range';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { hookStatus, installHook, uninstallHook, type HookStatus } from '../../core/hook/pre-push-hook';
import { formatGateText } from '../format';
import { gateMirror } from '../gate-mirror';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';

export const HOOK_USAGE = `preflight hook install|uninstall|status [--root DIR]

install    add the git pre-push hook that runs the gate (an existing pre-push hook,
           e.g. husky's or lefthook's, is kept and runs first)
uninstall  remove it (and put a chained hook back)
status     say whether it is installed, and where

The hook honours \`git push --no-verify\` and PREFLIGHT_SKIP=1, and writes its last
report to .git/preflight/last-push.json.`;

export async function runHook(argv: string[], io: CommandIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(HOOK_USAGE);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  if (action === 'run') return runFromGit(rest, io);
  const rootFlag = rest.indexOf('--root');
  const dir = resolve(io.cwd, rootFlag >= 0 ? (rest[rootFlag + 1] ?? '.') : '.');
  const root = await findRepositoryRoot(dir);
  if (!root) throw new UsageError(`${dir} is not inside a git repository`);
  const git = new Git(root);
  switch (action) {
    case 'install': {
      const status = await installHook(git, { node: process.execPath, cli: resolve(process.argv[1] ?? '') });
      io.out(describe(status, 'Installed'));
      return EXIT.ok;
    }
    case 'uninstall':
      io.out(describe(await uninstallHook(git), 'Uninstalled'));
      return EXIT.ok;
    case 'status':
      io.out(describe(await hookStatus(git)));
      return EXIT.ok;
    default:
      throw new UsageError(`Unknown hook action '${action}': use install, uninstall or status.`);
  }
}

function describe(status: HookStatus, done?: string): string {
  const state = status.installed
    ? `installed at ${status.hookPath}`
    : status.foreignHook
      ? `not installed (${status.hookPath} is another tool's hook; install chains to it)`
      : 'not installed';
  const chain = status.chainedHook ? `\nruns first: ${status.chainedHook}` : '';
  return `${done ? `${done}. ` : ''}Preflight pre-push hook: ${state}${chain}`;
}

/** `preflight hook run <remote> <url>`, called by the hook script with git's ref lines on stdin. */
async function runFromGit(args: string[], io: CommandIo): Promise<number> {
  const [remote] = args;
  const updates = parsePushUpdates(await io.readStdin());
  if (updates.length === 0) return EXIT.ok;
  const report = await runGate({
    dir: io.cwd,
    remote,
    updates,
    mirror: gateMirror(io.env, false, (message) => io.err(`preflight: ${message}`)),
  });
  io.err(formatGateText(report, io.color));
  const root = await findRepositoryRoot(io.cwd);
  if (root) await saveLastPush(root, report);
  if (report.verdict === 'block') io.err('Fix the blocking findings, or push anyway with: git push --no-verify');
  return report.verdict === 'block' ? EXIT.blocked : EXIT.ok;
}
