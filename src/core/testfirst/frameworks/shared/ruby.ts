import type { RootMarkers } from '../root-markers';
import type { Convention } from '../types';

/** The app and lib maps of a Ruby repository whose tests live in `folder` and end in `suffix` (`spec`, `_spec`). */
export function rubyConventions(markers: RootMarkers, origin: string | undefined, folder: string, suffix: string): Convention[] {
  if (origin === undefined) return [];
  const app: Convention = {
    source: ['app/**/*.rb'],
    tests: [`${folder}/{subdir}/{name}${suffix}.rb`],
    create: `${folder}/{subdir}/{name}${suffix}.rb`,
    origin,
  };
  // rspec-rails puts lib's specs under spec/lib; a gem's lib maps straight onto spec/.
  const libFolder = markers.has('config/application.rb') ? `${folder}/lib` : folder;
  const lib: Convention = {
    source: ['lib/**/*.rb', '!lib/tasks/**'],
    tests: [`${libFolder}/{subdir}/{name}${suffix}.rb`],
    create: `${libFolder}/{subdir}/{name}${suffix}.rb`,
    origin,
  };
  return [app, lib];
}

export async function gemfileOf(markers: RootMarkers): Promise<string> {
  return (await markers.read('Gemfile')) ?? '';
}
