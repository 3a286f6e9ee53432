import { parseArgs } from 'node:util';
import { NotARepositoryError, runGate } from '../../core/gate/run-gate';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { formatGateText } from '../format';
import { checkedRemote, rootFolder } from '../paths';
import { gateMirror } from '../gate-mirror';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';

export const CHECK_USAGE = `preflight check [--root DIR] [--remote NAME] [--format text|json] [--offline]

The pre-push gate: analyses what \`git push\` would send from the current branch (the
commits not yet on the remote, at their committed content), adds the local git state,
asks GitHub about the branch's pull request (unless --offline or PREFLIGHT_OFFLINE=1),
and gives one verdict: pass, warn or block.

Exit codes: 0 pass or warn, 1 block, 2 usage or configuration error.`;

export async function runCheck(argv: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      root: { type: 'string' },
      remote: { type: 'string' },
      format: { type: 'string', default: 'text' },
      offline: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(CHECK_USAGE);
    return EXIT.ok;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not '${values.format}'.`);
  let report;
  try {
    const dir = rootFolder(io.cwd, values.root);
    // Only a named remote needs the root now; runGate finds it itself.
    const root = values.remote === undefined ? undefined : await findRepositoryRoot(dir);
    if (root) await checkedRemote(root, values.remote);
    report = await runGate({
      dir,
      remote: values.remote,
      mirror: gateMirror(io.env, values.offline ?? false, (message) => io.err(`preflight: ${message}`)),
    });
  } catch (error) {
    if (error instanceof NotARepositoryError) throw new UsageError(error.message);
    throw error;
  }
  io.out(values.format === 'json' ? JSON.stringify(report, null, 2) : formatGateText(report, io.color));
  if (report.configFindings.some((f) => f.severity === 'error')) return EXIT.usage;
  return report.verdict === 'block' ? EXIT.blocked : EXIT.ok;
}
