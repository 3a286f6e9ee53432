import { parseArgs } from 'node:util';
import { scan } from '../../core/engine/scan';
import { findRepositoryRoot } from '../../core/git/repository-files';
import { formatFindingsText } from '../format';
import { pathsInside, rootFolder } from '../paths';
import { EXIT, UsageError } from '../usage-error';
import type { CommandIo } from '../io';
import { inline } from '../terminal-text';

export const SCAN_USAGE = `preflight scan [paths...] [--root DIR] [--format text|json]

Runs every analyzer on the given files or folders (default: every file git does not
ignore). Needs no remote and no commits.

Exit codes: 0 no errors, 1 error findings, 2 usage or configuration error.`;

export async function runScan(argv: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { root: { type: 'string' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(SCAN_USAGE);
    return EXIT.ok;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'.`);
  const dir = rootFolder(io.cwd, values.root);
  const gitRoot = await findRepositoryRoot(dir);
  const root = gitRoot ?? dir;
  const result = await scan({ dir: root, gitRoot: gitRoot ?? null, paths: pathsInside(root, io.cwd, positionals) });
  const all = [...result.configFindings, ...result.findings];

  if (format === 'json') {
    io.out(JSON.stringify({ version: 1, findings: all, skipped: result.skipped }, null, 2));
  } else {
    io.out(formatFindingsText(all, io.color));
    for (const skip of result.skipped) io.err(`skipped ${inline(skip.file)}: ${inline(skip.reason)}`);
  }
  const configErrors = result.configFindings.filter((f) => f.severity === 'error');
  if (configErrors.length > 0) {
    io.err(`${inline(result.configFile)}: configuration has ${configErrors.length} problem(s); the invalid parts were ignored.`);
    return EXIT.usage;
  }
  return result.findings.some((f) => f.severity === 'error') ? EXIT.blocked : EXIT.ok;
}
