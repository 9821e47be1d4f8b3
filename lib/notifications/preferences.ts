import "server-only";
import { db, type Tx } from "@/lib/db/client";
import {
  ALL_CELLS,
  CATEGORY_IDS,
  CHANNEL_IDS,
  cellOf,
  isEnabledByDefault,
  isLockedCell,
  type NotificationCategory,
  type NotificationCell,
  type NotificationChannel,
} from "./categories";

/** Every cell of the matrix for one person: their choice where they made one, else the default. */
export type NotificationMatrix = Record<NotificationCell, boolean>;

function matrixFrom(rows: readonly { category: string; channel: string; enabled: boolean }[]): NotificationMatrix {
  const matrix = Object.fromEntries(
    CATEGORY_IDS.flatMap((category) => CHANNEL_IDS.map((channel) => [cellOf(category, channel), isEnabledByDefault(category, channel)])),
  ) as NotificationMatrix;
  for (const row of rows) {
    const cell = `${row.category}:${row.channel}` as NotificationCell;
    // A row for a cell that no longer exists is ignored; a locked cell stays on whatever a row says.
    if (cell in matrix && !isLockedCell(cell)) matrix[cell] = row.enabled;
  }
  return matrix;
}

export async function getNotificationMatrix(userId: string): Promise<NotificationMatrix> {
  const rows = await db.notificationPreference.findMany({ where: { userId }, select: { category: true, channel: true, enabled: true } });
  return matrixFrom(rows);
}

/**
 * The channels on which `userId` hears about `category`, by their preferences and the
 * defaults: the one question every sender asks before delivering anything.
 */
export async function getDeliveryChannels(userId: string, category: NotificationCategory): Promise<NotificationChannel[]> {
  return (await deliveryChannelsOf(db, [userId], category)).get(userId)!;
}

/** getDeliveryChannels for several people at once, in the caller's transaction. */
export async function deliveryChannelsOf(client: Tx | typeof db, userIds: readonly string[], category: NotificationCategory): Promise<Map<string, NotificationChannel[]>> {
  const rows = await client.notificationPreference.findMany({
    where: { userId: { in: [...userIds] }, category },
    select: { userId: true, category: true, channel: true, enabled: true },
  });
  return new Map(
    userIds.map((userId) => [
      userId,
      channelsFrom(
        rows.filter((row) => row.userId === userId),
        category,
      ),
    ]),
  );
}

/** The channels on which one person's stored switches (and the defaults) let `category` through. */
export function channelsFrom(rows: readonly { category: string; channel: string; enabled: boolean }[], category: NotificationCategory): NotificationChannel[] {
  const matrix = matrixFrom(rows);
  return CHANNEL_IDS.filter((channel) => matrix[cellOf(category, channel)]);
}

async function writeCells(userId: string, cells: [NotificationCell, boolean][]): Promise<void> {
  await db.$transaction(async (tx) => {
    for (const [cell, enabled] of cells) {
      const [category, channel] = cell.split(":") as [NotificationCategory, NotificationChannel];
      await tx.notificationPreference.upsert({
        where: { userId_category_channel: { userId, category, channel } },
        create: { userId, category, channel, enabled },
        update: { enabled },
      });
    }
  });
}

/**
 * Saves the whole matrix: `enabledCells` on, every other switchable cell off. Every cell is
 * stored, so what the person saw stays theirs if the defaults change later.
 */
export async function updateNotificationPreferences(userId: string, enabledCells: readonly NotificationCell[]): Promise<void> {
  const on = new Set(enabledCells);
  await writeCells(
    userId,
    ALL_CELLS.filter((cell) => !isLockedCell(cell)).map((cell) => [cell, on.has(cell)]),
  );
}

/** Turns one category's email off (the unsubscribe link). Security email cannot be turned off. */
export async function turnOffEmail(userId: string, category: Exclude<NotificationCategory, "security">): Promise<void> {
  await writeCells(userId, [[cellOf(category, "email"), false]]);
}
