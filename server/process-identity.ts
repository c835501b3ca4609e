/**
 * Which processes of this machine are gone. A runtime's heartbeat row names its host and pid and,
 * on Linux, the boot and the pid namespace it ran in (`processKey`). A restarted server finds the
 * rows its predecessors left with the same key: a pid that no longer runs (or that is its own pid,
 * as in a container that restarted with pid 1) is a dead process, whose executions it resumes at
 * once instead of waiting for the heartbeat to age out. Anything it cannot prove dead (another
 * machine, another container, a pid in use again) still waits for the heartbeat.
 */
import { readFileSync, readlinkSync } from 'node:fs';

let key: string | null | undefined;

/**
 * `<boot id>/<pid namespace>` on Linux: the same for every process that can see the others' pids
 * (one machine, one container), and different after a reboot. Null where neither is readable.
 */
export function processKey(): string | null {
  if (key !== undefined) return key;
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const namespace = readlinkSync('/proc/self/ns/pid');
    key = boot && namespace ? `${boot}/${namespace}` : null;
  } catch {
    key = null;
  }
  return key;
}

/** Whether a process with this pid runs (one of another user counts: it cannot be signalled). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The runtimes open in this process (tests open several in one). */
const openHere = new Set<string>();

/** Marks a runtime of this process open (true) or closed (false). */
export function runtimeOpenHere(id: string, open: boolean) {
  if (open) openHere.add(id);
  else openHere.delete(id);
}

/**
 * Whether the runtime that wrote a heartbeat row is certainly gone: it ran where this process
 * runs, and its pid is free, or is this process's own while no runtime of that id is open here.
 */
export function isDeadHere(row: { id: string; processKey: string | null; pid: number }): boolean {
  const here = processKey();
  if (here === null || row.processKey !== here) return false;
  return row.pid === process.pid ? !openHere.has(row.id) : !isProcessAlive(row.pid);
}
