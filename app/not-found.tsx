import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">The page you asked for doesn't exist or has moved.</p>
      <Link href="/" className="mt-6 inline-block text-sm font-medium text-blue-700 underline dark:text-blue-400">
        Go to Latchkey
      </Link>
    </main>
  );
}
