/**
 * An error whose message is written for the person using the app (what went wrong, what to do).
 * The tRPC layer turns it into the matching error code; anything else becomes a generic 500.
 */
export type AppErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS" | "PRECONDITION_FAILED";

export class AppError extends Error {
  override name = "AppError";
  constructor(
    public readonly code: AppErrorCode,
    message: string,
    public readonly field?: string,
  ) {
    super(message);
  }
}
