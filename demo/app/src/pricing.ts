// No test covers this file yet: Preflight's test-first scaffolding can create one.
export function applyDiscount(totalCents: number, percent: number): number {
  console.log('applying discount', percent);
  return Math.round(totalCents * (1 - percent / 100));
}
