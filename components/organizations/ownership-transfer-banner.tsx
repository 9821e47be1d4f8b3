import { acceptOwnershipTransferAction, declineOwnershipTransferAction } from "@/app/(settings)/settings/organization/actions";
import type { PendingTransfer } from "@/lib/organizations/ownership-transfer";
import { OwnershipTransferButtons } from "./ownership-transfer-buttons";

/** On every settings page of the person a transfer is offered to, until they answer it. */
export function OwnershipTransferBanner({ transfer }: { transfer: PendingTransfer }) {
  return (
    <section
      aria-label={`Ownership of ${transfer.orgName}`}
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-lg border border-blue-300 bg-blue-50 px-4 py-3 text-sm text-blue-950 dark:border-blue-800 dark:bg-blue-950 dark:text-blue-100"
    >
      <p>
        {transfer.fromName} wants to make you the Owner of <strong>{transfer.orgName}</strong>. If you accept, {transfer.fromName} becomes an Admin.
      </p>
      <OwnershipTransferButtons organizationId={transfer.orgId} orgName={transfer.orgName} accept={acceptOwnershipTransferAction} decline={declineOwnershipTransferAction} />
    </section>
  );
}
