import { rspecScaffold } from '../scaffold/ruby';
import type { RootMarkers } from './root-markers';
import { gemfileOf, rubyConventions } from './shared/ruby';
import { testFramework } from './types';

export const rspec = testFramework({
  id: 'rspec',
  label: 'RSpec',
  ecosystem: 'ruby',
  isEcosystemDefault: true,
  async detect(markers) {
    return rubyConventions(markers, await rspecOrigin(markers), 'spec', '_spec');
  },
  defaultCollects: ['spec/**/*_spec.rb'],
  scaffold: rspecScaffold,
  generatedTestMark: (symbol) => `"#${symbol.name}"`,
});

async function rspecOrigin(markers: RootMarkers): Promise<string | undefined> {
  if (markers.has('.rspec')) return '.rspec';
  if (markers.has('spec')) return 'spec/';
  return /['"]rspec(-rails)?['"]/.test(await gemfileOf(markers)) ? 'rspec in Gemfile' : undefined;
}
