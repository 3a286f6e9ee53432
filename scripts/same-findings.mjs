// Do two builds report the same findings? Runs `scan --format json` of each CLI on the same
// folders and compares the output byte for byte, with the exit code (what a start-up or speed
// change must keep exactly).
//   node scripts/same-findings.mjs BEFORE_CLI AFTER_CLI [folder...]
// Folders default to this project (its demo, fixtures and examples: a folder inside a git
// repository is scanned from the repository's root); pass others, e.g. /work/corpus/*/*.
// Exit code 1 when any folder differs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const [before, after, ...given] = process.argv.slice(2);
if (!before || !after || !existsSync(before) || !existsSync(after)) {
  console.error('usage: node scripts/same-findings.mjs BEFORE_CLI AFTER_CLI [folder...] (both CLIs must exist)');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const folders = given.length > 0 ? given : [root];

const scan = (cli, folder) =>
  spawnSync(process.execPath, [cli, 'scan', '--root', folder, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });

let differing = 0;
for (const folder of folders) {
  const [a, b] = [scan(before, folder), scan(after, folder)];
  if (a.stdout === b.stdout && a.status === b.status) {
    const count = (a.stdout.match(/"ruleId"/g) ?? []).length;
    console.log(`same       ${folder} (${count} findings, exit ${a.status})`);
    continue;
  }
  differing++;
  const lines = [a.stdout.split('\n'), b.stdout.split('\n')];
  const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
  console.log(`DIFFERENT  ${folder} (exit ${a.status} → ${b.status}); first difference at line ${at + 1}:`);
  console.log(`  before: ${lines[0][at] ?? '(end)'}\n  after:  ${lines[1][at] ?? '(end)'}`);
}
console.log(`${folders.length - differing} of ${folders.length} folders report the same findings`);
process.exitCode = differing > 0 ? 1 : 0;
