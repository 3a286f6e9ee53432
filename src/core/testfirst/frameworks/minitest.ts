import { minitestName, minitestScaffold } from '../scaffold/ruby';
import type { RootMarkers } from './root-markers';
import { gemfileOf, rubyConventions } from './shared/ruby';
import { testFramework } from './types';

export const minitest = testFramework({
  id: 'minitest',
  label: 'Minitest',
  ecosystem: 'ruby',
  // Listed after RSpec: a repository with RSpec's markers is RSpec's even when it has Minitest's.
  async detect(markers) {
    return rubyConventions(markers, await minitestOrigin(markers), 'test', '_test');
  },
  defaultCollects: ['test/**/*_test.rb'],
  scaffold: minitestScaffold,
  generatedTestMark: (symbol) => `def ${minitestName(symbol)}`,
});

async function minitestOrigin(markers: RootMarkers): Promise<string | undefined> {
  if (markers.has('test/test_helper.rb')) return 'test/test_helper.rb';
  return /['"]minitest['"]/.test(await gemfileOf(markers)) ? 'minitest in Gemfile' : undefined;
}
