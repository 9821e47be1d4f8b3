// Latchkey's service worker: shows browser push notifications and opens their link when one
// is clicked (docs/decisions/0026-browser-push.md). It handles no fetch and caches nothing:
// pages always come from the server.

/** A Latchkey path, or an https URL; anything else opens Latchkey's start page. */
function safeUrl(url) {
  if (typeof url === "string" && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return new URL(url, self.location.origin).href;
  if (typeof url === "string") {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === "https:") return parsed.href;
    } catch {
      // Not a URL: the start page below.
    }
  }
  return new URL("/", self.location.origin).href;
}

self.addEventListener("push", (event) => {
  let message = null;
  try {
    message = event.data ? event.data.json() : null;
  } catch {
    message = null;
  }
  // Every push must show something (userVisibleOnly); a message that cannot be read still does.
  const title = message && typeof message.title === "string" ? message.title : "Latchkey";
  const body = message && typeof message.body === "string" ? message.body : "You have a new notification.";
  const options = { body, data: { url: safeUrl(message && message.url) } };
  if (message && typeof message.tag === "string") options.tag = message.tag;
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = safeUrl(event.notification.data && event.notification.data.url);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => client.url === url);
      return open ? open.focus() : self.clients.openWindow(url);
    }),
  );
});
