import assert from 'node:assert/strict';
import { normalizeTable } from '../../../../src/core/migrations/operations';

describe('normalizeTable', () => {
  it('compares names without quotes, case or the public schema, however often and however many names are asked', () => {
    assert.equal(normalizeTable('"Public"."Orders"'), 'orders');
    assert.equal(normalizeTable('"Public"."Orders"'), 'orders');
    assert.equal(normalizeTable('billing."Invoices"'), 'billing.invoices');
    for (let i = 0; i < 10_000; i++) assert.equal(normalizeTable(`public.T${i}`), `t${i}`);
    assert.equal(normalizeTable('public.orders'), 'orders');
    assert.equal(normalizeTable('"Public"."Orders"'), 'orders');
  });
});
