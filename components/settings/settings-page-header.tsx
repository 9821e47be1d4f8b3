export function SettingsPageHeader({ title, description }: { title: string; description: string }) {
  return (
    <div className="mb-6 border-b border-zinc-200 pb-4 dark:border-zinc-800">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{description}</p>
    </div>
  );
}
