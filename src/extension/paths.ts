import * as vscode from 'vscode';

/** The repository-relative POSIX path of a file, or undefined when it is outside `root`. */
export function relativePath(root: string, uri: vscode.Uri): string | undefined {
  const rootPath = vscode.Uri.file(root).path.replace(/\/$/, '');
  return uri.path.startsWith(rootPath + '/') ? uri.path.slice(rootPath.length + 1) : undefined;
}

export function uriOf(root: string, relative: string): vscode.Uri {
  return vscode.Uri.joinPath(vscode.Uri.file(root), ...relative.split('/'));
}
