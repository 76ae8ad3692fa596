/** A repeating task that can be stopped. */
export interface ScheduledTask {
  stop(): void;
}

/** Runs background health checks every `ms`; tests inject one they drive by hand. */
export interface HealthScheduler {
  every(ms: number, task: () => void): ScheduledTask;
}

/** The real scheduler: `setInterval`, unref'd so it never keeps the process alive. */
export const TIMER_HEALTH_SCHEDULER: HealthScheduler = {
  every(ms, task) {
    const timer = setInterval(task, ms);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  },
};
