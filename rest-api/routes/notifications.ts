import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { NOTIFICATION_CATEGORIES } from "@/lib/notifications/categories";
import {
  IDEMPOTENCY_KEY_PATTERN,
  getSentNotification,
  notificationFields,
  notificationRecipient,
  sendNotification,
  type SentNotification,
} from "@/lib/notifications/send-notification";
import { guard, limitBody, type ApiEnv } from "../guard";
import { dateTime, idParams, json, problems } from "../schemas";

// Sending needs notifications.send (Owners, Admins, Developers: docs/decisions/0025); reading
// one back needs the same, so a key that may not send learns nothing about what was sent.
const send = guard({ kind: "write", permissions: ["notifications.send"] });
const read = guard({ kind: "read", permissions: ["notifications.send"] });

const sendBody = z
  .strictObject({
    recipient: notificationRecipient.meta({
      description: 'A member of the key\'s organization: `{"email": "…"}` or `{"userId": "…"}`.',
      example: { email: "ada@example.com" },
    }),
    category: notificationFields.category.meta({
      description: `Decides the channels by the recipient's choices: ${NOTIFICATION_CATEGORIES.map((category) => `\`${category.id}\` (${category.label})`).join(", ")}.`,
      example: "purchases",
    }),
    title: notificationFields.title.meta({ description: "Plain text, at most 200 characters: the email's subject.", example: "Your receipt for order 1042" }),
    body: notificationFields.body.meta({ description: "Plain text, at most 2,000 characters.", example: "We received your payment of €20.00." }),
    url: notificationFields.url
      .optional()
      .meta({ description: "Where the notification leads: an `https:` URL or a Latchkey path (starting with `/`).", example: "/settings/notifications" }),
  })
  .openapi("NotificationInput");

const deliveryState = z.enum(["pending", "sent", "skipped", "failed", "not_configured"]).openapi("DeliveryState", {
  description:
    "`pending`: being handed over; `sent`: handed to the mail server; `skipped`: the recipient turned this category off on this channel; `failed`: the handover failed; `not_configured`: Latchkey does not deliver on this channel yet.",
});

const NotificationSchema = z
  .object({
    id: z.string(),
    recipient: z.object({ userId: z.string() }),
    category: notificationFields.category,
    title: z.string(),
    body: z.string(),
    url: z.string().nullable(),
    createdAt: dateTime,
    channels: z.object({
      inApp: z.literal("delivered").openapi({ description: "The notification is in the recipient's bell in Latchkey, always." }),
      email: deliveryState,
      push: deliveryState,
      webhook: deliveryState,
    }),
  })
  .openapi("Notification");

const idempotencyHeaders = z.object({
  "idempotency-key": z.string().regex(IDEMPOTENCY_KEY_PATTERN, "Send 1 to 255 printable ASCII characters, such as a UUID.").optional().openapi({
    description:
      "Send the same key with the same request again (a retry) within 24 hours and the answer is the first notification, delivered once. The same key with a different request is refused (422).",
    example: "5b0c2f7e-8d1a-4c3e-9f00-2a6b1c9d7e10",
  }),
});

const sendRoute = createRoute({
  method: "post",
  path: "/notifications",
  tags: ["Notifications"],
  summary: "Send a notification to a member",
  description:
    "Puts the notification in the recipient's bell in Latchkey and delivers it on every channel the recipient left on for its category (email now; browser push and webhooks show `not_configured`). Answers 202 before the email is handed over; read its state with `GET /notifications/{id}`. Someone who is not a member of the key's organization is a 404, like an address nobody has.",
  middleware: [send, limitBody],
  request: { headers: idempotencyHeaders, body: { required: true, content: { "application/json": { schema: sendBody } } } },
  responses: {
    202: json(NotificationSchema, "Accepted: the notification and each channel's state."),
    ...problems("forbidden", "not-found", "bad-request", "payload-too-large", "unsupported-media-type", "invalid-input"),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/notifications/{id}",
  tags: ["Notifications"],
  summary: "Read a sent notification",
  description: "A notification this organization sent, with the state of each channel.",
  middleware: [read],
  request: { params: idParams },
  responses: { 200: json(NotificationSchema, "The notification."), ...problems("forbidden", "not-found", "invalid-input") },
});

function present(notification: SentNotification): z.infer<typeof NotificationSchema> {
  return { ...notification, createdAt: notification.createdAt.toISOString() };
}

export function registerNotificationRoutes(app: OpenAPIHono<ApiEnv>): void {
  app.openapi(sendRoute, async (c) => {
    const { key, member } = c.get("principal");
    const sent = await sendNotification(member, c.req.valid("json"), { apiKeyId: key.id, idempotencyKey: c.req.valid("header")["idempotency-key"] });
    return c.json(present(sent), 202);
  });
  app.openapi(getRoute, async (c) => c.json(present(await getSentNotification(c.get("principal").member, c.req.valid("param").id)), 200));
}
