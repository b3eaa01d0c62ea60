import { logger } from "../../log/logger.ts";

/** Runs a command-line task; any failure becomes one clear line on stderr and exit code 1. */
export async function runCli(task: () => Promise<void>): Promise<void> {
  try {
    await task();
    process.exit(0);
  } catch (error) {
    logger().flush?.();
    process.stderr.write(`error: ${(error as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    process.exit(1);
  }
}
