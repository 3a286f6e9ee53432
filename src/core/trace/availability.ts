import type { PreflightConfig } from '../config/types';
import { migrationFormatFromContent, migrationFormatOf } from '../migrations/formats';
import { findPostgresInstallations, INSTALL_HINT, type PostgresBinaries } from './binaries';

/** A SQL migration, by its path or its content: what `preflight trace` can run. */
export function isTraceableMigration(path: string, text: string, config: PreflightConfig): boolean {
  if (!path.endsWith('.sql')) return false;
  return (migrationFormatOf(path, config) ?? migrationFormatFromContent(path, text)) === 'sql';
}

let installations: Promise<PostgresBinaries[]> | undefined;

/** Whether a trace can start a cluster here, asked once per process (an editor's lens asks on every render). */
export async function traceAvailability(): Promise<{ available: true; versions: string[] } | { available: false; hint: string }> {
  installations ??= findPostgresInstallations().catch(() => []);
  const found = await installations;
  return found.length > 0
    ? { available: true, versions: found.map((f) => f.version) }
    : { available: false, hint: `Tracing needs a PostgreSQL server on this machine. ${INSTALL_HINT}` };
}

/** After the user installed PostgreSQL: look again. */
export function forgetAvailability(): void {
  installations = undefined;
}
