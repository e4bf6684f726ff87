import { describe, expect, it } from 'vitest';
import { bubblewrapArguments, type TSandboxCommand } from './sandbox-args';

const base: TSandboxCommand = {
  host: {
    binds: [
      { source: '/usr', dest: '/usr' },
      { source: '/run/systemd/resolve/stub-resolv.conf', dest: '/etc/resolv.conf' },
      { source: '/etc/ssl', dest: '/etc/ssl' },
    ],
    symlinks: [{ target: 'usr/bin', path: '/bin' }],
  },
  tools: { setpriv: '/usr/bin/setpriv', prlimit: '/usr/bin/prlimit', bashLimits: '/app/server/tasks/sandbox-limits.sh' },
  identity: { kind: 'setpriv', uid: 2_000_000_042 },
  limits: { memoryBytes: 2048, maxProcesses: 64, maxOpenFiles: 128, maxFileSizeBytes: 4096 },
  scratchDir: '/tmp/tributary-task-abc',
  mounts: [],
  command: '/bin/bash',
  args: ['-c', 'echo hi'],
};

/** The value that follows `flag` each time it appears. */
function valuesOf(args: string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1] as string] : []));
}

describe('bubblewrapArguments', () => {
  it('as root: namespaces without a user namespace, then setpriv to the task uid with no capabilities, then the limits', () => {
    const args = bubblewrapArguments({ ...base, command: '/opt/tributary/bin/node', args: ['runner.mjs'] });
    expect(args.slice(0, 5)).toEqual(['--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent']);
    expect(args).not.toContain('--unshare-user');
    const command = args.slice(args.indexOf('--') + 1);
    expect(command).toEqual([
      '/usr/bin/setpriv', '--reuid=2000000042', '--regid=2000000042', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--',
      '/usr/bin/prlimit', `--data=${2048 + 1024 ** 3}`, '--nproc=64', '--nofile=128', '--fsize=4096', '--',
      '/opt/tributary/bin/node', 'runner.mjs',
    ]);
  });

  it('lets `bash -c` set the same limits itself, through BASH_ENV, instead of starting prlimit first', () => {
    const args = bubblewrapArguments(base);
    expect(args.slice(args.indexOf('--') + 1)).toEqual([
      '/usr/bin/setpriv', '--reuid=2000000042', '--regid=2000000042', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all', '--',
      '/bin/bash', '-c', 'echo hi',
    ]);
    const environment = Object.fromEntries(args.flatMap((arg, i) => (arg === '--setenv' ? [[args[i + 1], args[i + 2]]] : [])));
    expect(environment).toEqual({
      BASH_ENV: '/opt/tributary/sandbox-limits.sh',
      TRIBUTARY_LIMIT_DATA_KB: String((2048 + 1024 ** 3) / 1024),
      TRIBUTARY_LIMIT_PROCESSES: '64',
      TRIBUTARY_LIMIT_OPEN_FILES: '128',
      TRIBUTARY_LIMIT_FILE_BLOCKS: '4',
    });
    expect(args.join(' ')).toContain('--ro-bind /app/server/tasks/sandbox-limits.sh /opt/tributary/sandbox-limits.sh');
  });

  it('as an ordinary user: a user namespace in which the task is nobody, and no setpriv', () => {
    const args = bubblewrapArguments({ ...base, identity: { kind: 'userns' }, command: '/usr/bin/python3', args: [] });
    expect(args).toEqual(expect.arrayContaining(['--unshare-user']));
    expect(valuesOf(args, '--uid')).toEqual(['65534']);
    expect(valuesOf(args, '--gid')).toEqual(['65534']);
    expect(args).not.toContain('/usr/bin/setpriv');
    expect(args.slice(args.indexOf('--') + 1, args.indexOf('--') + 2)).toEqual(['/usr/bin/prlimit']);
  });

  it('shows the host read-only, with open parents for what sits in a folder of its own', () => {
    const args = bubblewrapArguments({ ...base, command: '/usr/bin/env', args: [] });
    expect(valuesOf(args, '--ro-bind')).toEqual(['/usr', '/run/systemd/resolve/stub-resolv.conf', '/etc/ssl']);
    // /etc is created once, 0755, before the first bind inside it.
    expect(valuesOf(args, '--dir')).toEqual(['/etc']);
    expect(args.indexOf('--dir')).toBeLessThan(args.indexOf('/run/systemd/resolve/stub-resolv.conf'));
    expect(valuesOf(args, '--symlink')).toEqual(['usr/bin']);
  });

  it('makes only the scratch directory writable, in an empty read-only /tmp, and starts there', () => {
    const args = bubblewrapArguments(base);
    expect(valuesOf(args, '--bind')).toEqual(['/tmp/tributary-task-abc']);
    expect(valuesOf(args, '--tmpfs')).toEqual(['/tmp']);
    expect(args.indexOf('--tmpfs')).toBeLessThan(args.indexOf('--bind'));
    // A path an operator shares under /tmp is bound after the empty /tmp, so it stays visible.
    const shared = bubblewrapArguments({ ...base, host: { ...base.host, binds: [...base.host.binds, { source: '/tmp/inputs', dest: '/tmp/inputs' }] } });
    expect(shared.indexOf('--tmpfs')).toBeLessThan(shared.indexOf('/tmp/inputs'));
    expect(valuesOf(args, '--chdir')).toEqual(['/tmp/tributary-task-abc']);
    expect(valuesOf(args, '--proc')).toEqual(['/proc']);
    // Everything bubblewrap made is read-only once the binds are in place.
    expect(valuesOf(args, '--remount-ro')).toEqual(['/tmp', '/dev', '/']);
    expect(args.lastIndexOf('--bind')).toBeLessThan(args.indexOf('--remount-ro'));
  });

  it('starts in cwd when given, and mounts what the command needs read-only', () => {
    const args = bubblewrapArguments({
      ...base,
      command: '/usr/bin/env',
      args: [],
      cwd: '/usr',
      mounts: [{ source: '/home/me/.node/bin/node', dest: '/opt/tributary/bin/node' }],
    });
    expect(valuesOf(args, '--chdir')).toEqual(['/usr']);
    expect(valuesOf(args, '--ro-bind')).toContain('/home/me/.node/bin/node');
    expect(valuesOf(args, '--dir')).toEqual(['/etc', '/opt/tributary/bin']);
  });
});
