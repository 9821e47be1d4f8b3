import { z } from "zod";
import { ALL_CELLS, LOCKED_CELLS, type NotificationCell } from "./categories";

const cellSchema = z.enum(ALL_CELLS as [NotificationCell, ...NotificationCell[]], { error: "Choose switches from the notifications table." });

/**
 * The matrix as the form sends it: every switched-on cell once, as "category:channel". A cell
 * that is not sent is off, so a cell that cannot be off must be sent (the page sends it with
 * its disabled switch); leaving it out is refused rather than quietly kept on.
 */
export const LOCKED_CELL_REFUSAL = "Security alerts by email cannot be turned off: they are how you learn that someone else is in your account.";

export const notificationPreferencesSchema = z.object({
  enabled: z
    .preprocess(
      (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z.array(cellSchema).max(ALL_CELLS.length, `Choose at most ${ALL_CELLS.length} switches.`),
    )
    .superRefine((cells, context) => {
      for (const cell of Object.keys(LOCKED_CELLS) as NotificationCell[]) {
        if (!cells.includes(cell)) context.addIssue({ code: "custom", message: LOCKED_CELL_REFUSAL });
      }
    }),
});
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;
