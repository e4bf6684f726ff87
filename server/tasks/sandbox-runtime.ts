import { chmod, copyFile, link, mkdtemp, realpath, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Host files a sandbox must show its task (node, the script runner, the limits script) as seen
 * by a task's own uid, which starts bubblewrap when the worker is root. A file that uid cannot
 * reach (node installed under /root, a checkout in a private folder) is staged once into a
 * folder of this process that any uid may read, hard-linked when it can be (no copy of a
 * 120 MB node binary), copied otherwise; the folder is removed when the process exits.
 */
export class RuntimeFiles {
  private readonly staged = new Map<string, Promise<string>>();
  private folder: Promise<string> | null = null;

  /** A path of `file` that every uid can read. */
  visible(file: string): Promise<string> {
    let found = this.staged.get(file);
    if (!found) {
      found = this.resolve(file);
      this.staged.set(file, found);
      found.catch(() => this.staged.delete(file));
    }
    return found;
  }

  private async resolve(file: string): Promise<string> {
    const real = await realpath(file);
    if (await readableByAnyone(real)) return real;
    const staged = path.join(await this.stagingFolder(), `${this.staged.size}-${path.basename(real)}`);
    await link(real, staged).catch(async () => {
      await copyFile(real, staged);
      await chmod(staged, (await stat(real)).mode & 0o755);
    });
    return staged;
  }

  private stagingFolder(): Promise<string> {
    this.folder ??= (async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'tributary-sandbox-runtime-'));
      await chmod(folder, 0o755);
      process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
      return folder;
    })();
    return this.folder;
  }
}

/** Whether a uid with no relation to the file's owner may read it: world-readable, and every folder above world-searchable. */
async function readableByAnyone(file: string): Promise<boolean> {
  if (((await stat(file)).mode & 0o004) === 0) return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
    if (dir === path.dirname(dir)) return true;
  }
}
