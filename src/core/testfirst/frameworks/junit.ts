import { javaScaffold, junitTestName } from '../scaffold/java';
import { testFramework } from './types';

/** JUnit 5, or JUnit 4 when the build file names junit without Jupiter (the scaffold's imports differ). */
export const junit = testFramework({
  id: 'junit',
  label: 'JUnit (Maven Surefire)',
  ecosystem: 'java',
  isEcosystemDefault: true,
  async detect(markers) {
    const build = ['pom.xml', 'build.gradle', 'build.gradle.kts'].find(markers.has);
    if (!build) return [];
    const text = (await markers.read(build)) ?? '';
    const junit4 = /<artifactId>junit<\/artifactId>|['"]junit:junit:/.test(text) && !/junit-jupiter|useJUnitPlatform/.test(text);
    return [
      {
        source: ['src/main/java/**/*.java'],
        tests: [
          'src/test/java/{subdir}/{name}Test.java',
          'src/test/java/{subdir}/{name}Tests.java',
          'src/test/java/{subdir}/Test{name}.java',
        ],
        create: 'src/test/java/{subdir}/{name}Test.java',
        origin: build,
        junit4,
      },
    ];
  },
  defaultCollects: ['**/Test*.java', '**/*Test.java', '**/*Tests.java', '**/*TestCase.java'],
  scaffold: javaScaffold,
  generatedTestMark: (symbol) => `void ${junitTestName(symbol)}(`,
});
