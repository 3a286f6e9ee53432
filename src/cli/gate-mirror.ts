import type { GateOptions } from '../core/gate/run-gate';
import { cliTokenSource } from './github-token';

/** How `check` and the hook ask GitHub: briefly (a push should not wait long), falling back to the last known state. */
export function gateMirror(env: NodeJS.ProcessEnv, offline: boolean, onWarning?: (message: string) => void): GateOptions['mirror'] {
  if (offline || env.PREFLIGHT_OFFLINE === '1') return undefined;
  return { token: cliTokenSource(env), apiUrl: env.PREFLIGHT_GITHUB_API_URL, timeoutMs: 4000, retries: 1, onWarning };
}
