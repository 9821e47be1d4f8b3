import { Input } from "@/components/ui/input";

/** "From" and "To" day pickers of a log filter (GET form fields `from` and `to`). */
export function DateRangeFields({ from, to }: { from?: string; to?: string }) {
  return (
    <>
      <div className="space-y-1">
        <label htmlFor="from" className="block text-sm font-medium">
          From
        </label>
        <Input id="from" name="from" type="date" defaultValue={from} />
      </div>
      <div className="space-y-1">
        <label htmlFor="to" className="block text-sm font-medium">
          To
        </label>
        <Input id="to" name="to" type="date" defaultValue={to} />
      </div>
    </>
  );
}
