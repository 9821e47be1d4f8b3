export function Logo() {
  return (
    <span className="inline-flex items-center gap-2 text-sm font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
        <circle cx="7.5" cy="15.5" r="4.5" />
        <path d="m10.7 12.3 9.3-9.3M16 7l3 3M19 4l2 2" />
      </svg>
      Latchkey
    </span>
  );
}
