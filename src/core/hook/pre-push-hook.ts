import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Git } from '../git/git';

export const HOOK_MARKER = '# preflight-hook v1';
const CHAINED_NAME = 'pre-push.pre-preflight';

export interface HookStatus {
  installed: boolean;
  /** The hooks folder git uses here (core.hooksPath, husky's `.husky/_`, or .git/hooks). */
  hooksDir: string;
  hookPath: string;
  /** An earlier pre-push hook (husky, lefthook, the team's own) that runs first. */
  chainedHook?: string;
  /** A pre-push hook that is not Preflight's, so Preflight is not installed. */
  foreignHook: boolean;
}

async function hooksDir(git: Git): Promise<string> {
  return git.gitPath('hooks');
}

async function readText(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

export async function hookStatus(git: Git): Promise<HookStatus> {
  const dir = await hooksDir(git);
  const hookPath = join(dir, 'pre-push');
  const current = await readText(hookPath);
  const chained = join(dir, CHAINED_NAME);
  const installed = current?.includes(HOOK_MARKER) ?? false;
  return {
    installed,
    hooksDir: dir,
    hookPath,
    chainedHook: installed && (await readText(chained)) !== undefined ? chained : undefined,
    foreignHook: current !== undefined && !installed,
  };
}

/**
 * Installs the pre-push hook. An existing hook is kept and run first (chained), never
 * overwritten; reinstalling only refreshes Preflight's own script.
 */
export interface HookCommand {
  node: string;
  cli: string;
  /** `node` is an Electron binary (VS Code's own) that acts as Node only with ELECTRON_RUN_AS_NODE=1. */
  electronRunAsNode?: boolean;
}

export async function installHook(git: Git, command: HookCommand): Promise<HookStatus> {
  const status = await hookStatus(git);
  await mkdir(status.hooksDir, { recursive: true });
  if (status.foreignHook) {
    const chained = join(status.hooksDir, CHAINED_NAME);
    if ((await readText(chained)) !== undefined) throw new Error(`${chained} already exists; move it away before installing`);
    await rename(status.hookPath, chained);
  }
  await writeFile(status.hookPath, hookScript(command));
  await chmod(status.hookPath, 0o755);
  return hookStatus(git);
}

/** Removes Preflight's hook and puts a chained hook back where it was. */
export async function uninstallHook(git: Git): Promise<HookStatus> {
  const status = await hookStatus(git);
  if (!status.installed) return status;
  await rm(status.hookPath);
  if (status.chainedHook) await rename(status.chainedHook, status.hookPath);
  return hookStatus(git);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook: git passes the remote's name and URL as arguments and one line per ref on stdin.
 * GUI git clients often start hooks without the user's PATH, so node's path is recorded at
 * install time, with PATH as the fallback.
 */
export function hookScript({ node, cli, electronRunAsNode }: HookCommand): string {
  return `#!/bin/sh
${HOOK_MARKER}
# Installed by \`preflight hook install\`; remove with \`preflight hook uninstall\`.
# Skip once with \`git push --no-verify\` or PREFLIGHT_SKIP=1.
hook_dir=$(dirname "$0")
refs=$(mktemp "\${TMPDIR:-/tmp}/preflight-push.XXXXXX") || exit 1
trap 'rm -f "$refs"' EXIT
cat > "$refs"

if [ -x "$hook_dir/${CHAINED_NAME}" ]; then
  "$hook_dir/${CHAINED_NAME}" "$@" < "$refs" || exit $?
fi

[ "$PREFLIGHT_SKIP" = "1" ] && exit 0

node=${shellQuote(node)}
[ -x "$node" ] || node=$(command -v node 2>/dev/null)
cli=${shellQuote(cli)}
if [ -z "$node" ] || [ ! -f "$cli" ]; then
  # gate.onError, read without Preflight (which is what is missing): a plain line match is enough.
  top=$(git rev-parse --show-toplevel 2>/dev/null)
  if [ -n "$top" ] && cat "$top/.preflight.yml" "$top/.preflight.yaml" "$top/.preflight.json" 2>/dev/null | grep -Eq '^[[:space:]]*"?onError"?[[:space:]]*:[[:space:]]*["'\\'']?warn'; then
    echo "preflight: WARNING: cannot find node or the Preflight CLI ($cli): this push was NOT checked (gate.onError: warn)." >&2
    echo "  fix: run 'preflight hook install' again (or 'Preflight: Install Git Hook' in VS Code)" >&2
    exit 0
  fi
  echo "preflight: cannot find node or the Preflight CLI ($cli): the push is blocked because it could not be checked (gate.onError: block)." >&2
  echo "  fix: run 'preflight hook install' again (or 'Preflight: Install Git Hook' in VS Code)" >&2
  echo "  push anyway, once: git push --no-verify   (or: PREFLIGHT_SKIP=1 git push)" >&2
  exit 1
fi
${electronRunAsNode ? 'ELECTRON_RUN_AS_NODE=1 ' : ''}"$node" "$cli" hook run "$@" < "$refs"
`;
}
