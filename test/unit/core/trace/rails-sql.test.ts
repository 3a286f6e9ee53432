import assert from 'node:assert/strict';
import { parseSyntax } from '../../../../src/core/syntax/tree-sitter';
import { renderRailsCall } from '../../../../src/core/trace/rails-sql';

/** What the first call of a line of Ruby renders to. */
async function rendered(ruby: string) {
  const tree = await parseSyntax('ruby', ruby);
  try {
    const call = tree.rootNode.descendantsOfType('call')[0];
    assert.ok(call, `no call in ${ruby}`);
    return renderRailsCall(call);
  } finally {
    tree.delete();
  }
}

describe("Rails helpers rendered as the SQL of Rails' PostgreSQL adapter", () => {
  const cases: Array<[string, string[]]> = [
    ['add_index :orders, :status', ['CREATE INDEX "index_orders_on_status" ON "orders" ("status")']],
    [
      'add_index :notes, [:user_id, :created_at], :algorithm => :concurrently, :where => "user_id IS NOT NULL"',
      ['CREATE INDEX CONCURRENTLY "index_notes_on_user_id_and_created_at" ON "notes" ("user_id", "created_at") WHERE user_id IS NOT NULL'],
    ],
    [
      'add_index :users, :email, unique: true, name: "users_email", if_not_exists: true',
      ['CREATE UNIQUE INDEX IF NOT EXISTS "users_email" ON "users" ("email")'],
    ],
    ['add_index "billing.invoices", :number', ['CREATE INDEX "index_invoices_on_number" ON "billing"."invoices" ("number")']],
    ['remove_index :gpx_files, :name => "gpx_files_user_id_idx"', ['DROP INDEX  "gpx_files_user_id_idx"']],
    ['remove_index :orders, name: :orders_status, algorithm: :concurrently', ['DROP INDEX CONCURRENTLY "orders_status"']],
    ['add_column :users, :company, :string', ['ALTER TABLE "users" ADD "company" character varying']],
    [
      'add_column :changesets, :num_created_nodes, :integer, :default => 0, :null => false',
      ['ALTER TABLE "changesets" ADD "num_created_nodes" integer DEFAULT 0 NOT NULL'],
    ],
    [
      'add_column :users, :public_heatmap, :boolean, :default => true, :null => false',
      ['ALTER TABLE "users" ADD "public_heatmap" boolean DEFAULT TRUE NOT NULL'],
    ],
    [
      'add_column :orders, :code, :string, limit: 20, default: "it\'s"',
      [`ALTER TABLE "orders" ADD "code" character varying(20) DEFAULT 'it''s'`],
    ],
    [
      'add_column :orders, :token, :uuid, default: -> { "gen_random_uuid()" }',
      ['ALTER TABLE "orders" ADD "token" uuid DEFAULT gen_random_uuid()'],
    ],
    ['add_column :orders, :small, :integer, limit: 2', ['ALTER TABLE "orders" ADD "small" smallint']],
    ['remove_column :orders, :note, :text', ['ALTER TABLE "orders" DROP COLUMN "note"']],
    ['change_column_null :moderation_zones, :ends_at, false', ['ALTER TABLE "moderation_zones" ALTER COLUMN "ends_at" SET NOT NULL']],
    ['change_column_null :orders, :note, true', ['ALTER TABLE "orders" ALTER COLUMN "note" DROP NOT NULL']],
    [
      'add_check_constraint :moderation_zones, "ends_at IS NOT NULL", :name => "moderation_zones_ends_at_null", :validate => false',
      ['ALTER TABLE "moderation_zones" ADD CONSTRAINT moderation_zones_ends_at_null CHECK (ends_at IS NOT NULL) NOT VALID'],
    ],
    [
      'validate_check_constraint :moderation_zones, :name => "moderation_zones_ends_at_null"',
      ['ALTER TABLE "moderation_zones" VALIDATE CONSTRAINT "moderation_zones_ends_at_null"'],
    ],
    [
      'remove_check_constraint :moderation_zones, :name => "moderation_zones_ends_at_null"',
      ['ALTER TABLE "moderation_zones" DROP CONSTRAINT "moderation_zones_ends_at_null"'],
    ],
  ];
  for (const [ruby, sql] of cases)
    it(ruby, async () => {
      assert.deepEqual(await rendered(ruby), { sql });
    });

  const refused: Array<[string, string]> = [
    ['add_index :orders, :kind, using: :gin', 'Preflight does not render add_index with using: yet'],
    ['add_index :orders, "lower(email)"', 'its columns are not plain column names (an expression, or options per column)'],
    ['add_index :orders, :status, where: "status"', 'its where: names a column, which Rails quotes only when the table has that column'],
    [
      'add_index :organization_memberships, [:organization_id, :user_id, :role, :created_at, :updated_at]',
      "its index name index_organization_memberships_on_organization_id_and_user_id_and_role_and_created_at_and_updated_at is longer than PostgreSQL's 63 bytes",
    ],
    [
      'remove_index :orders, :status',
      'Rails finds the index to remove by its columns in the database, so only remove_index with name: alone is rendered',
    ],
    ['add_column :orders, :placed_at, :datetime', 'Preflight does not render the datetime type yet'],
    ['add_column :orders, :count, :integer, default: "0"', 'its default: is not a literal Preflight renders as Rails quotes it'],
    ['add_column :orders, :note, :text, comment: "why"', 'Preflight does not render add_column with comment: yet'],
    ['change_column_null :orders, :status, false, "new"', 'Rails quotes its fill value for the column type it reads from the database'],
    ['add_check_constraint :orders, "total > 0"', 'Rails names the constraint from a hash of its expression: give it a name: to trace it'],
  ];
  for (const [ruby, reason] of refused)
    it(`not rendered: ${ruby}`, async () => {
      assert.deepEqual(await rendered(ruby), { reason });
    });

  it('leaves helpers it has no rendering for, calls on a receiver and calls with a block to the caller', async () => {
    assert.equal(await rendered('change_column :orders, :total, :bigint'), undefined);
    assert.equal(await rendered('t.index :status'), undefined);
    assert.equal(await rendered('create_table :refunds do |t|\n  t.string :reason\nend'), undefined);
  });
});
