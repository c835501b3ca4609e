import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isDeadHere, isProcessAlive, processKey, runtimeOpenHere } from './process-identity';

/** The pid of a process that has just exited (free, until the system hands it out again). */
function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('process identity', () => {
  // Reason: boot id and pid namespaces are Linux's; elsewhere every runtime waits for heartbeats.
  const linux = process.platform === 'linux';

  it.runIf(linux)('names the boot and the pid namespace, the same on every call', () => {
    expect(processKey()).toMatch(/^[0-9a-f-]{36}\/pid:\[\d+\]$/);
    expect(processKey()).toBe(processKey());
  });

  it.runIf(linux)('tells a gone process of this machine from a live one', () => {
    const here = processKey();
    const gone = exitedPid();
    expect(isProcessAlive(gone)).toBe(false);
    expect(isDeadHere({ id: 'rt_gone', processKey: here, pid: gone })).toBe(true);
    // Alive: the parent of this test process.
    expect(isDeadHere({ id: 'rt_parent', processKey: here, pid: process.ppid })).toBe(false);
  });

  it.runIf(linux)('never takes a process of another machine or container for dead', () => {
    const gone = exitedPid();
    expect(isDeadHere({ id: 'rt_x', processKey: 'another-boot/pid:[1]', pid: gone })).toBe(false);
    expect(isDeadHere({ id: 'rt_x', processKey: null, pid: gone })).toBe(false);
  });

  it.runIf(linux)('counts a runtime of its own pid dead unless it is open in this process', () => {
    const row = { id: 'rt_same_pid', processKey: processKey(), pid: process.pid };
    // A container restarted with pid 1: the earlier process had this very pid.
    expect(isDeadHere(row)).toBe(true);
    runtimeOpenHere(row.id, true);
    try {
      expect(isDeadHere(row)).toBe(false);
    } finally {
      runtimeOpenHere(row.id, false);
    }
  });
});
