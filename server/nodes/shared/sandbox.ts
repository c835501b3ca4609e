/**
 * Runs a script node's JavaScript in a QuickJS sandbox (WebAssembly): no access to Node, the
 * network or the file system; a deadline checked by QuickJS's interrupt handler; a memory and a
 * stack limit. The script sees `input` and `trigger` as JSON and hands back a JSON value with
 * `return`; `console.*` lines go to the node's log.
 *
 * The WebAssembly module is loaded once. A new runtime per run is disposed before `runScript`
 * returns; should QuickJS ever break its own module (a host stack overflow, a failed dispose),
 * the module is dropped and the next run loads a fresh one.
 */
import {
  newQuickJSWASMModule,
  type QuickJSContext,
  type QuickJSWASMModule,
} from 'quickjs-emscripten';
import { UserError } from '../../runtime/errors';
import { describeValue } from './values';

const FILE = 'script.js';
const STACK_BYTES = 128 * 1024;
const MAX_CONSOLE_LINES = 100;
const MAX_LINE_CHARS = 2_000;
const SETUP = `globalThis.__fdParse = (t) => (t === undefined ? undefined : JSON.parse(t));
globalThis.__fdOut = (r) => {
  if (r instanceof Promise) throw new TypeError('the script returned a Promise; scripts run synchronously, so return a value');
  return JSON.stringify(r);
};`;
const PREFIX = '__fdOut((function (input, trigger) {';
const SUFFIX = '\n})(__fdParse(__fdInput), __fdParse(__fdTrigger)));';

export type ConsoleLevel = 'debug' | 'info' | 'warn' | 'error';
export type ScriptRun = {
  code: string;
  input: unknown;
  trigger: unknown;
  timeoutMs: number;
  memoryBytes: number;
  signal: AbortSignal;
  onConsole(level: ConsoleLevel, text: string): void;
};

let modulePromise: Promise<QuickJSWASMModule> | undefined;
function loadModule(): Promise<QuickJSWASMModule> {
  modulePromise ??= newQuickJSWASMModule().catch((err: unknown) => {
    modulePromise = undefined;
    throw err;
  });
  return modulePromise;
}

function installGlobals(vm: QuickJSContext, run: ScriptRun) {
  let lines = 0;
  const consoleObject = vm.newObject();
  const levels = {
    log: 'info',
    info: 'info',
    debug: 'debug',
    warn: 'warn',
    error: 'error',
  } as const;
  for (const [name, level] of Object.entries(levels)) {
    const fn = vm.newFunction(name, (...args) => {
      if (++lines > MAX_CONSOLE_LINES) return;
      const text = args
        .map((h) => vm.dump(h))
        .map((v) => (typeof v === 'string' ? v : describeValue(v)));
      const line = text.join(' ');
      run.onConsole(
        level,
        lines === MAX_CONSOLE_LINES
          ? `${line} (console output stops here: at most ${MAX_CONSOLE_LINES} lines)`
          : line.slice(0, MAX_LINE_CHARS),
      );
    });
    vm.setProp(consoleObject, name, fn);
    fn.dispose();
  }
  vm.setProp(vm.global, 'console', consoleObject);
  consoleObject.dispose();
  for (const [name, value] of [
    ['__fdInput', run.input],
    ['__fdTrigger', run.trigger],
  ] as const) {
    const text = value === undefined ? undefined : JSON.stringify(value);
    const handle = text === undefined ? vm.undefined : vm.newString(text);
    vm.setProp(vm.global, name, handle);
    handle.dispose();
  }
  vm.unwrapResult(vm.evalCode(SETUP, 'setup.js')).dispose();
}

type Dumped = { name?: unknown; message?: unknown; stack?: unknown; lineNumber?: unknown };

function location(err: Dumped, code: string): string {
  const match = /script\.js:(\d+):(\d+)/.exec(typeof err.stack === 'string' ? err.stack : '');
  const line = match ? Number(match[1]) : typeof err.lineNumber === 'number' ? err.lineNumber : 0;
  if (line < 1 || line > code.split('\n').length) return '';
  const column = match ? Number(match[2]) - (line === 1 ? PREFIX.length : 0) : 0;
  if (match && column <= 0) return '';
  return column > 0 ? ` at line ${line}, column ${column}` : ` at line ${line}`;
}

function scriptError(thrown: unknown, run: ScriptRun): unknown {
  if (thrown === null || typeof thrown !== 'object' || !('message' in thrown))
    return new UserError('BAD_REQUEST', `script: threw ${describeValue(thrown)}`);
  const err = thrown as Dumped;
  const at = location(err, run.code);
  const name = typeof err.name === 'string' ? err.name : 'Error';
  const message = String(err.message);
  if (name === 'InternalError' && message === 'interrupted') {
    if (run.signal.aborted) return run.signal.reason;
    return new UserError(
      'BAD_REQUEST',
      `script: ran longer than its ${run.timeoutMs} ms limit (timeoutMs)${at}`,
    );
  }
  if (name === 'InternalError' && message === 'out of memory') {
    const mb = run.memoryBytes / 1024 / 1024;
    return new UserError(
      'BAD_REQUEST',
      `script: needed more than its ${mb} MB memory limit (memoryLimitMb)${at}`,
    );
  }
  if (name === 'InternalError' && message === 'stack overflow')
    return new UserError('BAD_REQUEST', `script: stack overflow (recursion too deep)${at}`);
  return new UserError('BAD_REQUEST', `script: ${name}${at}: ${message}`);
}

/** Runs the script and returns what it returned, as JSON (undefined when it returned nothing). */
export async function runScript(run: ScriptRun): Promise<unknown> {
  run.signal.throwIfAborted();
  const quickjs = await loadModule();
  let isBroken = false;
  const runtime = quickjs.newRuntime();
  const vm = runtime.newContext();
  try {
    runtime.setMemoryLimit(run.memoryBytes);
    runtime.setMaxStackSize(STACK_BYTES);
    const deadline = Date.now() + run.timeoutMs;
    runtime.setInterruptHandler(() => Date.now() > deadline || run.signal.aborted);
    installGlobals(vm, run);
    const result = vm.evalCode(`${PREFIX}${run.code}${SUFFIX}`, FILE);
    if (result.error) {
      const thrown: unknown = vm.dump(result.error);
      result.error.dispose();
      throw scriptError(thrown, run);
    }
    const text = vm.typeof(result.value) === 'string' ? vm.getString(result.value) : undefined;
    result.value.dispose();
    return text === undefined ? undefined : JSON.parse(text);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    isBroken = true;
    throw new UserError('BAD_REQUEST', 'script: stack overflow (recursion too deep)', {
      cause: err,
    });
  } finally {
    try {
      if (!isBroken) {
        vm.dispose();
        runtime.dispose();
      }
    } catch {
      isBroken = true;
    }
    if (isBroken) modulePromise = undefined;
  }
}
