/** "12 s", "14 min", "3 h", "2 days": how old a piece of state is, for "last known state, 14 min ago". */
export function formatAge(fromIso: string | undefined, now: number = Date.now()): string {
  if (!fromIso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}
