const LOCK_DEADLINE = Symbol.for("rollguard.LockDeadlineError");

/**
 * Thrown when a critical section could not be entered, or did not finish, within its deadline.
 * Recognised by a brand (as AppError): the process's write lock lives on globalThis and may have
 * been made by another copy of this module.
 */
export class LockDeadlineError extends Error {
  readonly [LOCK_DEADLINE] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && LOCK_DEADLINE in value;
  }

  constructor(
    readonly phase: "wait" | "hold",
    readonly ms: number,
  ) {
    super(phase === "wait" ? `waited ${ms} ms for the write lock` : `a write held the lock for more than ${ms} ms`);
    this.name = "LockDeadlineError";
  }
}

export interface RunOptions {
  /** give up (LockDeadlineError "wait") when the lock is not ours within this many ms */
  waitMs?: number;
  /** release the lock and reject (LockDeadlineError "hold") when fn has not settled by then */
  holdMs?: number;
  /** jump the queue of waiters (the stop path: a pause must not wait behind ingest batches) */
  priority?: boolean;
}

interface Waiter {
  priority: boolean;
  grant: () => void;
}

/**
 * Serialises async critical sections within this process (SQLite has one writer anyway). Every
 * wait and every hold can have a deadline: a section that never settles (a transaction stuck on
 * a sick disk) releases the lock when its time is up instead of hanging every write after it.
 */
export class Mutex {
  private held = false;
  private readonly waiters: Waiter[] = [];

  get busy(): boolean {
    return this.held;
  }

  get queued(): number {
    return this.waiters.length;
  }

  private acquire(options: RunOptions): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        priority: Boolean(options.priority),
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      // priority waiters go after other priority waiters, before everyone else
      const at = waiter.priority ? this.waiters.findIndex((w) => !w.priority) : -1;
      if (at === -1) this.waiters.push(waiter);
      else this.waiters.splice(at, 0, waiter);
      if (options.waitMs !== undefined) {
        timer = setTimeout(() => {
          const i = this.waiters.indexOf(waiter);
          if (i !== -1) this.waiters.splice(i, 1);
          reject(new LockDeadlineError("wait", options.waitMs!));
        }, options.waitMs);
      }
    });
  }

  private release() {
    const next = this.waiters.shift();
    if (next) next.grant();
    else this.held = false;
  }

  async run<T>(fn: () => Promise<T>, options: RunOptions = {}): Promise<T> {
    await this.acquire(options);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const work = Promise.resolve().then(fn);
      if (options.holdMs === undefined) return await work;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LockDeadlineError("hold", options.holdMs!)), options.holdMs);
      });
      work.catch(() => {}); // a late failure of abandoned work is not an unhandled rejection
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }
}
