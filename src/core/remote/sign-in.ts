/** VS Code's authentication providers for GitHub. */
export type SignInProvider = 'github' | 'github-enterprise';

/**
 * Which sign-in may supply the token for a host: github.com's for github.com only, the GitHub
 * Enterprise sign-in only for the server the user set in `github-enterprise.uri` (its token is
 * for that server), none for any other host.
 */
export function signInProviderFor(host: string, enterpriseUri: string | undefined): SignInProvider | undefined {
  const wanted = host.toLowerCase();
  if (wanted === 'github.com') return 'github';
  return enterpriseUri && hostnameOf(enterpriseUri) === wanted ? 'github-enterprise' : undefined;
}

function hostnameOf(uri: string): string | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(uri) ? uri : `https://${uri}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
