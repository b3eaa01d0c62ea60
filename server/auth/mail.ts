import type { Db } from "../db/client.ts";
import { logger } from "../log/logger.ts";

/**
 * Outgoing mail goes into the mail_outbox table; a delivery worker can send it from there. Outside
 * production each message is also logged, so a developer can follow links without a mail server.
 */
export async function queueMail(db: Pick<Db, "mailOutbox">, mail: { to: string; subject: string; body: string; kind: string }): Promise<void> {
  await db.mailOutbox.create({ data: { toEmail: mail.to, subject: mail.subject, bodyText: mail.body, kind: mail.kind } });
  if (process.env.NODE_ENV !== "production" || process.env.LOG_MAIL === "true") {
    logger().info({ to: mail.to, subject: mail.subject, kind: mail.kind, body: mail.body }, "mail queued");
  }
}

export function appOrigin(): string {
  return process.env.APP_ORIGIN ?? `http://${process.env.HOST ?? "127.0.0.1"}:${process.env.PORT ?? 3000}`;
}
